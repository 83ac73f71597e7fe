import BinaryKit

/// The local file header in front of each member's data, checked against the central
/// directory before any data is read.
enum LocalHeader {
  static let signature: UInt32 = 0x0403_4b50
  static let fixedSize = 30

  /// The absolute offset of `member`'s data, from the local header's own name and extra lengths
  /// (its extra field may differ from the central directory's). The data must end by `limit`.
  static func dataOffset(
    of member: ZipMember, in source: any ByteSource, limit: UInt64
  ) throws(ZipError) -> UInt64 {
    let structure = ZipStructure.localHeader(member: member.name)
    let offset = member.localHeaderOffset
    let header: ByteReader
    do {
      header = try source.reader(at: offset, count: fixedSize + member.rawNameLength, order: .little)
    } catch {
      throw EndRecords.truncated(structure, error)
    }
    // The reader holds exactly the bytes read above, so these reads cannot fail; the fallback
    // values only satisfy the type checker.
    let found = (try? header.u32(at: 0)) ?? 0
    guard found == signature else { throw .badSignature(structure, offset: offset, found: found) }
    let flags = (try? header.u16(at: 6)) ?? 0
    let method = (try? header.u16(at: 8)) ?? 0
    let nameLength = Int((try? header.u16(at: 26)) ?? 0)
    let extraLength = UInt64((try? header.u16(at: 28)) ?? 0)
    guard method == member.method.rawValue else {
      throw .localHeaderMismatch(name: member.name, field: .method, offset: offset + 8)
    }
    guard flags & 0x0041 == member.flags & 0x0041 else {
      throw .localHeaderMismatch(name: member.name, field: .encryption, offset: offset + 6)
    }
    guard nameLength == member.rawNameLength,
      header.bytes[fixedSize...].elementsEqual(member.name.utf8)
    else {
      throw .localHeaderMismatch(name: member.name, field: .name, offset: offset + UInt64(fixedSize))
    }
    let dataOffset = offset + UInt64(fixedSize + nameLength) + extraLength
    guard let end = Checked.add(dataOffset, member.compressedSize), end <= limit else {
      throw .memberOutOfBounds(
        name: member.name, offset: offset,
        end: Checked.add(dataOffset, member.compressedSize) ?? UInt64.max, limit: limit)
    }
    return dataOffset
  }
}
