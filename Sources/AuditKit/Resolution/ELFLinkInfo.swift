/// What library resolution needs to know about one ELF file.
///
/// This is deliberately independent of the ELF reader: an adapter fills it from the file header
/// (`e_ident`, `e_machine`, `e_flags`), `PT_INTERP` and the dynamic section. Tests build it by
/// hand.
public struct ELFLinkInfo: Sendable, Hashable, Codable {
  /// The byte order declared in `e_ident[EI_DATA]`.
  public enum ByteOrder: String, Sendable, Hashable, Codable {
    case little
    case big
  }

  /// `e_ident[EI_CLASS]`: 1 for 32-bit objects, 2 for 64-bit objects.
  public var elfClass: UInt8
  /// `e_ident[EI_DATA]`.
  public var byteOrder: ByteOrder
  /// `e_machine` (62 = x86-64, 183 = AArch64, 40 = ARM, ...).
  public var machine: UInt16
  /// `e_ident[EI_OSABI]` (0 = System V, 3 = GNU/Linux).
  public var osabi: UInt8
  /// `e_flags`; on ARM it carries the EABI version and the float ABI.
  public var flags: UInt32
  /// The `PT_INTERP` string, for executables.
  public var interpreter: String?
  /// The `DT_NEEDED` entries, in file order.
  public var needed: [String]
  /// `DT_SONAME`.
  public var soname: String?
  /// `DT_RPATH`, unexpanded (colon-separated, may contain `$ORIGIN`).
  public var rpath: String?
  /// `DT_RUNPATH`, unexpanded.
  public var runpath: String?

  public init(
    elfClass: UInt8, byteOrder: ByteOrder, machine: UInt16, osabi: UInt8 = 0, flags: UInt32 = 0,
    interpreter: String? = nil, needed: [String] = [], soname: String? = nil,
    rpath: String? = nil, runpath: String? = nil
  ) {
    self.elfClass = elfClass
    self.byteOrder = byteOrder
    self.machine = machine
    self.osabi = osabi
    self.flags = flags
    self.interpreter = interpreter
    self.needed = needed
    self.soname = soname
    self.rpath = rpath
    self.runpath = runpath
  }

  /// The header fields that decide whether two objects can be loaded together.
  public var identity: ELFIdentity {
    ELFIdentity(elfClass: elfClass, byteOrder: byteOrder, machine: machine, osabi: osabi, flags: flags)
  }
}

/// The header fields of an ELF file that matter for compatibility: class, byte order, machine,
/// OS ABI and flags.
public struct ELFIdentity: Sendable, Hashable, Codable {
  public var elfClass: UInt8
  public var byteOrder: ELFLinkInfo.ByteOrder
  public var machine: UInt16
  public var osabi: UInt8
  public var flags: UInt32

  public init(
    elfClass: UInt8, byteOrder: ELFLinkInfo.ByteOrder, machine: UInt16, osabi: UInt8, flags: UInt32
  ) {
    self.elfClass = elfClass
    self.byteOrder = byteOrder
    self.machine = machine
    self.osabi = osabi
    self.flags = flags
  }

  /// Whether this is a 64-bit object.
  public var is64Bit: Bool { elfClass == 2 }
}

/// Machine numbers (`e_machine`) the resolver knows by name.
public enum ELFMachine {
  public static let i386: UInt16 = 3
  public static let mips: UInt16 = 8
  public static let ppc: UInt16 = 20
  public static let ppc64: UInt16 = 21
  public static let s390: UInt16 = 22
  public static let arm: UInt16 = 40
  public static let sparcv9: UInt16 = 43
  public static let ia64: UInt16 = 50
  public static let x86_64: UInt16 = 62
  public static let aarch64: UInt16 = 183
  public static let riscv: UInt16 = 243
  public static let loongarch: UInt16 = 258
}

/// ARM `e_flags` bits (ARM IHI 0044, "ELF for the Arm Architecture").
enum ARMFlags {
  static let eabiMask: UInt32 = 0xFF00_0000
  static let eabiVersion5: UInt32 = 0x0500_0000
  static let floatSoft: UInt32 = 0x200
  static let floatHard: UInt32 = 0x400
}
