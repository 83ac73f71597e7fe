import ELFKit

/// What a patch would do (``ELFPatcher/plan(bytes:edits:path:)``): the layout case chosen, where
/// the new segment would go, and the dynamic linking facts afterwards.
public struct PatchSummary: Sendable, Equatable, CustomStringConvertible {
  /// The full layout (program headers, entries, offsets).
  public var layout: Layout
  public var inputSize: UInt64
  /// `DT_NEEDED` afterwards, in order.
  public var needed: [String]
  public var soname: String?
  public var rpath: String?
  public var runpath: String?

  init(layout: Layout, inputSize: UInt64, expected: ELFFacts) {
    self.layout = layout
    self.inputSize = inputSize
    needed = expected.needed
    soname = expected.soname
    rpath = expected.rpath
    runpath = expected.runpath
  }

  /// The layout case in words.
  public var caseName: String {
    switch layout.kind {
    case .unchanged: "unchanged (the output is the input)"
    case .inPlace: "in place"
    case .newSegment(.grownInPlace): "new segment (program headers grown in place)"
    case .newSegment(.movedToNewSegment): "new segment (program headers moved into it)"
    }
  }

  public var description: String {
    var lines = ["layout: \(caseName)", "size: \(inputSize) -> \(layout.outputSize) bytes"]
    if let s = layout.newSegment {
      lines.append(
        "new PT_LOAD: offset \(hex(s.offset)) vaddr \(hex(s.virtualAddress)) size \(hex(s.fileSize)) "
          + "align \(hex(s.alignment)) flags \(flagString(s.flags))")
    }
    lines.append(
      ".dynstr: \(layout.newStrings == nil ? "kept" : "moved") at offset "
        + "\(hex(layout.stringTableOffset)) vaddr \(hex(layout.stringTableAddress)) size "
        + "\(layout.stringTableSize)")
    lines.append(
      ".dynamic: \(layout.dynamicMoved ? "moved" : "in place") at offset \(hex(layout.dynamicOffset)), "
        + "\(layout.dynamicEntries.count + 1) of \(layout.dynamicSlots) slots used")
    if !layout.strippedSections.isEmpty {
      lines.append("stripped: \(layout.strippedSections.joined(separator: " "))")
    }
    lines.append("needed: \(needed.isEmpty ? "-" : needed.joined(separator: " "))")
    lines.append("soname: \(soname ?? "-")")
    lines.append("rpath: \(rpath ?? "-")")
    lines.append("runpath: \(runpath ?? "-")")
    return lines.joined(separator: "\n")
  }

  private func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

  private func flagString(_ f: UInt32) -> String {
    (f & SegmentFlags.read != 0 ? "R" : "") + (f & SegmentFlags.write != 0 ? "W" : "")
      + (f & SegmentFlags.execute != 0 ? "E" : "")
  }
}
