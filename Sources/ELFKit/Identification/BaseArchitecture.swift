/// The base architecture of an ELF file, mapped from (machine, class, byte order, flags) the way
/// auditwheel's `lddtree._get_platform` does.
public enum BaseArchitecture: String, Sendable, Hashable, Codable, CaseIterable {
  case x86_64, i686, aarch64, armv7l, ppc64le, ppc64, s390x, riscv64, loongarch64
  /// Any other combination, or 32-bit ARM that is not EABI5 hard-float.
  case unknown

  /// The architecture of a file with this identity.
  ///
  /// `armv7l` requires `EF_ARM_EABI_VER5` and `EF_ARM_ABI_FLOAT_HARD`; anything else on
  /// `EM_ARM` is `unknown`, as in auditwheel.
  public init(machine: Machine, elfClass: ELFClass, encoding: ELFEncoding, flags: UInt32) {
    let little = encoding == .little
    switch (machine, elfClass, little) {
    case (.i386, .elf32, true): self = .i686
    case (.x86_64, .elf64, true): self = .x86_64
    case (.ppc64, .elf64, true): self = .ppc64le
    case (.ppc64, .elf64, false): self = .ppc64
    case (.riscv, .elf64, true): self = .riscv64
    case (.aarch64, .elf64, true): self = .aarch64
    case (.s390, .elf64, false): self = .s390x
    case (.loongarch, .elf64, true): self = .loongarch64
    case (.arm, .elf32, true):
      let arm = ARMFlags(flags)
      self = arm.eabiVersion == 5 && arm.isHardFloat ? .armv7l : .unknown
    default: self = .unknown
    }
  }
}

/// The ARM-specific meaning of `e_flags`.
public struct ARMFlags: Sendable, Hashable {
  /// `EF_ARM_EABIMASK`
  public static let eabiMask: UInt32 = 0xff00_0000
  /// `EF_ARM_ABI_FLOAT_HARD`
  public static let floatHard: UInt32 = 0x400
  /// `EF_ARM_ABI_FLOAT_SOFT`
  public static let floatSoft: UInt32 = 0x200

  public let rawValue: UInt32
  public init(_ rawValue: UInt32) { self.rawValue = rawValue }

  /// The EABI version (`(e_flags & EF_ARM_EABIMASK) >> 24`); 5 for current toolchains.
  public var eabiVersion: UInt8 { UInt8(truncatingIfNeeded: (rawValue & Self.eabiMask) >> 24) }
  /// Whether the hard-float ABI flag is set.
  public var isHardFloat: Bool { rawValue & Self.floatHard != 0 }
}
