/// One expanded (python, abi, platform) tag triple, lower-cased as packaging's `Tag`.
public struct WheelTag: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let python: String
  public let abi: String
  public let platform: String

  public init(python: String, abi: String, platform: String) {
    self.python = python.lowercased()
    self.abi = abi.lowercased()
    self.platform = platform.lowercased()
  }

  /// `python-abi-platform`.
  public var description: String { "\(python)-\(abi)-\(platform)" }

  public static func < (lhs: WheelTag, rhs: WheelTag) -> Bool {
    (lhs.python, lhs.abi, lhs.platform) < (rhs.python, rhs.abi, rhs.platform)
  }
}
