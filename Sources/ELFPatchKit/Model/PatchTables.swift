import BinaryKit
import ELFKit

/// Everything the layout planner needs to know about the input, read once through ELFKit:
/// header tables, the dynamic array (with its capacity in slots), the dynamic string table's
/// bytes and address, and where each `.gnu.version_r` entry lives.
///
/// A plain value: ``LayoutPlanner`` is a pure function of these tables and a ``PatchPlan``, so
/// tests can build them by hand.
public struct PatchTables: Sendable, Equatable {
  public var format: ELFFormat
  public var type: ObjectType
  public var machine: Machine
  public var fileSize: UInt64
  /// `e_phoff`
  public var programHeaderOffset: UInt64
  public var programHeaders: [ProgramHeader]
  /// `e_shoff` (0 without section headers).
  public var sectionHeaderOffset: UInt64
  /// Section headers, empty when the file has none.
  public var sections: [SectionHeader]
  /// `e_shstrndx`
  public var sectionNameIndex: UInt64
  /// Whether the file has `PT_INTERP` (an executable the kernel maps, which reads `AT_PHDR`).
  public var hasInterpreter: Bool
  /// The dynamic array.
  public var dynamic: DynamicTable
  /// The dynamic string table: `DT_STRSZ` bytes at `DT_STRTAB`.
  public var strings: [UInt8]
  /// `DT_STRTAB`
  public var stringTableAddress: UInt64
  /// The file offset `DT_STRTAB` maps to.
  public var stringTableOffset: UInt64
  /// `.gnu.version_r` entries: the file offset of each `Elf_Verneed` and its `vn_file`.
  public var versionNeeds: [VersionNeedLocation]
  /// The bytes just after the program header table (one entry's worth, fewer at the end of
  /// the file): the table can grow in place only if they are free and zero.
  public var bytesAfterProgramHeaders: [UInt8]
  /// The largest `st_shndx` below `SHN_LORESERVE` in `.symtab` (0 without one; read only when
  /// stripping debug sections keeps `.symtab`, which then must not be renumbered).
  public var largestSymbolSectionIndex: UInt16

  /// The dynamic array as `PT_DYNAMIC` describes it.
  public struct DynamicTable: Sendable, Equatable {
    /// Entries before the first `DT_NULL`.
    public var entries: [DynamicEntry]
    /// `PT_DYNAMIC` `p_offset`.
    public var offset: UInt64
    /// `PT_DYNAMIC` `p_vaddr`.
    public var address: UInt64
    /// How many entries fit in `p_filesz`, the terminating `DT_NULL` included.
    public var slots: Int
    /// `p_flags` of the `PT_LOAD` that holds it.
    public var loadFlags: UInt32

    public init(entries: [DynamicEntry], offset: UInt64, address: UInt64, slots: Int, loadFlags: UInt32) {
      self.entries = entries
      self.offset = offset
      self.address = address
      self.slots = slots
      self.loadFlags = loadFlags
    }
  }

  /// Where one `Elf_Verneed` is, and which file it names.
  public struct VersionNeedLocation: Sendable, Equatable {
    /// File offset of the `Elf_Verneed`; `vn_file` is the 32-bit field 4 bytes in.
    public var offset: UInt64
    public var file: String

    public init(offset: UInt64, file: String) {
      self.offset = offset
      self.file = file
    }
  }
}

