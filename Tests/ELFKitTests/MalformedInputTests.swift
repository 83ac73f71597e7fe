import BinaryKit
import Testing

@testable import ELFKit

/// Damaged copies of good files: every failure is a specific, located ``ELFError``; nothing
/// crashes, hangs, or reads (and so allocates) more than the file holds.
@Suite struct MalformedInputTests {
  /// The x86-64 versioned library (GNU hash, 3 version definitions, 2 version needs).
  static func good(_ suffix: String = "lib-gcc.so") throws -> ELFEditor {
    let built = try CrossBuild.build()
    return try ELFEditor(path: built.directory + "/" + suffix)
  }

  /// The same, without section headers and cut after the last segment (`sstrip`).
  static func sstripped(_ suffix: String = "lib-gcc.so") throws -> ELFEditor {
    var e = try good(suffix)
    try e.stripSectionHeaders(truncate: true)
    return e
  }

  /// Parses `bytes` and returns the error, checking that no single read exceeded the file.
  static func failure(_ bytes: [UInt8]) -> ELFError? {
    let source = CountingSource(bytes)
    defer { #expect(source.largestRead <= bytes.count) }
    do {
      _ = try ELFFacts.parse(source)
      return nil
    } catch {
      return error
    }
  }

  static func expect(
    _ bytes: [UInt8], _ expected: ELFError, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let actual = failure(bytes)
    #expect(actual == expected, "got \(actual.map(String.init(describing:)) ?? "success")",
      sourceLocation: sourceLocation)
  }

  // MARK: The file header

  @Test func shortFilesFailInTheHeader() throws {
    let e = try Self.good()
    Self.expect(Array(e.bytes.prefix(3)), .notELF(magic: Array(e.bytes.prefix(3))))
    Self.expect(Array(e.bytes.prefix(10)), .truncated(.fileHeader, offset: 0, needed: 16, available: 10))
    Self.expect(Array(e.bytes.prefix(40)), .truncated(.fileHeader, offset: 0, needed: 64, available: 40))
    Self.expect([0x7f, 0x45, 0x4c, 0x46, 3] + Array(repeating: 0, count: 59), .unsupportedClass(3))
    Self.expect([0x7f, 0x45, 0x4c, 0x46, 2, 7] + Array(repeating: 0, count: 58), .unsupportedEncoding(7))
    Self.expect([0x7f, 0x45, 0x4c, 0x46, 2, 1, 9] + Array(repeating: 0, count: 57), .unsupportedVersion(9))
    Self.expect([0x4d, 0x5a, 0x90, 0, 3], .notELF(magic: [0x4d, 0x5a, 0x90, 0]))
  }

  // MARK: Header tables

  @Test func programHeadersPastTheEnd() throws {
    var e = try Self.good()
    let count = try e.file.header.programHeaderCount
    e.put(e.size - 56, width: 8, at: e.phoffField)
    Self.expect(e.bytes, .truncated(.programHeaderTable, offset: e.size - 56, needed: count * 56, available: 56))
    e.put(UInt64.max, width: 8, at: e.phoffField)
    Self.expect(e.bytes, .rangeOutsideFile(.programHeaderTable, offset: .max, size: count * 56, fileSize: e.size))
  }

  @Test func sectionHeadersPastTheEnd() throws {
    var e = try Self.good()
    let count = try e.file.header.sectionHeaderCount
    e.put(e.size - 64, width: 8, at: e.shoffField)
    Self.expect(e.bytes, .truncated(.sectionHeaderTable, offset: e.size - 64, needed: count * 64, available: 64))
    e.put(UInt64.max, width: 8, at: e.shoffField)
    Self.expect(e.bytes, .rangeOutsideFile(.sectionHeaderTable, offset: .max, size: count * 64, fileSize: e.size))
  }

  @Test func absurdHeaderCounts() throws {
    var e = try Self.good()
    e.put(0xfffe, width: 2, at: e.phnumField)
    Self.expect(e.bytes, .countTooLarge(.programHeaderTable, offset: 64, count: 0xfffe, entrySize: 56, fileSize: e.size))
    // PN_XNUM without section headers is taken literally.
    var s = try Self.sstripped()
    s.put(0xffff, width: 2, at: s.phnumField)
    Self.expect(s.bytes, .countTooLarge(.programHeaderTable, offset: 64, count: 0xffff, entrySize: 56, fileSize: s.size))
    // e_shnum == 0: the count comes from section 0's sh_size.
    var x = try Self.good()
    let shoff = try x.file.header.sectionHeaderOffset
    x.put(0, width: 2, at: x.shnumField)
    let size0 = try x.shdrSizeField(0)
    x.put(UInt64(1) << 40, width: size0.width, at: size0.at)
    Self.expect(x.bytes, .countTooLarge(.sectionHeaderTable, offset: shoff, count: 1 << 40, entrySize: 64, fileSize: x.size))
  }

