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

    try placeNewSegment(&layout, t, rewriter, sections: sections, moveDynamic: moveDynamic)
    return layout
  }
}
