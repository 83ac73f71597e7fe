import BinaryKit

@testable import WheelKit

/// Builds zip archives field by field, so tests can write exactly the lies a hostile archive
/// tells (sizes, offsets, methods, flags, names) that no real writer produces.
struct RawZipBuilder {
  struct Member {
    var name: [UInt8]
    var data: [UInt8]  // the bytes stored in the archive (already compressed when method 8)
    var method: UInt16 = 0
    var flags: UInt16 = 0
    var crc: UInt32
    var compressedSize: UInt32
    var uncompressedSize: UInt32
    var madeBy: UInt16 = 0x0314
    var externalAttributes: UInt32 = 0o100644 << 16
    var localName: [UInt8]? = nil
    var localMethod: UInt16? = nil
    var localExtra: [UInt8] = []
    var centralExtra: [UInt8] = []
    /// Overrides the offset written in the central directory.
    var offsetOverride: UInt32? = nil
    var disk: UInt16 = 0

    /// A stored member holding `content`.
    static func stored(_ name: String, _ content: [UInt8]) -> Member {
      Member(
        name: Array(name.utf8), data: content, crc: Zlib.crc32(content),
        compressedSize: UInt32(content.count), uncompressedSize: UInt32(content.count))
    }

    /// A deflated member holding `content`.
    static func deflated(_ name: String, _ content: [UInt8], level: Int32 = 6) -> Member {
      let data = Zlib.deflate(content, level: level) ?? []
      return Member(
        name: Array(name.utf8), data: data, method: 8, crc: Zlib.crc32(content),
        compressedSize: UInt32(data.count), uncompressedSize: UInt32(content.count))
    }
  }

  var members: [Member] = []
  var comment: [UInt8] = []
  var prefix: [UInt8] = []
  /// Overrides for the end record.
  var declaredCount: UInt16? = nil
  var declaredDirectorySize: UInt32? = nil
  var declaredDirectoryOffset: UInt32? = nil
  var eocdDisk: UInt16 = 0

  /// The archive bytes, plus the offsets of each local header, the central directory and the
  /// end record.
  func build() -> (bytes: [UInt8], localOffsets: [Int], directoryOffset: Int, endOffset: Int) {
    var w = ByteWriter(order: .little)
    w.append(contentsOf: prefix)
    var offsets: [Int] = []
    for m in members {
      offsets.append(w.count - prefix.count)
      let name = m.localName ?? m.name
      w.u32(0x0403_4b50)
      w.u16(20)
      w.u16(m.flags)
      w.u16(m.localMethod ?? m.method)
      w.u16(0)
      w.u16(0x21)
      w.u32(m.crc)
      w.u32(m.compressedSize)
      w.u32(m.uncompressedSize)
      w.u16(UInt16(name.count))
      w.u16(UInt16(m.localExtra.count))
      w.append(contentsOf: name)
      w.append(contentsOf: m.localExtra)
      w.append(contentsOf: m.data)
    }
    let directoryOffset = w.count
    for (m, offset) in zip(members, offsets) {
      w.u32(0x0201_4b50)
      w.u16(m.madeBy)
      w.u16(20)
      w.u16(m.flags)
      w.u16(m.method)
      w.u16(0)
      w.u16(0x21)
      w.u32(m.crc)
      w.u32(m.compressedSize)
      w.u32(m.uncompressedSize)
      w.u16(UInt16(m.name.count))
      w.u16(UInt16(m.centralExtra.count))
      w.u16(0)
      w.u16(m.disk)
      w.u16(0)
      w.u32(m.externalAttributes)
      w.u32(m.offsetOverride ?? UInt32(offset))
      w.append(contentsOf: m.name)
      w.append(contentsOf: m.centralExtra)
    }
    let endOffset = w.count
    w.u32(0x0605_4b50)
    w.u16(eocdDisk)
    w.u16(eocdDisk)
    w.u16(declaredCount ?? UInt16(members.count))
    w.u16(declaredCount ?? UInt16(members.count))
    w.u32(declaredDirectorySize ?? UInt32(endOffset - directoryOffset))
    w.u32(declaredDirectoryOffset ?? UInt32(directoryOffset - prefix.count))
    w.u16(UInt16(comment.count))
    w.append(contentsOf: comment)
    return (w.bytes, offsets, directoryOffset, endOffset)
  }

  var bytes: [UInt8] { build().bytes }
}
