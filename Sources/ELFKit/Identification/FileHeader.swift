import BinaryKit

/// The ELF file header (`Elf32_Ehdr` / `Elf64_Ehdr`), decoded to 64-bit-wide values.
///
/// `programHeaderCount`, `sectionHeaderCount` and `sectionNameIndex` are the *effective* values:
/// when the header uses extended numbering (`e_phnum == PN_XNUM`, `e_shnum == 0`,
/// `e_shstrndx == SHN_XINDEX`) ``ELFFile`` replaces them with the values from section 0.
public struct FileHeader: Sendable, Hashable, Codable {
  public var elfClass: ELFClass
  public var encoding: ELFEncoding
  /// `e_ident[EI_OSABI]`
  public var osABI: UInt8
  /// `e_ident[EI_ABIVERSION]`
  public var abiVersion: UInt8
  public var type: ObjectType
  public var machine: Machine
  /// `e_version`
  public var version: UInt32
  public var entry: UInt64
  public var programHeaderOffset: UInt64
  public var sectionHeaderOffset: UInt64
  public var flags: UInt32
  public var headerSize: UInt16
  public var programHeaderEntrySize: UInt16
  public var programHeaderCount: UInt64
  public var sectionHeaderEntrySize: UInt16
  public var sectionHeaderCount: UInt64
  public var sectionNameIndex: UInt64
  /// The raw `e_phnum`, `e_shnum`, `e_shstrndx` before extended numbering was applied.
  public var rawCounts: [UInt16]

  /// `PN_XNUM`
  static let extendedProgramHeaderCount: UInt16 = 0xffff
  /// `SHN_XINDEX`
  static let extendedSectionIndex: UInt16 = 0xffff

  /// Decodes the header from the first bytes of a file (at least 52 or 64 bytes).
  static func parse(_ source: any ByteSource) throws(ELFError) -> FileHeader {
    let size = source.size
    let identBytes = min(size, 16)
    let ident: [UInt8]
    do { ident = try source.read(at: 0, count: Int(identBytes)) } catch {
      throw ELFError.from(error, .fileHeader)
    }
    guard ELFFile.isELF(ident) else { throw .notELF(magic: Array(ident.prefix(4))) }
    guard ident.count == 16 else {
      throw .truncated(.fileHeader, offset: 0, needed: 16, available: size)
    }
    let cls: ELFClass
    switch ident[4] {
    case 1: cls = .elf32
    case 2: cls = .elf64
    default: throw .unsupportedClass(ident[4])
    }
    let encoding: ELFEncoding
    switch ident[5] {
    case 1: encoding = .little
    case 2: encoding = .big
    default: throw .unsupportedEncoding(ident[5])
    }
    guard ident[6] == 1 else { throw .unsupportedVersion(UInt32(ident[6])) }
    let needed = UInt64(cls.fileHeaderSize)
    guard size >= needed else {
      throw .truncated(.fileHeader, offset: 0, needed: needed, available: size)
    }
    let header: FileHeader
    do {
      var r = try source.reader(at: 0, count: cls.fileHeaderSize, order: encoding.byteOrder)
      try r.skip(16)
      let type = ObjectType(rawValue: try r.u16())
      let machine = Machine(rawValue: try r.u16())
      let version = try r.u32()
      let entry = try r.word(cls)
      let phoff = try r.word(cls)
      let shoff = try r.word(cls)
      let flags = try r.u32()
      let ehsize = try r.u16()
      let phentsize = try r.u16()
      let phnum = try r.u16()
      let shentsize = try r.u16()
      let shnum = try r.u16()
      let shstrndx = try r.u16()
      header = FileHeader(
        elfClass: cls, encoding: encoding, osABI: ident[7], abiVersion: ident[8], type: type,
        machine: machine, version: version, entry: entry, programHeaderOffset: phoff,
        sectionHeaderOffset: shoff, flags: flags, headerSize: ehsize,
        programHeaderEntrySize: phentsize, programHeaderCount: UInt64(phnum),
        sectionHeaderEntrySize: shentsize, sectionHeaderCount: UInt64(shnum),
        sectionNameIndex: UInt64(shstrndx), rawCounts: [phnum, shnum, shstrndx])
    } catch {
      throw ELFError.from(error, .fileHeader)
    }
    guard header.version == 1 else { throw .unsupportedVersion(header.version) }
    return header
  }
}
