import BinaryKit

/// An ELF file opened for reading: the header, program headers and section headers (with
/// names, when there are any) are decoded once; everything else is read on demand from the
/// ``ByteSource`` by methods that throw located ``ELFError``s.
///
/// The file is never read whole: each table is fetched with one read, after its extent has
/// been checked against the file size, so no allocation exceeds the file size.
public struct ELFFile: Sendable {
  /// The bytes being read.
  public let source: any ByteSource
  /// The decoded file header (extended numbering already applied).
  public let header: FileHeader
  /// All program headers, in file order.
  public let programHeaders: [ProgramHeader]
  /// All section headers, in file order; empty when the file has none.
  public let sections: [SectionHeader]
  /// Virtual address → file offset through `PT_LOAD`.
  public let addressMap: AddressMap

  /// The size of the source in bytes.
  public var fileSize: UInt64 { source.size }
  /// 32- or 64-bit.
  public var elfClass: ELFClass { header.elfClass }
  /// The byte order of the file's fields.
  public var byteOrder: ByteOrder { header.encoding.byteOrder }

  /// Whether `firstBytes` start with the ELF magic `\x7fELF`.
  public static func isELF(_ firstBytes: [UInt8]) -> Bool {
    firstBytes.count >= 4 && firstBytes[0] == 0x7f && firstBytes[1] == 0x45
      && firstBytes[2] == 0x4c && firstBytes[3] == 0x46
  }

  /// Parses the file header and the header tables of `source`.
  public init(_ source: any ByteSource) throws(ELFError) {
    var header = try FileHeader.parse(source)
    let cls = header.elfClass, order = header.encoding.byteOrder

    // Extended numbering lives in section 0.
    var zero: SectionHeader?
    let (rawPh, rawSh, rawStr) = (header.rawCounts[0], header.rawCounts[1], header.rawCounts[2])
    if header.sectionHeaderOffset != 0 {
      if header.sectionHeaderEntrySize != UInt16(cls.sectionHeaderSize) {
        throw .invalidEntrySize(
          .sectionHeaderTable, size: UInt64(header.sectionHeaderEntrySize),
          expected: UInt64(cls.sectionHeaderSize))
      }
      if rawSh == 0 || rawStr == FileHeader.extendedSectionIndex
        || rawPh == FileHeader.extendedProgramHeaderCount
      {
        var r = try Self.region(
          source, .sectionHeader(index: 0), offset: header.sectionHeaderOffset,
          size: UInt64(cls.sectionHeaderSize), order: order)
        do { zero = try SectionHeader.decode(&r, cls) } catch {
          throw ELFError.from(error, .sectionHeader(index: 0))
        }
      }
    }
    if let zero {
      if rawSh == 0 { header.sectionHeaderCount = zero.size }
      if rawStr == FileHeader.extendedSectionIndex { header.sectionNameIndex = UInt64(zero.link) }
      if rawPh == FileHeader.extendedProgramHeaderCount {
        header.programHeaderCount = UInt64(zero.info)
      }
    }
    self.header = header
    self.source = source

    // Program headers.
    var phdrs: [ProgramHeader] = []
    if header.programHeaderCount > 0 {
      if header.programHeaderEntrySize != UInt16(cls.programHeaderSize) {
        throw .invalidEntrySize(
          .programHeaderTable, size: UInt64(header.programHeaderEntrySize),
          expected: UInt64(cls.programHeaderSize))
      }
      var r = try Self.table(
        source, .programHeaderTable, offset: header.programHeaderOffset,
        count: header.programHeaderCount, entrySize: cls.programHeaderSize, order: order)
      phdrs.reserveCapacity(Int(header.programHeaderCount))
      for i in 0..<Int(header.programHeaderCount) {
        do { phdrs.append(try ProgramHeader.decode(&r, cls)) } catch {
          throw ELFError.from(error, .programHeader(index: i))
        }
      }
    }
    self.programHeaders = phdrs
    self.addressMap = AddressMap(programHeaders: phdrs)

    // Section headers (optional).
    var shdrs: [SectionHeader] = []
    if header.sectionHeaderOffset != 0 && header.sectionHeaderCount > 0 {
      var r = try Self.table(
        source, .sectionHeaderTable, offset: header.sectionHeaderOffset,
        count: header.sectionHeaderCount, entrySize: cls.sectionHeaderSize, order: order)
      shdrs.reserveCapacity(Int(header.sectionHeaderCount))
      for i in 0..<Int(header.sectionHeaderCount) {
        do { shdrs.append(try SectionHeader.decode(&r, cls)) } catch {
          throw ELFError.from(error, .sectionHeader(index: i))
        }
      }
      try Self.resolveNames(&shdrs, header: header, source: source)
    }
    self.sections = shdrs
  }

  /// Fills in section names from the `e_shstrndx` table, when the file has one.
  private static func resolveNames(
    _ shdrs: inout [SectionHeader], header: FileHeader, source: any ByteSource
  ) throws(ELFError) {
    let index = header.sectionNameIndex
    guard index != 0 else { return }
    guard index < UInt64(shdrs.count) else {
      throw .invalidSectionNameIndex(index, sectionCount: UInt64(shdrs.count))
    }
    let table = shdrs[Int(index)]
    guard table.type != .nobits else {
      throw .invalidSectionNameIndex(index, sectionCount: UInt64(shdrs.count))
    }
    let r = try region(
      source, .sectionNameTable, offset: table.offset, size: table.size,
      order: header.encoding.byteOrder)
    var strings = StringTable(r, structure: .sectionNameTable, fileSize: source.size)
    for i in shdrs.indices {
      shdrs[i].name = try strings.string(at: UInt64(shdrs[i].nameOffset))
    }
  }

  /// The first section of `type`, if the file has section headers and one of that type.
  public func section(ofType type: SectionType) -> (index: Int, header: SectionHeader)? {
    guard let i = sections.firstIndex(where: { $0.type == type }) else { return nil }
    return (i, sections[i])
  }

  /// Checks that section `index`'s `sh_link` names an existing `SHT_STRTAB` section (the
  /// cross-check for `.dynsym` and the version sections when section headers are present).
  func checkStringTableLink(of index: Int) throws(ELFError) {
    let link = sections[index].link
    guard Int(link) < sections.count, sections[Int(link)].type == .strtab else {
      throw .invalidLink(section: index, link: link)
    }
  }

  /// The first section named `name`.
  public func section(named name: String) -> (index: Int, header: SectionHeader)? {
    guard let i = sections.firstIndex(where: { $0.name == name }) else { return nil }
    return (i, sections[i])
  }

  /// The first program header of `type`.
  public func segment(ofType type: SegmentType) -> ProgramHeader? {
    programHeaders.first { $0.type == type }
  }

  /// The raw bytes of section `index` (empty for `SHT_NOBITS`).
  public func contents(ofSection index: Int) throws(ELFError) -> [UInt8] {
    guard sections.indices.contains(index) else {
      throw .invalidLink(section: index, link: UInt32(truncatingIfNeeded: index))
    }
    let s = sections[index]
    guard s.hasFileBytes else { return [] }
    let r = try region(.section(index: index), offset: s.offset, size: s.size)
    return r.bytes
  }
}
