import BinaryKit
import ELFKit

/// A good ELF file held in memory and damaged on purpose by the malformed-input tests. Field
/// offsets come from the ELF specification; the layout of the good file from ``ELFFile``.
struct ELFEditor {
  var bytes: [UInt8]
  let order: ByteOrder
  let is64: Bool

  init(_ bytes: [UInt8]) throws {
    self.bytes = bytes
    let file = try ELFFile(InMemoryBytes(bytes))
    order = file.byteOrder
    is64 = file.elfClass == .elf64
  }

  init(path: String) throws { try self.init(try FileBytes(path: path).readAll()) }

  var file: ELFFile { get throws { try ELFFile(InMemoryBytes(bytes)) } }
  var size: UInt64 { UInt64(bytes.count) }

  mutating func put(_ value: UInt64, width: Int, at index: Int) {
    bytes.put(value, width: width, at: index, order: order)
  }

  func get(width: Int, at index: Int) throws -> UInt64 {
    let r = ByteReader(bytes, order: order)
    switch width {
    case 2: return UInt64(try r.u16(at: index))
    case 4: return UInt64(try r.u32(at: index))
    default: return try r.u64(at: index)
    }
  }

  var word: Int { is64 ? 8 : 4 }

  // File header fields.
  var phoffField: Int { is64 ? 0x20 : 0x1c }
  var shoffField: Int { is64 ? 0x28 : 0x20 }
  var phnumField: Int { is64 ? 0x38 : 0x2c }
  var shnumField: Int { is64 ? 0x3c : 0x30 }
  var shstrndxField: Int { is64 ? 0x3e : 0x32 }

  /// Removes the section headers the way `strip`-then-`sstrip` leaves a file: no `e_shoff`,
  /// `e_shnum`, `e_shstrndx`, and (when `truncate`) nothing after the last segment.
  mutating func stripSectionHeaders(truncate: Bool) throws {
    let f = try file
    put(0, width: word, at: shoffField)
    put(0, width: 2, at: shnumField)
    put(0, width: 2, at: shstrndxField)
    if truncate {
      let end = f.programHeaders.map { $0.offset + $0.fileSize }.max() ?? size
      bytes.removeSubrange(Int(max(end, UInt64(is64 ? 64 : 52)))...)
    }
  }

  /// Offset of field `field` (0-based word index in the 64-bit layout) of program header
  /// `index`: 0 type, 1 offset, 2 vaddr, 3 paddr, 4 filesz, 5 memsz.
  func phdrField(_ index: Int, _ field: Int) throws -> (at: Int, width: Int) {
    let base = Int(try file.header.programHeaderOffset) + index * (is64 ? 56 : 32)
    if is64 {
      let offsets = [0, 8, 16, 24, 32, 40]
      return (base + offsets[field], field == 0 ? 4 : 8)
    }
    return (base + 4 * field, 4)
  }

  /// Index of the first program header of `type`.
  func segmentIndex(_ type: SegmentType) throws -> Int {
    guard let i = try file.programHeaders.firstIndex(where: { $0.type == type }) else {
      throw EditorError(what: "no segment \(type)")
    }
    return i
  }

  /// File offset of the `d_val` of the first dynamic entry with `tag`.
  func dynamicValueField(_ tag: DynamicTag) throws -> Int {
    let f = try file
    let (offset, entries) = try f.dynamicEntries()
    guard let i = entries.firstIndex(where: { $0.tag == tag }) else {
      throw EditorError(what: "no dynamic entry \(tag)")
    }
    return Int(offset) + i * 2 * word + word
  }

  /// File offset the value of dynamic `tag` (an address) maps to.
  func offset(ofDynamicAddress tag: DynamicTag) throws -> UInt64 {
    let f = try file
    let address = try requireValue(f.dynamicInfo().value(of: tag), "\(tag)")
    return try f.addressMap.fileOffset(of: address, for: .dynamicSection)
  }

  /// Offset of field of section header `index` (64-bit layout word index as in
  /// `Elf64_Shdr`): 0 name/type, 4 size, 5 link/info, …; width per class.
  func shdrSizeField(_ index: Int) throws -> (at: Int, width: Int) {
    let base = Int(try file.header.sectionHeaderOffset) + index * (is64 ? 64 : 40)
    return is64 ? (base + 0x20, 8) : (base + 0x14, 4)
  }

  func shdrLinkField(_ index: Int) throws -> Int {
    Int(try file.header.sectionHeaderOffset) + index * (is64 ? 64 : 40) + (is64 ? 0x28 : 0x18)
  }
}

struct EditorError: Error, CustomStringConvertible {
  var what: String
  var description: String { "test setup: \(what)" }
}

func requireValue<T>(_ value: T?, _ what: String) throws -> T {
  guard let value else { throw EditorError(what: "missing \(what)") }
  return value
}

/// A source that records the largest single read, to show no read exceeds the file size.
final class CountingSource: ByteSource, @unchecked Sendable {
  let inner: InMemoryBytes
  private(set) var largestRead = 0
  init(_ bytes: [UInt8]) { inner = InMemoryBytes(bytes) }
  var size: UInt64 { inner.size }
  func read(at offset: UInt64, count: Int) throws(ByteReadError) -> [UInt8] {
    largestRead = max(largestRead, count)
    return try inner.read(at: offset, count: count)
  }
}

/// A file seen with its section header fields (`e_shoff`, `e_shnum`, `e_shstrndx`) zeroed,
/// without copying it: the cheap way to strip hundreds of system libraries.
struct SectionlessView: ByteSource {
  let inner: any ByteSource
  let is64: Bool

  var size: UInt64 { inner.size }

  func read(at offset: UInt64, count: Int) throws(ByteReadError) -> [UInt8] {
    var bytes = try inner.read(at: offset, count: count)
    let fields = is64 ? [(0x28, 8), (0x3c, 2), (0x3e, 2)] : [(0x20, 4), (0x30, 2), (0x32, 2)]
    for (at, width) in fields {
      for i in at..<(at + width) where UInt64(i) >= offset && UInt64(i) < offset + UInt64(count) {
        bytes[i - Int(offset)] = 0
      }
    }
    return bytes
  }
}

extension ELFEditor {
  /// The virtual address that maps to file `offset` through a `PT_LOAD` segment.
  func address(ofOffset offset: UInt64) throws -> UInt64 {
    for p in try file.programHeaders where p.type == .load {
      if offset >= p.offset && offset < p.offset + p.fileSize {
        return p.virtualAddress + (offset - p.offset)
      }
    }
    throw EditorError(what: "offset \(offset) not in a PT_LOAD")
  }

  /// Sets the `d_val` of the first dynamic entry with `tag`.
  mutating func setDynamic(_ tag: DynamicTag, _ value: UInt64) throws {
    put(value, width: word, at: try dynamicValueField(tag))
  }

  /// Sets a field of program header `index` (see ``phdrField(_:_:)``).
  mutating func setSegment(_ index: Int, field: Int, _ value: UInt64) throws {
    let (at, width) = try phdrField(index, field)
    put(value, width: width, at: at)
  }
}
