/// A dynamic entry's `d_tag` (`DT_*`).
public struct DynamicTag: ELFConstant {
  public let rawValue: UInt64
  public init(rawValue: UInt64) { self.rawValue = rawValue }

  /// `DT_NULL`: ends the dynamic array.
  public static let null = DynamicTag(rawValue: 0)
  /// `DT_NEEDED`: a required library (string).
  public static let needed = DynamicTag(rawValue: 1)
  /// `DT_HASH`: SysV hash table address.
  public static let hash = DynamicTag(rawValue: 4)
  /// `DT_STRTAB`: dynamic string table address.
  public static let strtab = DynamicTag(rawValue: 5)
  /// `DT_SYMTAB`: dynamic symbol table address.
  public static let symtab = DynamicTag(rawValue: 6)
  /// `DT_STRSZ`: dynamic string table size.
  public static let strsz = DynamicTag(rawValue: 10)
  /// `DT_SYMENT`: symbol entry size.
  public static let syment = DynamicTag(rawValue: 11)
  /// `DT_SONAME`: the shared object name (string).
  public static let soname = DynamicTag(rawValue: 14)
  /// `DT_RPATH`: library search path, searched before `LD_LIBRARY_PATH` (string).
  public static let rpath = DynamicTag(rawValue: 15)
  /// `DT_RUNPATH`: library search path, searched after `LD_LIBRARY_PATH` (string).
  public static let runpath = DynamicTag(rawValue: 29)
  /// `DT_FLAGS`
  public static let flags = DynamicTag(rawValue: 30)
  /// `DT_GNU_HASH`: GNU hash table address.
  public static let gnuHash = DynamicTag(rawValue: 0x6fff_fef5)
  /// `DT_VERSYM`: symbol version table address (`.gnu.version`).
  public static let versym = DynamicTag(rawValue: 0x6fff_fff0)
  /// `DT_FLAGS_1`
  public static let flags1 = DynamicTag(rawValue: 0x6fff_fffb)
  /// `DT_VERDEF`: version definitions address (`.gnu.version_d`).
  public static let verdef = DynamicTag(rawValue: 0x6fff_fffc)
  /// `DT_VERDEFNUM`: number of version definitions.
  public static let verdefnum = DynamicTag(rawValue: 0x6fff_fffd)
  /// `DT_VERNEED`: version needs address (`.gnu.version_r`).
  public static let verneed = DynamicTag(rawValue: 0x6fff_fffe)
  /// `DT_VERNEEDNUM`: number of version needs.
  public static let verneednum = DynamicTag(rawValue: 0x6fff_ffff)

  public static let names: [UInt64: String] = [
    0: "NULL", 1: "NEEDED", 2: "PLTRELSZ", 3: "PLTGOT", 4: "HASH", 5: "STRTAB", 6: "SYMTAB",
    7: "RELA", 8: "RELASZ", 9: "RELAENT", 10: "STRSZ", 11: "SYMENT", 12: "INIT", 13: "FINI",
    14: "SONAME", 15: "RPATH", 16: "SYMBOLIC", 17: "REL", 18: "RELSZ", 19: "RELENT",
    20: "PLTREL", 21: "DEBUG", 22: "TEXTREL", 23: "JMPREL", 24: "BIND_NOW", 25: "INIT_ARRAY",
    26: "FINI_ARRAY", 27: "INIT_ARRAYSZ", 28: "FINI_ARRAYSZ", 29: "RUNPATH", 30: "FLAGS",
    32: "PREINIT_ARRAY", 33: "PREINIT_ARRAYSZ", 35: "RELRSZ", 36: "RELR", 37: "RELRENT",
    0x6fff_fef5: "GNU_HASH", 0x6fff_fff0: "VERSYM", 0x6fff_fff9: "RELACOUNT",
    0x6fff_fffa: "RELCOUNT", 0x6fff_fffb: "FLAGS_1", 0x6fff_fffc: "VERDEF",
    0x6fff_fffd: "VERDEFNUM", 0x6fff_fffe: "VERNEED", 0x6fff_ffff: "VERNEEDNUM",
  ]
}
