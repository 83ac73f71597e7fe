import BinaryKit
import ELFKit

extension LayoutPlanner {
  /// Case (b)/(c): fills `layout` with a new `PT_LOAD` at the end of the file holding
  /// `[program headers][.dynstr][.dynamic]` (each only when it moves), and points the program
  /// headers, dynamic entries and section headers at the moved tables.
  static func placeNewSegment(
    _ layout: inout Layout, _ t: PatchTables, _ rewriter: DynamicRewriter,
    sections: [SectionHeader], moveDynamic: Bool
  ) throws(PatchError.Reason) {
    var sections = sections
    let growStrings = rewriter.strings.grew
    let fmt = t.format
    let growInPlace = programHeadersCanGrowInPlace(t)
    let phdrCount = t.programHeaders.count + 1
    guard phdrCount < 0xffff else { throw .unsupported(.programHeaderTable) }
    var size: UInt64 = 0
    let phdrStart: UInt64 = 0
    if !growInPlace { size += UInt64(phdrCount * fmt.programHeaderSize) }
    let stringsStart = size
    if growStrings { size += rewriter.strings.size }
    let word = UInt64(fmt.wordSize)
    size = (size + word - 1) / word * word
    let dynamicStart = size
    let slots = rewriter.entries.count + 1
    if moveDynamic { size += UInt64(slots * fmt.dynamicEntrySize) }

    let (offset, address, align) = try placeSegment(
      t, fileEnd: layout.outputSize, size: size, keepsPhdrDelta: !growInPlace && t.hasInterpreter)
    let writable = moveDynamic ? t.dynamic.loadFlags & SegmentFlags.write : 0
    // ELFKit's ProgramHeader has no public memberwise initializer: start from a copy of an
    // existing entry (there is always PT_DYNAMIC) and set every field.
    var segment = t.programHeaders[0]
    segment.type = .load
    segment.flags = SegmentFlags.read | writable
    segment.offset = offset
    segment.virtualAddress = address
    segment.physicalAddress = address
    segment.fileSize = size
    segment.memorySize = size
    segment.alignment = align
    layout.newSegment = segment
    layout.outputSize = offset + size
    layout.kind = .newSegment(growInPlace ? .grownInPlace : .movedToNewSegment)

    // Program headers: PT_PHDR follows the table, PT_DYNAMIC follows .dynamic, and the new
    // PT_LOAD goes after the last one (loaders expect PT_LOADs sorted by address).
    var phdrs = t.programHeaders
    let tableSize = UInt64(phdrCount * fmt.programHeaderSize)
    if !growInPlace { layout.programHeaderOffset = offset + phdrStart }
    for i in phdrs.indices {
      if phdrs[i].type == .phdr {
        if !growInPlace {
          phdrs[i].offset = offset + phdrStart
          phdrs[i].virtualAddress = address + phdrStart
          phdrs[i].physicalAddress = address + phdrStart
        }
        phdrs[i].fileSize = tableSize
        phdrs[i].memorySize = tableSize
      }
      if phdrs[i].type == .dynamic && moveDynamic {
        phdrs[i].offset = offset + dynamicStart
        phdrs[i].virtualAddress = address + dynamicStart
        phdrs[i].physicalAddress = address + dynamicStart
        phdrs[i].fileSize = UInt64(slots * fmt.dynamicEntrySize)
        phdrs[i].memorySize = phdrs[i].fileSize
      }
    }
    let lastLoad = phdrs.lastIndex { $0.type == .load } ?? (phdrs.count - 1)
    phdrs.insert(segment, at: lastLoad + 1)
    layout.programHeaders = phdrs

    if growStrings {
      layout.newStrings = rewriter.strings.bytes
      layout.stringTableOffset = offset + stringsStart
      layout.stringTableAddress = address + stringsStart
      layout.stringTableSize = rewriter.strings.size
      for i in layout.dynamicEntries.indices {
        switch layout.dynamicEntries[i].tag {
        case .strtab: layout.dynamicEntries[i].value = layout.stringTableAddress
        case .strsz: layout.dynamicEntries[i].value = layout.stringTableSize
        default: break
        }
      }
    }
    if moveDynamic {
      layout.dynamicMoved = true
      layout.dynamicOffset = offset + dynamicStart
      layout.dynamicSlots = slots
    }

    // Section headers, when present, follow what moved.
    if !sections.isEmpty {
      for i in sections.indices {
        let s = sections[i]
        if growStrings && s.type == .strtab && s.flags & StripPlanner.alloc != 0
          && s.address == t.stringTableAddress
        {
          sections[i].offset = layout.stringTableOffset
          sections[i].address = layout.stringTableAddress
          sections[i].size = layout.stringTableSize
        }
        if moveDynamic && s.type == .dynamic {
          sections[i].offset = layout.dynamicOffset
          sections[i].address = address + dynamicStart
          sections[i].size = UInt64(slots * fmt.dynamicEntrySize)
        }
      }
      layout.sections = sections
    }
  }
}
