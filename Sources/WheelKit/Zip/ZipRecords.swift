import BinaryKit

/// Encodes the headers the writer emits, laid out exactly as Python's zipfile writes them
/// (CPython 3.11 `ZipInfo.FileHeader` and `ZipFile._write_end_record`), so that given the same
/// members and timestamps the archive is byte-identical to zipfile's.
enum ZipRecords {
  /// zipfile's `ZIP64_LIMIT`: ZIP64 fields are used above 2 GiB - 1, not 4 GiB - 1.
  static let zip64Limit: UInt64 = (1 << 31) - 1
  /// zipfile's `ZIP_FILECOUNT_LIMIT`.
  static let fileCountLimit: UInt64 = (1 << 16) - 1

  /// What the central directory needs to remember about a written member.
  struct Entry {
    var name: [UInt8]
    var flags: UInt16
    var method: CompressionMethod
    var timestamp: DOSTimestamp
    var crc32: UInt32
    var compressedSize: UInt64
    var uncompressedSize: UInt64
    var externalAttributes: UInt32
    var localHeaderOffset: UInt64
    /// Whether the local header carried a ZIP64 extra field (zipfile then records version 4.5
    /// in both headers).
    var localZip64: Bool
  }

  /// Name bytes and flags: bit 11 (UTF-8) only when the name is not ASCII, as zipfile does.
  static func encode(name: String) -> (bytes: [UInt8], flags: UInt16) {
    let bytes = Array(name.utf8)
    return (bytes, bytes.allSatisfy { $0 < 0x80 } ? 0 : 0x0800)
  }

  /// zipfile's rule for a ZIP64 local header: `file_size * 1.05 > ZIP64_LIMIT` (it cannot know
  /// the compressed size in advance), or a compressed size that needs it anyway.
  static func needsZip64LocalHeader(uncompressed: UInt64, compressed: UInt64) -> Bool {
    Double(uncompressed) * 1.05 > Double(zip64Limit) || compressed > zip64Limit
      || uncompressed > zip64Limit
  }

  static func localHeader(_ e: Entry) -> [UInt8] {
    var w = ByteWriter(order: .little, capacity: 30 + e.name.count + 20)
    let version: UInt16 = e.localZip64 ? 45 : 20
    w.u32(LocalHeader.signature)
    w.u16(version)
    w.u16(e.flags)
    w.u16(e.method.rawValue)
    w.u16(e.timestamp.time)
    w.u16(e.timestamp.date)
    w.u32(e.crc32)
    w.u32(e.localZip64 ? 0xFFFF_FFFF : UInt32(e.compressedSize))
    w.u32(e.localZip64 ? 0xFFFF_FFFF : UInt32(e.uncompressedSize))
    w.u16(UInt16(e.name.count))
    w.u16(e.localZip64 ? 20 : 0)
    w.append(contentsOf: e.name)
    if e.localZip64 {
      w.u16(0x0001)
      w.u16(16)
      w.u64(e.uncompressedSize)
      w.u64(e.compressedSize)
    }
    return w.bytes
  }

  static func appendCentralHeader(_ e: Entry, to w: inout ByteWriter) {
    var zip64: [UInt64] = []
    var compressed = UInt32(truncatingIfNeeded: e.compressedSize)
    var uncompressed = UInt32(truncatingIfNeeded: e.uncompressedSize)
    var offset = UInt32(truncatingIfNeeded: e.localHeaderOffset)
    if e.uncompressedSize > zip64Limit || e.compressedSize > zip64Limit {
      zip64 += [e.uncompressedSize, e.compressedSize]
      compressed = 0xFFFF_FFFF
      uncompressed = 0xFFFF_FFFF
    }
    if e.localHeaderOffset > zip64Limit {
      zip64.append(e.localHeaderOffset)
      offset = 0xFFFF_FFFF
    }
    let version: UInt16 = (e.localZip64 || !zip64.isEmpty) ? 45 : 20
    w.u32(CentralDirectory.entrySignature)
    w.u16(0x0300 | version)  // made by: Unix
    w.u16(version)
    w.u16(e.flags)
    w.u16(e.method.rawValue)
    w.u16(e.timestamp.time)
    w.u16(e.timestamp.date)
    w.u32(e.crc32)
    w.u32(compressed)
    w.u32(uncompressed)
    w.u16(UInt16(e.name.count))
    w.u16(zip64.isEmpty ? 0 : UInt16(4 + 8 * zip64.count))
    w.u16(0)  // comment length
    w.u16(0)  // disk number start
    w.u16(0)  // internal attributes
    w.u32(e.externalAttributes)
    w.u32(offset)
    w.append(contentsOf: e.name)
    if !zip64.isEmpty {
      w.u16(0x0001)
      w.u16(UInt16(8 * zip64.count))
      for value in zip64 { w.u64(value) }
    }
  }

  /// The end records for `count` entries whose directory spans `[offset, offset + size)`.
  static func appendEndRecords(count: UInt64, offset: UInt64, size: UInt64, to w: inout ByteWriter) {
    if count > fileCountLimit || offset > zip64Limit || size > zip64Limit {
      let recordOffset = offset + size
      w.u32(EndRecords.zip64RecordSignature)
      w.u64(44)
      w.u16(45)
      w.u16(45)
      w.u32(0)
      w.u32(0)
      w.u64(count)
      w.u64(count)
      w.u64(size)
      w.u64(offset)
      w.u32(EndRecords.locatorSignature)
      w.u32(0)
      w.u64(recordOffset)
      w.u32(1)
    }
    w.u32(EndRecords.eocdSignature)
    w.u16(0)
    w.u16(0)
    w.u16(UInt16(min(count, 0xFFFF)))
    w.u16(UInt16(min(count, 0xFFFF)))
    w.u32(UInt32(min(size, 0xFFFF_FFFF)))
    w.u32(UInt32(min(offset, 0xFFFF_FFFF)))
    w.u16(0)  // comment length
  }
}
