/// A section header's `sh_type` (`SHT_*`).
public struct SectionType: ELFConstant {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// `SHT_NULL`
  public static let null = SectionType(rawValue: 0)
  /// `SHT_PROGBITS`
  public static let progbits = SectionType(rawValue: 1)
  /// `SHT_SYMTAB`
  public static let symtab = SectionType(rawValue: 2)
  /// `SHT_STRTAB`
  public static let strtab = SectionType(rawValue: 3)
  /// `SHT_RELA`
  public static let rela = SectionType(rawValue: 4)
  /// `SHT_HASH`
  public static let hash = SectionType(rawValue: 5)
  /// `SHT_DYNAMIC`
  public static let dynamic = SectionType(rawValue: 6)
  /// `SHT_NOTE`
  public static let note = SectionType(rawValue: 7)
  /// `SHT_NOBITS`
  public static let nobits = SectionType(rawValue: 8)
  /// `SHT_REL`
  public static let rel = SectionType(rawValue: 9)
  /// `SHT_DYNSYM`
  public static let dynsym = SectionType(rawValue: 11)
  /// `SHT_GNU_HASH`
  public static let gnuHash = SectionType(rawValue: 0x6fff_fff6)
  /// `SHT_GNU_verdef` (`.gnu.version_d`)
  public static let gnuVerdef = SectionType(rawValue: 0x6fff_fffd)
  /// `SHT_GNU_verneed` (`.gnu.version_r`)
  public static let gnuVerneed = SectionType(rawValue: 0x6fff_fffe)
  /// `SHT_GNU_versym` (`.gnu.version`)
  public static let gnuVersym = SectionType(rawValue: 0x6fff_ffff)

  public static let names: [UInt32: String] = [
    0: "NULL", 1: "PROGBITS", 2: "SYMTAB", 3: "STRTAB", 4: "RELA", 5: "HASH", 6: "DYNAMIC",
    7: "NOTE", 8: "NOBITS", 9: "REL", 11: "DYNSYM", 14: "INIT_ARRAY", 15: "FINI_ARRAY",
    0x6fff_fff6: "GNU_HASH", 0x6fff_fffd: "VERDEF", 0x6fff_fffe: "VERNEED",
    0x6fff_ffff: "VERSYM",
  ]
}
