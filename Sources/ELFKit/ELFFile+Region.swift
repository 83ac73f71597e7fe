import BinaryKit

extension ELFFile {
  /// A reader over `[offset, offset + size)` of the file, after checking the range is inside
  /// it. One read, never more than the file size.
  func region(_ structure: ELFStructure, offset: UInt64, size: UInt64) throws(ELFError)
    -> ByteReader
  {
    try Self.region(source, structure, offset: offset, size: size, order: byteOrder)
  }

  /// A reader over a table of `count` entries of `entrySize` bytes at `offset`.
  func table(_ structure: ELFStructure, offset: UInt64, count: UInt64, entrySize: Int)
    throws(ELFError) -> ByteReader
  {
    try Self.table(
      source, structure, offset: offset, count: count, entrySize: entrySize, order: byteOrder)
  }

  static func region(
    _ source: any ByteSource, _ structure: ELFStructure, offset: UInt64, size: UInt64,
    order: ByteOrder
  ) throws(ELFError) -> ByteReader {
    let fileSize = source.size
    guard let end = Checked.add(offset, size), offset < fileSize || (size == 0 && offset == fileSize)
    else {
      throw .rangeOutsideFile(structure, offset: offset, size: size, fileSize: fileSize)
    }
    guard end <= fileSize, let count = Checked.int(size) else {
      throw .truncated(structure, offset: offset, needed: size, available: fileSize - offset)
    }
    do {
      return try source.reader(at: offset, count: count, order: order)
    } catch {
      throw ELFError.from(error, structure)
    }
  }

  static func table(
    _ source: any ByteSource, _ structure: ELFStructure, offset: UInt64, count: UInt64,
    entrySize: Int, order: ByteOrder
  ) throws(ELFError) -> ByteReader {
    let fileSize = source.size
    guard let total = Checked.multiply(count, UInt64(entrySize)), total <= fileSize else {
      throw .countTooLarge(
        structure, offset: offset, count: count, entrySize: UInt64(entrySize), fileSize: fileSize)
    }
    return try region(source, structure, offset: offset, size: total, order: order)
  }
}