extension PatchTables {
  /// Reads the tables of `file`, whose facts (already parsed) supply the version needs.
  static func read(_ file: ELFFile, facts: ELFFacts, readSymbolTable: Bool) throws(PatchError.Reason)
    -> PatchTables
  {
    let h = file.header
    guard h.type == .sharedObject || h.type == .executable else {
      throw .unsupported(.objectType(h.type))
    }
    let format = ELFFormat(elfClass: h.elfClass, byteOrder: file.byteOrder)
    if h.rawCounts.first == 0xffff || !file.programHeaders.isEmpty
      && Int(h.programHeaderEntrySize) != format.programHeaderSize
    {
      throw .unsupported(.programHeaderTable)
    }
    for (i, p) in file.programHeaders.enumerated() {
      // Every segment must lie in the file and in the address space: everything below relies
      // on `offset + size` and `vaddr + memsz` not wrapping.
      guard let end = Checked.add(p.offset, p.fileSize), end <= file.fileSize,
        let top = Checked.add(p.virtualAddress, p.memorySize), top <= format.maxAddress,
        p.type != .load || p.fileSize <= p.memorySize
      else { throw .unsupported(.segmentOutsideFile(index: i)) }
    }
    guard let dynSeg = file.segment(ofType: .dynamic) else { throw .unsupported(.noDynamicSegment) }
    guard let holder = file.programHeaders.first(where: { $0.type == .load && $0.mapsFile(of: dynSeg) })
    else { throw .unsupported(.dynamicOutsideLoad) }

    let entries: [DynamicEntry]
    do { entries = try file.dynamicEntries().entries } catch { throw .unreadable(error) }
    let dynamic = DynamicTable(
      entries: entries, offset: dynSeg.offset, address: dynSeg.virtualAddress,
      slots: Int(dynSeg.fileSize / UInt64(format.dynamicEntrySize)), loadFlags: holder.flags)

    guard let strtab = entries.first(where: { $0.tag == .strtab })?.value,
      let strsz = entries.first(where: { $0.tag == .strsz })?.value,
      let (strOffset, available) = file.addressMap.lookup(strtab), strsz <= available,
      let count = Checked.int(strsz)
    else { throw .unsupported(.noDynamicStringTable) }
    let strings: [UInt8]
    do { strings = try file.source.read(at: strOffset, count: count) } catch {
      throw .unreadable(.truncated(.dynamicStringTable, offset: strOffset, needed: strsz, available: error.available))
    }

    let tableEnd =
      h.programHeaderOffset + UInt64(file.programHeaders.count * format.programHeaderSize)
    let after = min(UInt64(format.programHeaderSize), file.fileSize - min(tableEnd, file.fileSize))
    let slack = (try? file.source.read(at: tableEnd, count: Int(after))) ?? []

    return PatchTables(
      format: format, type: h.type, machine: h.machine, fileSize: file.fileSize,
      programHeaderOffset: h.programHeaderOffset, programHeaders: file.programHeaders,
      sectionHeaderOffset: file.sections.isEmpty ? 0 : h.sectionHeaderOffset,
      sections: file.sections, sectionNameIndex: h.sectionNameIndex,
      hasInterpreter: file.segment(ofType: .interp) != nil, dynamic: dynamic,
      strings: strings, stringTableAddress: strtab, stringTableOffset: strOffset,
      versionNeeds: facts.versionNeeds.map { VersionNeedLocation(offset: $0.offset, file: $0.file) },
      bytesAfterProgramHeaders: slack,
      largestSymbolSectionIndex: readSymbolTable ? try largestSymbolSectionIndex(file, format) : 0)
  }

  /// The largest section index a `.symtab` symbol refers to (`st_shndx`, at byte 14 of an
  /// `Elf32_Sym` and byte 6 of an `Elf64_Sym`).
  static func largestSymbolSectionIndex(_ file: ELFFile, _ format: ELFFormat)
    throws(PatchError.Reason) -> UInt16
  {
    var largest: UInt16 = 0
    let size = format.is64 ? 24 : 16, field = format.is64 ? 6 : 14
    for (i, s) in file.sections.enumerated() where s.type == .symtab {
      let bytes: [UInt8]
      do { bytes = try file.contents(ofSection: i) } catch { throw .unreadable(error) }
      let r = ByteReader(bytes, order: format.byteOrder)
      var at = 0
      while at + size <= bytes.count {
        // In range by the loop condition: the read cannot fail.
        let index = (try? r.u16(at: at + field)) ?? 0
        if index < 0xff00 { largest = max(largest, index) }
        at += size
      }
    }
    return largest
  }

  /// The end of the last byte any program header maps from the file: nothing below it moves.
  /// (``read(_:facts:)`` checked that no segment's end wraps.)
  var loadedImageEnd: UInt64 {
    programHeaders.map { $0.offset + $0.fileSize }.max() ?? UInt64(format.fileHeaderSize)
  }
}

extension ProgramHeader {
  /// Whether this segment's file image contains `other`'s, at the same relative position in
  /// memory (so the loader sees `other`'s bytes at `other.p_vaddr`).
  func mapsFile(of other: ProgramHeader) -> Bool {
    guard offset <= other.offset, other.virtualAddress >= virtualAddress,
      other.offset - offset == other.virtualAddress - virtualAddress,
      let end = Checked.add(other.offset, other.fileSize),
      let mine = Checked.add(offset, fileSize)
    else { return false }
    return end <= mine
  }
}
