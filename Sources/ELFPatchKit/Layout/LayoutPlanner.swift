import BinaryKit
import ELFKit

/// Decides where everything goes: a pure function from the input's tables and a plan to a
/// ``Layout``. No I/O; the cases are documented in `docs/elf-patching.md`:
///
/// * **unchanged**: the edits change nothing → the output is the input;
/// * **in place**: every string the new entries need is already in `.dynstr`, and the entries
///   fit `.dynamic`'s slots (removal, conversion, replacement by an existing string) → only
///   `.dynamic` (and `vn_file` fields) are rewritten;
/// * **new segment**: `.dynstr` (old bytes + new strings) and, when the entries outgrow their
///   slots, `.dynamic`, go into a new `PT_LOAD` after the last one; the program header table
///   grows in place when zeroed, unused bytes follow it, else moves into the new segment.
///
/// Existing `PT_LOAD`s never move or change size.
public enum LayoutPlanner {
  /// The page size the new segment's file offset is aligned to (its `p_align` is the largest
  /// of the existing `PT_LOAD`s', at least this).
  static let pageSize: UInt64 = 0x1000
  /// The largest `p_align` accepted (patchelf refuses "implausibly large" alignments too).
  static let maxAlignment: UInt64 = 1 << 26
  /// The largest zero-filled hole an executable's new segment may need.
  static let maxExecutableHole: UInt64 = 1 << 26

  /// Plans the output of applying `plan` to the file described by `tables`.
  public static func plan(_ tables: PatchTables, _ plan: PatchPlan) throws(PatchError.Reason)
    -> Layout
  {
    let t = tables
    let rewriter = try DynamicRewriter(t, plan: plan)
    var layout = Layout(
      kind: .unchanged, format: t.format, outputSize: t.fileSize, keptInputPrefix: t.fileSize,
      moves: [], programHeaderOffset: t.programHeaderOffset, programHeaders: t.programHeaders,
      newSegment: nil, dynamicEntries: t.dynamic.entries, dynamicOffset: t.dynamic.offset,
      dynamicSlots: t.dynamic.slots, dynamicMoved: false, newStrings: nil,
      stringTableOffset: t.stringTableOffset, stringTableAddress: t.stringTableAddress,
      stringTableSize: UInt64(t.strings.count),
      versionNeedFiles: rewriter.versionNeedFiles.map {
        Layout.VersionNeedFile(fieldOffset: $0.fieldOffset, value: UInt32(truncatingIfNeeded: $0.value))
      },
      sections: nil, sectionHeaderOffset: t.sectionHeaderOffset,
      sectionNameIndex: t.sectionNameIndex, strippedSections: [])

    var strip: StripPlan?
    if let level = plan.strip {
      strip = try StripPlanner.plan(t, level: level, symbolSectionIndex: t.largestSymbolSectionIndex)
    }
    let dynamicChanged = rewriter.entries != t.dynamic.entries || !layout.versionNeedFiles.isEmpty
    guard dynamicChanged || strip != nil else { return layout }

    layout.kind = .inPlace
    layout.dynamicEntries = rewriter.entries
    var sections = t.sections
    if let strip {
      sections = strip.sections
      layout.sections = strip.sections
      layout.sectionHeaderOffset = strip.sectionHeaderOffset
      layout.sectionNameIndex = strip.sectionNameIndex
      layout.moves = strip.moves
      layout.keptInputPrefix = strip.keptInputPrefix
      layout.outputSize = strip.fileEnd
      layout.strippedSections = strip.removed
    }

    let growStrings = rewriter.strings.grew
    let moveDynamic = rewriter.entries.count + 1 > t.dynamic.slots
    guard growStrings || moveDynamic else { return layout }
    if moveDynamic && (t.machine.rawValue == 8 || t.machine.rawValue == 10) {
      // MIPS: DT_MIPS_RLD_MAP_REL is relative to .dynamic's address.
      throw .unsupported(.dynamicMoveOnMachine(t.machine))
    }

    // The new segment: [program headers][.dynstr][.dynamic], each only when it moves.
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
    return layout
  }
}
