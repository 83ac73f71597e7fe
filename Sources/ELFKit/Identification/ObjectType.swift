/// `e_type` (`ET_*`).
public struct ObjectType: ELFConstant {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }
  /// `ET_NONE`
  public static let none = ObjectType(rawValue: 0)
  /// `ET_REL`: a relocatable object.
  public static let relocatable = ObjectType(rawValue: 1)
  /// `ET_EXEC`: a fixed-address executable.
  public static let executable = ObjectType(rawValue: 2)
  /// `ET_DYN`: a shared object or position-independent executable.
  public static let sharedObject = ObjectType(rawValue: 3)
  /// `ET_CORE`
  public static let core = ObjectType(rawValue: 4)

  public static let names: [UInt16: String] = [
    0: "NONE", 1: "REL", 2: "EXEC", 3: "DYN", 4: "CORE",
  ]
}
