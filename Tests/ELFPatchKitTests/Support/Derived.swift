import BinaryKit
import ELFKit

/// Variants of good fixtures derived in code, for layout cases linkers rarely produce. Field
/// offsets come from the ELF specification; locations from ELFKit.
enum Derived {
  /// `.dynamic` with no spare `DT_NULL` slot: `PT_DYNAMIC` (and the `.dynamic` section)
  /// shrunk to the used entries plus one terminator, as lld and some other linkers emit it.
  /// Adding an entry then needs a new, larger `.dynamic`.
  static func squeezedDynamic(_ bytes: [UInt8]) throws -> [UInt8] {
    var out = bytes
    let file = try ELFFile(InMemoryBytes(bytes))
    let is64 = file.elfClass == .elf64, order = file.byteOrder
    let entry: UInt64 = is64 ? 16 : 8
    let size = UInt64(try file.dynamicEntries().entries.count + 1) * entry
    let phent = is64 ? 56 : 32
    for (i, p) in file.programHeaders.enumerated() where p.type == .dynamic {
      let base = Int(file.header.programHeaderOffset) + i * phent
      out.put(size, width: is64 ? 8 : 4, at: base + (is64 ? 32 : 16), order: order)
      out.put(size, width: is64 ? 8 : 4, at: base + (is64 ? 40 : 20), order: order)
    }
    let shent = is64 ? 64 : 40
    for (i, s) in file.sections.enumerated() where s.type == .dynamic {
      let base = Int(file.header.sectionHeaderOffset) + i * shent
      out.put(size, width: is64 ? 8 : 4, at: base + (is64 ? 32 : 20), order: order)
    }
    return out
  }

  /// The file without its program header of `type` (later entries shift up, the freed slot
  /// is zeroed): one entry of zeroed, unclaimed space then follows the table inside the first
  /// `PT_LOAD`, which lets the table grow in place.
  static func withoutProgramHeader(_ bytes: [UInt8], _ type: SegmentType) throws -> [UInt8] {
    var out = bytes
    let file = try ELFFile(InMemoryBytes(bytes))
    let is64 = file.elfClass == .elf64
    let phent = is64 ? 56 : 32, phoff = Int(file.header.programHeaderOffset)
    let count = file.programHeaders.count
    guard let victim = file.programHeaders.firstIndex(where: { $0.type == type }) else {
      struct NoSuchSegment: Error {}
      throw NoSuchSegment()
    }
    let tail = Array(bytes[(phoff + (victim + 1) * phent)..<(phoff + count * phent)])
    out.replaceSubrange((phoff + victim * phent)..<(phoff + (count - 1) * phent), with: tail)
    out.replaceSubrange(
      (phoff + (count - 1) * phent)..<(phoff + count * phent), with: repeatElement(0, count: phent))
    out.put(UInt64(count - 1), width: 2, at: is64 ? 0x38 : 0x2c, order: file.byteOrder)
    return out
  }
}
