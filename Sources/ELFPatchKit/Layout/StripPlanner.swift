import BinaryKit
import ELFKit

/// Plans `strip -g` / `strip -s`: which non-allocated sections go, the renumbered section
/// header table, and how the remaining non-allocated data moves down to close the gaps.
///
/// Allocated content never moves: only sections lying entirely after the last byte any program
/// header maps are compacted. Sections are renumbered, so the plan refuses (rather than
/// rewrite symbol tables) when a removed section precedes one that something refers to by
/// index: an allocated section (`.dynsym`'s `st_shndx`), or one a kept `.symtab` refers to.
struct StripPlan: Sendable, Equatable {
  var sections: [SectionHeader]
  var sectionNameIndex: UInt64
  var sectionHeaderOffset: UInt64
  var moves: [Layout.Move]
  /// Input bytes kept as they are (the loaded image).
  var keptInputPrefix: UInt64
  /// End of the new section header table: the output's size before any new segment.
  var fileEnd: UInt64
  var removed: [String]
}

enum StripPlanner {
  static let alloc: UInt64 = 0x2
  static let infoLink: UInt64 = 0x40
  static let sectionIndexTable = SectionType(rawValue: 18)
  static let group = SectionType(rawValue: 17)

  /// The plan for `level`, or `nil` when there is nothing to strip. `symbolSectionIndex` is the
  /// largest `st_shndx` below `SHN_LORESERVE` in the file's `.symtab` (0 when it has none).
  static func plan(_ t: PatchTables, level: StripLevel, symbolSectionIndex: UInt16)
    throws(PatchError.Reason) -> StripPlan?
  {
    let s = t.sections
    guard !s.isEmpty else { return nil }
    let removed = removedIndices(s, level: level, nameIndex: t.sectionNameIndex)
    guard let first = removed.min() else { return nil }
    let name = { (i: Int) in s[i].name ?? "[\(i)]" }

    // Renumbering must not touch anything referred to by index.
    if let i = s.indices.first(where: {
      $0 > first && !removed.contains($0) && (s[$0].flags & alloc != 0 || s[$0].type == group)
    }) {
      throw .unsupported(.stripWouldRenumber(section: name(i)))
    }
    let keepsSymbols = s.indices.contains { s[$0].type == .symtab && !removed.contains($0) }
    if keepsSymbols && Int(symbolSectionIndex) >= first {
      throw .unsupported(.stripWouldRenumber(section: ".symtab"))
    }
    guard s.count - removed.count < 0xff00, t.sectionNameIndex < 0xff00 else {
      throw .unsupported(.stripWouldRenumber(section: name(Int(min(t.sectionNameIndex, UInt64(s.count - 1))))))
    }

    var newIndex = [Int](repeating: 0, count: s.count)
    var next = 0
    for i in s.indices where !removed.contains(i) {
      newIndex[i] = next
      next += 1
    }
    func remap(_ link: UInt32, of i: Int) throws(PatchError.Reason) -> UInt32 {
      guard Int(link) < s.count else { return link }
      if removed.contains(Int(link)) {
        throw .unsupported(.stripLinkedSection(section: name(i), linkedTo: name(Int(link))))
      }
      return UInt32(newIndex[Int(link)])
    }

    // Keep what stays; non-allocated data after the loaded image moves down.
    let floor = max(t.loadedImageEnd, t.programHeaderOffset + UInt64(t.programHeaders.count * t.format.programHeaderSize))
    var kept: [SectionHeader] = []
    for i in s.indices where !removed.contains(i) {
      var h = s[i]
      h.link = try remap(h.link, of: i)
      if h.type == .rel || h.type == .rela || h.flags & infoLink != 0 { h.info = try remap(h.info, of: i) }
      kept.append(h)
    }
    var cursor = floor
    for h in kept where h.offset < floor && h.hasFileBytes {
      cursor = max(cursor, min(Checked.add(h.offset, h.size) ?? t.fileSize, t.fileSize))
    }
    var moves: [Layout.Move] = []
    let order = kept.indices.filter { $0 != 0 && kept[$0].offset >= floor }
      .sorted { (kept[$0].offset, $0) < (kept[$1].offset, $1) }
    for i in order {
      guard kept[i].hasFileBytes else {
        kept[i].offset = cursor
        continue
      }
      let align = max(kept[i].addressAlignment, 1)
      guard Checked.range(offset: kept[i].offset, size: kept[i].size, within: t.fileSize),
        align <= 1 << 16
      else { throw .unsupported(.sectionOutsideFile(section: kept[i].name ?? "?")) }
      cursor = (cursor + align - 1) / align * align
      moves.append(Layout.Move(from: kept[i].offset, to: cursor, size: kept[i].size))
      kept[i].offset = cursor
      cursor += kept[i].size
    }
    let word = UInt64(t.format.wordSize)
    let shoff = (cursor + word - 1) / word * word
    return StripPlan(
      sections: kept, sectionNameIndex: UInt64(newIndex[Int(t.sectionNameIndex)]),
      sectionHeaderOffset: shoff, moves: moves.filter { $0.size > 0 }, keptInputPrefix: floor,
      fileEnd: shoff + UInt64(kept.count * t.format.sectionHeaderSize),
      removed: removed.sorted().map(name))
  }

  /// The sections `strip` would remove at `level`: never allocated ones, never the section
  /// name table.
  static func removedIndices(_ s: [SectionHeader], level: StripLevel, nameIndex: UInt64) -> Set<Int> {
    var removed = Set<Int>()
    let removable = { (i: Int) in i != 0 && UInt64(i) != nameIndex && s[i].flags & alloc == 0 }
    for i in s.indices where removable(i) {
      let n = s[i].name ?? ""
      if n.hasPrefix(".debug") || n.hasPrefix(".zdebug") { removed.insert(i) }
      if level == .all && (s[i].type == .symtab || s[i].type == sectionIndexTable) { removed.insert(i) }
    }
    if level == .all {
      // The string table of a removed symbol table goes too, unless something kept uses it.
      for i in removed where s[i].type == .symtab {
        let str = Int(s[i].link)
        guard str < s.count, removable(str), s[str].type == .strtab else { continue }
        let used = s.indices.contains { !removed.contains($0) && $0 != str && Int(s[$0].link) == str && $0 != 0 }
        if !used { removed.insert(str) }
      }
    }
    // Relocations for removed sections (or against a removed symbol table) go with them.
    for i in s.indices where removable(i) && (s[i].type == .rel || s[i].type == .rela) {
      if removed.contains(Int(s[i].info)) || removed.contains(Int(s[i].link)) { removed.insert(i) }
    }
    return removed
  }
}
