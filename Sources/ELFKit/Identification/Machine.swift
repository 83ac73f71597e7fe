/// `e_machine` (`EM_*`).
public struct Machine: ELFConstant {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }
  /// `EM_386`
  public static let i386 = Machine(rawValue: 3)
  /// `EM_PPC`
  public static let ppc = Machine(rawValue: 20)
  /// `EM_PPC64`
  public static let ppc64 = Machine(rawValue: 21)
  /// `EM_S390` (also s390x)
  public static let s390 = Machine(rawValue: 22)
  /// `EM_ARM`
  public static let arm = Machine(rawValue: 40)
  /// `EM_X86_64`
  public static let x86_64 = Machine(rawValue: 62)
  /// `EM_AARCH64`
  public static let aarch64 = Machine(rawValue: 183)
  /// `EM_RISCV`
  public static let riscv = Machine(rawValue: 243)
  /// `EM_LOONGARCH`
  public static let loongarch = Machine(rawValue: 258)

  public static let names: [UInt16: String] = [
    3: "EM_386", 8: "EM_MIPS", 20: "EM_PPC", 21: "EM_PPC64", 22: "EM_S390", 40: "EM_ARM",
    62: "EM_X86_64", 183: "EM_AARCH64", 243: "EM_RISCV", 258: "EM_LOONGARCH",
  ]
}