  @Test func sectionLinksAndNameIndex() throws {
    var e = try Self.good()
    let count = try e.file.header.sectionHeaderCount
    e.put(count + 5, width: 2, at: e.shstrndxField)
    Self.expect(e.bytes, .invalidSectionNameIndex(count + 5, sectionCount: count))
    var l = try Self.good()
    let dynsym = try requireValue(l.file.section(ofType: .dynsym)?.index, ".dynsym")
    l.put(0xffff, width: 4, at: try l.shdrLinkField(dynsym))
    Self.expect(l.bytes, .invalidLink(section: dynsym, link: 0xffff))
  }

  // MARK: Dynamic section and strings

  @Test func dynamicSectionPastTheEnd() throws {
    var e = try Self.good()
    let index = try e.segmentIndex(.dynamic)
    let filesz = try e.file.programHeaders[index].fileSize
    try e.setSegment(index, field: 1, e.size - 16)
    Self.expect(e.bytes, .truncated(.dynamicSection, offset: e.size - 16, needed: filesz / 16 * 16, available: 16))
    var h = try Self.good()
    try h.setSegment(index, field: 4, .max)
    Self.expect(h.bytes, .countTooLarge(.dynamicSection, offset: try h.file.programHeaders[index].offset, count: .max / 16, entrySize: 16, fileSize: h.size))
  }

  @Test func stringTableSizes() throws {
    var e = try Self.good()
    let strtab = try e.offset(ofDynamicAddress: .strtab)
    try e.setDynamic(.strsz, e.size - strtab + 1)
    Self.expect(e.bytes, .truncated(.dynamicStringTable, offset: strtab, needed: e.size - strtab + 1, available: e.size - strtab))
    try e.setDynamic(.strsz, .max)
    Self.expect(e.bytes, .rangeOutsideFile(.dynamicStringTable, offset: strtab, size: .max, fileSize: e.size))
  }

  @Test func stringOffsetsOutOfRange() throws {
    var e = try Self.good()
    let strsz = try requireValue(e.file.dynamicInfo().stringTableSize, "DT_STRSZ")
    try e.setDynamic(.soname, strsz + 100)
    Self.expect(e.bytes, .stringOffsetOutOfRange(table: .dynamicStringTable, offset: strsz + 100))
    var n = try Self.good()
    try n.setDynamic(.needed, .max)
    Self.expect(n.bytes, .stringOffsetOutOfRange(table: .dynamicStringTable, offset: .max))
  }

  @Test func unmappedAddresses() throws {
    var e = try Self.good()
    try e.setDynamic(.strtab, 0x7fff_0000_0000)
    Self.expect(e.bytes, .addressNotMapped(.dynamicStringTable, address: 0x7fff_0000_0000))
    var v = try Self.good()
    try v.setDynamic(.versym, 0x7fff_0000_0000)
    Self.expect(v.bytes, .addressNotMapped(.versionSymbolTable, address: 0x7fff_0000_0000))
  }

  // MARK: Symbols, hash tables, versions, notes (on the sstripped file, where the tables are
  // found only through the dynamic section; the last bytes of the file are the last segment's)

  @Test func symbolTablesPastTheEnd() throws {
    var e = try Self.good()
    let (index, dynsym) = try requireValue(e.file.section(ofType: .dynsym), ".dynsym")
    let symtab = try e.offset(ofDynamicAddress: .symtab)
    let count = (e.size - symtab) / 24 + 1
    let field = try e.shdrSizeField(index)
    e.put(count * 24, width: field.width, at: field.at)
    Self.expect(e.bytes, .truncated(.dynamicSymbolTable, offset: symtab, needed: count * 24, available: e.size - symtab))
    #expect(dynsym.size < count * 24)
    // SysV nchain = 2^32 - 1.
    var h = try Self.sstripped("lib-gcc-sysv.so")
    let hash = try h.offset(ofDynamicAddress: .hash)
    h.put(0xffff_ffff, width: 4, at: Int(hash) + 4)
    Self.expect(h.bytes, .countTooLarge(.dynamicSymbolTable, offset: try h.offset(ofDynamicAddress: .symtab), count: 0xffff_ffff, entrySize: 24, fileSize: h.size))
  }

