import BinaryKit
import ELFKit

/// Applies a ``Layout`` to the input bytes, in two phases: reserve (the output buffer at its
/// final size, holding the kept input prefix and zeros), then write (every table at the place
/// the layout gives it). It decides nothing; every range it writes was planned and bounds-
/// checked by ``LayoutPlanner``, and ``ELFValidator`` checks the result.
public enum ELFWriter {
  /// The output bytes for `layout` applied to `input`.
  ///
  /// - Throws: ``PatchError/Violation/writeOutsideOutput(offset:)`` if a planned range does not
  ///   fit the output (a planner bug; never a trap).
  public static func write(_ input: [UInt8], _ layout: Layout) throws(PatchError.Reason) -> [UInt8] {
    if layout.kind == .unchanged { return input }
    var out = try reserve(input, layout)
    try writeTables(&out, layout)
    return out
  }

  /// Phase 1: the kept prefix of the input, zeros up to the output size, and the
  /// non-allocated blocks stripping moved.
  static func reserve(_ input: [UInt8], _ layout: Layout) throws(PatchError.Reason) -> [UInt8] {
    guard let size = Checked.int(layout.outputSize), size <= Int.max / 2 else {
      throw .invalidOutput(.writeOutsideOutput(offset: layout.outputSize))
    }
    let kept = min(Int(min(layout.keptInputPrefix, UInt64(input.count))), size)
    var out = Array(input[0..<kept])
    out.append(contentsOf: repeatElement(0, count: size - kept))
    for m in layout.moves {
      guard Checked.range(offset: m.from, size: m.size, within: UInt64(input.count)) else {
        throw .invalidOutput(.writeOutsideOutput(offset: m.from))
      }
      let from = Int(m.from), n = Int(m.size)
      try place(&out, input[from..<(from + n)], at: m.to)
    }
    return out
  }

  /// Phase 2: the tables.
  static func writeTables(_ out: inout [UInt8], _ layout: Layout) throws(PatchError.Reason) {
    let f = layout.format
    var phdrBytes: [UInt8] = []
    for p in layout.programHeaders { phdrBytes += f.encode(p) }
    try place(&out, phdrBytes, at: layout.programHeaderOffset)

    var dynamic: [UInt8] = []
    for e in layout.dynamicEntries { dynamic += f.encode(e) }
    let null = f.encode(DynamicEntry(tag: .null, value: 0))
    for _ in layout.dynamicEntries.count..<max(layout.dynamicSlots, layout.dynamicEntries.count) {
      dynamic += null
    }
    try place(&out, dynamic, at: layout.dynamicOffset)

    if let strings = layout.newStrings { try place(&out, strings, at: layout.stringTableOffset) }
    for v in layout.versionNeedFiles {
      var w = ByteWriter(order: f.byteOrder)
      w.u32(v.value)
      try place(&out, w.bytes, at: v.fieldOffset)
    }

    if let sections = layout.sections {
      var table: [UInt8] = []
      for s in sections { table += f.encode(s) }
      try place(&out, table, at: layout.sectionHeaderOffset)
      put(&out, UInt64(sections.count), f.shnumField, f)
      put(&out, layout.sectionNameIndex, f.shstrndxField, f)
      put(&out, layout.sectionHeaderOffset, f.shoffField, f)
    }
    put(&out, layout.programHeaderOffset, f.phoffField, f)
    put(&out, UInt64(layout.programHeaders.count), f.phnumField, f)
  }

  private static func place<C: Collection<UInt8>>(_ out: inout [UInt8], _ bytes: C, at offset: UInt64)
    throws(PatchError.Reason)
  {
    guard Checked.range(offset: offset, size: UInt64(bytes.count), within: UInt64(out.count)) else {
      throw .invalidOutput(.writeOutsideOutput(offset: offset))
    }
    let start = Int(offset)
    out.replaceSubrange(start..<(start + bytes.count), with: bytes)
  }

  private static func put(_ out: inout [UInt8], _ value: UInt64, _ field: (Int, Int), _ f: ELFFormat) {
    out.put(value, width: field.1, at: field.0, order: f.byteOrder)
  }
}
