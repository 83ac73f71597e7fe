import BinaryKit

/// What the extra field of a central directory header contributes.
struct ExtraFields {
  var uncompressedSize: UInt64
  var compressedSize: UInt64
  var localHeaderOffset: UInt64
  var diskNumber: UInt32
  var modificationTime: Int64?
  var problem: ZipError?

  /// Decodes the extra fields in `reader[start..<end]` for a member whose 32-bit fields are
  /// given; ZIP64 values replace the ones that are 0xFFFFFFFF (0xFFFF for the disk number).
  ///
  /// Only the ZIP64 fields whose 32-bit counterpart is saturated are present, in the fixed
  /// order uncompressed size, compressed size, local header offset, disk number (APPNOTE
  /// 4.5.3).
  static func decode(
    _ reader: ByteReader, start: Int, end: Int, name: String,
    uncompressedSize: UInt32, compressedSize: UInt32, localHeaderOffset: UInt32, diskNumber: UInt16
  ) -> ExtraFields {
    var fields = ExtraFields(
      uncompressedSize: UInt64(uncompressedSize), compressedSize: UInt64(compressedSize),
      localHeaderOffset: UInt64(localHeaderOffset), diskNumber: UInt32(diskNumber),
      modificationTime: nil, problem: nil)
    var needed: [Zip64Field] = []
    if uncompressedSize == 0xFFFF_FFFF { needed.append(.uncompressedSize) }
    if compressedSize == 0xFFFF_FFFF { needed.append(.compressedSize) }
    if localHeaderOffset == 0xFFFF_FFFF { needed.append(.localHeaderOffset) }
    if diskNumber == 0xFFFF { needed.append(.diskNumber) }
    var sawZip64 = false
    var timeFromExtendedTimestamp = false
    var position = start
    while end - position >= 4 {
      // Four bytes are known to be there, so these reads cannot fail.
      let id = (try? reader.u16(at: position)) ?? 0
      let length = Int((try? reader.u16(at: position + 2)) ?? 0)
      let body = position + 4
      guard length <= end - body else {
        fields.problem = .malformedExtraField(
          name: name, id: id, offset: reader.baseOffset + UInt64(position))
        return fields
      }
      switch id {
      case 0x0001 where !sawZip64:
        sawZip64 = true
        var p = body
        for field in needed {
          let width = field == .diskNumber ? 4 : 8
          guard body + length - p >= width else {
            fields.problem = .missingZip64Field(name: name, field: field)
            return fields
          }
          let value = width == 8 ? ((try? reader.u64(at: p)) ?? 0) : UInt64((try? reader.u32(at: p)) ?? 0)
          switch field {
          case .uncompressedSize: fields.uncompressedSize = value
          case .compressedSize: fields.compressedSize = value
          case .localHeaderOffset: fields.localHeaderOffset = value
          default: fields.diskNumber = UInt32(truncatingIfNeeded: value)
          }
          p += width
        }
      case 0x5455 where length >= 5 && !timeFromExtendedTimestamp:
        // Extended timestamp: flags byte, then mtime (signed 32-bit) when bit 0 is set.
        if let flags = try? reader.u8(at: body), flags & 1 != 0, let t = try? reader.u32(at: body + 1) {
          fields.modificationTime = Int64(Int32(bitPattern: t))
          timeFromExtendedTimestamp = true
        }
      case 0x5855 where length >= 8 && fields.modificationTime == nil,
        0x000d where length >= 8 && fields.modificationTime == nil:
        // Info-ZIP Unix (type 1) and PKWARE Unix: atime, then mtime (32-bit).
        if let t = try? reader.u32(at: body + 4) { fields.modificationTime = Int64(Int32(bitPattern: t)) }
      default:
        break
      }
      position = body + length
    }
    if !needed.isEmpty && !sawZip64 {
      fields.problem = .missingZip64Field(name: name, field: needed[0])
    }
    return fields
  }
}