  @Test func hashTablesPastTheEnd() throws {
    var g = try Self.sstripped()
    try g.setDynamic(.gnuHash, try g.address(ofOffset: g.size - 8))
    Self.expect(g.bytes, .truncated(.gnuHashTable, offset: g.size - 8, needed: 16, available: 8))
    var b = try Self.sstripped()
    let gnu = try b.offset(ofDynamicAddress: .gnuHash)
    b.put(0xffff_ffff, width: 4, at: Int(gnu))
    let bloom = try b.get(width: 4, at: Int(gnu) + 8)
    Self.expect(b.bytes, .countTooLarge(.gnuHashTable, offset: gnu + 16 + bloom * 8, count: 0xffff_ffff, entrySize: 4, fileSize: b.size))
    var s = try Self.sstripped("lib-gcc-sysv.so")
    try s.setDynamic(.hash, try s.address(ofOffset: s.size - 4))
    Self.expect(s.bytes, .truncated(.hashTable, offset: s.size - 4, needed: 8, available: 4))
  }

  @Test func versionTablesPastTheEnd() throws {
    let count = UInt64(try Self.good().file.dynamicSymbols().count)
    var v = try Self.sstripped()
    try v.setDynamic(.versym, try v.address(ofOffset: v.size - 2))
    Self.expect(v.bytes, .truncated(.versionSymbolTable, offset: v.size - 2, needed: count * 2, available: 2))
    var n = try Self.sstripped()
    try n.setDynamic(.verneed, try n.address(ofOffset: n.size - 8))
    let needAt = n.size - 8
    Self.expect(n.bytes, .truncated(.versionNeed(offset: needAt), offset: needAt, needed: 16, available: 8))
    var d = try Self.sstripped()
    try d.setDynamic(.verdef, try d.address(ofOffset: d.size - 8))
    let defAt = d.size - 8
    Self.expect(d.bytes, .truncated(.versionDefinition(offset: defAt), offset: defAt, needed: 20, available: 8))
  }

  @Test func versionChainsThatLoopOrLeaveTheFile() throws {
    // vn_next = 0 on the first of two needs: the chain would revisit itself.
    var n = try Self.good()
    let need = try n.offset(ofDynamicAddress: .verneed)
    #expect(try n.file.dynamicInfo().versionNeedCount == 2)
    n.put(0, width: 4, at: Int(need) + 12)
    Self.expect(n.bytes, .malformedVersionChain(.versionNeed(offset: need), offset: need))
    // vn_next pointing far past the end of the file.
    n.put(0xffff_fff0, width: 4, at: Int(need) + 12)
    Self.expect(n.bytes, .malformedVersionChain(.versionNeed(offset: need), offset: need))
    // vd_next = 0 on the first of three definitions.
    var d = try Self.good()
    let def = try d.offset(ofDynamicAddress: .verdef)
    d.put(0, width: 4, at: Int(def) + 16)
    Self.expect(d.bytes, .malformedVersionChain(.versionDefinition(offset: def), offset: def))
    // vna_next = 0 inside an entry with several versions.
    var a = try ELFEditor(path: "/usr/bin/ls")
    let multi = try requireValue(
      ELFFacts.parse(InMemoryBytes(a.bytes)).versionNeeds.first { $0.versions.count > 1 },
      "need with 2 versions")
    let auxAt = multi.offset + UInt64(try a.get(width: 4, at: Int(multi.offset) + 8))
    a.put(0, width: 4, at: Int(auxAt) + 12)
    Self.expect(a.bytes, .malformedVersionChain(.versionNeedAux(offset: auxAt), offset: auxAt))
    // An absurd DT_VERNEEDNUM cannot make the walk run past the last entry.
    var c = try Self.good()
    try c.setDynamic(.verneednum, .max)
    let facts = try ELFFacts.parse(InMemoryBytes(try Self.good().bytes))
    let last = try requireValue(facts.versionNeeds.last?.offset, "last need")
    Self.expect(c.bytes, .malformedVersionChain(.versionNeed(offset: last), offset: last))
  }

  /// One-byte steps through overlapping records with the largest counts the fields allow: the
  /// walk is bounded by the file size (each record is charged against it) and fails located.
  @Test func overlappingChainsAreBounded() throws {
    var n = try ELFEditor(path: "/usr/bin/ls")
    let need = try n.offset(ofDynamicAddress: .verneed)
    try n.setDynamic(.verneednum, .max)
    let aux = need + (try n.get(width: 4, at: Int(need) + 8))
    n.put(0xffff, width: 2, at: Int(need) + 2)  // vn_cnt
    n.put(1, width: 4, at: Int(aux) + 12)  // vna_next
    let error = try requireValue(Self.failure(n.bytes), "an error")
    switch error {
    case .countTooLarge(.versionNeedAux, _, _, _, _), .stringOffsetOutOfRange,
      .unterminatedString, .malformedVersionChain(.versionNeedAux, _):
      break
    default: Issue.record("unexpected \(error)")
    }
    // Every aux record reads a valid name: many definitions sharing one string, one byte apart.
    var d = try Self.good()
    let def = try d.offset(ofDynamicAddress: .verdef)
    d.put(0xffff, width: 2, at: Int(def) + 6)  // vd_cnt
    let daux = def + (try d.get(width: 4, at: Int(def) + 12))
    d.put(8, width: 4, at: Int(daux) + 4)  // vda_next = 8: walks over the following records
    #expect(Self.failure(d.bytes) != nil)
  }

  @Test func notesPastTheEnd() throws {
    var e = try Self.sstripped()
    let index = try e.segmentIndex(.note)
    let filesz = try e.file.programHeaders[index].fileSize
    try e.setSegment(index, field: 1, e.size - 8)
    Self.expect(e.bytes, .truncated(.noteRegion(offset: e.size - 8), offset: e.size - 8, needed: filesz, available: 8))
    // A note whose descriptor size runs past its region.
    var d = try Self.sstripped()
    let note = try d.file.programHeaders[index].offset
    d.put(0x7fff_ffff, width: 4, at: Int(note) + 4)
    Self.expect(d.bytes, .malformedNote(.note(offset: note), offset: note))
  }

  @Test func bigEndianDamageIsLocatedToo() throws {
    var e = try Self.good("lib-s390x-linux-gnu-gcc.so")
    #expect(e.order == .big)
    let strtab = try e.offset(ofDynamicAddress: .strtab)
    try e.setDynamic(.strsz, e.size - strtab + 1)
    Self.expect(e.bytes, .truncated(.dynamicStringTable, offset: strtab, needed: e.size - strtab + 1, available: e.size - strtab))
    var h = try Self.sstripped("lib-s390x-linux-gnu-gcc-sysv.so")
    let hash = try h.offset(ofDynamicAddress: .hash)
    h.put(UInt64(1) << 40, width: 8, at: Int(hash) + 8)  // 8-byte nchain on 64-bit s390x
    Self.expect(h.bytes, .countTooLarge(.dynamicSymbolTable, offset: try h.offset(ofDynamicAddress: .symtab), count: 1 << 40, entrySize: 24, fileSize: h.size))
  }

  /// Cuts the sstripped file at the start, the second byte and the last byte of every
  /// structure the reader visits: each cut yields a located error about a structure that
  /// really extends past the cut.
  @Test(arguments: ["lib-gcc.so", "lib-gcc-sysv.so", "lib-s390x-linux-gnu-gcc.so", "lib-arm-linux-gnueabihf-gcc.so"])
  func truncationAtEveryStructureBoundary(_ name: String) throws {
    let e = try Self.sstripped(name)
    let f = try e.file
    let info = try f.dynamicInfo()
    var starts: [UInt64] = [0, 16, f.header.programHeaderOffset]
    starts += f.programHeaders.map(\.offset)
    for tag in [DynamicTag.strtab, .symtab, .versym, .verneed, .verdef, .hash, .gnuHash]
    where info.value(of: tag) != nil {
      starts.append(try e.offset(ofDynamicAddress: tag))
    }
    var cuts = Set<UInt64>()
    for s in starts { cuts.formUnion([s, s + 1]); if s > 0 { cuts.insert(s - 1) } }
    var checked = 0
    for cut in cuts.sorted() where cut < e.size {
      let error = try requireValue(Self.failure(Array(e.bytes.prefix(Int(cut)))), "error for cut at \(cut)")
      checked += 1
      switch error {
      case .truncated(_, let offset, let needed, let available):
        #expect(offset < cut && offset + needed > cut && available == cut - offset, "\(error)")
      case .rangeOutsideFile(_, let offset, _, let fileSize):
        #expect(offset >= cut && fileSize == cut, "\(error)")
      case .countTooLarge(_, _, let count, let entrySize, let fileSize):
        #expect(count * entrySize > fileSize && fileSize == cut, "\(error)")
      case .notELF:
        #expect(cut < 4)
      case .malformedVersionChain(_, let offset), .malformedNote(_, let offset):
        #expect(offset < cut, "\(error)")  // the entry whose next/size leaves the cut file
      default:
        Issue.record("cut at \(cut): unexpected \(error)")
      }
    }
    #expect(checked >= 12)
  }
}
