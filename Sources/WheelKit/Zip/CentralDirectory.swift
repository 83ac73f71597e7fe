import BinaryKit

/// Decodes the central directory into members, checking each entry on its own.
///
/// Cross-member checks (duplicates, overlaps, size limits) are ``ArchiveValidator``'s job.
enum CentralDirectory {
  static let entrySignature: UInt32 = 0x0201_4b50
  static let fixedSize = 46

  static func parse(_ bytes: [UInt8], location: CentralDirectoryLocation) throws(ZipError) -> [ZipMember] {
    let r = ByteReader(bytes, order: .little, baseOffset: location.offset)
    var members: [ZipMember] = []
    members.reserveCapacity(Int(min(location.entryCount, UInt64(bytes.count / fixedSize))))
    var position = 0
    while position < bytes.count {
      let index = members.count
      let structure = ZipStructure.centralDirectoryEntry(index: index)
      let decoded: Decoded
      do throws(EntryFailure) {
        decoded = try decodeEntry(r, at: position, index: index, prefix: location.prefixLength)
      } catch {
        switch error {
        case .read(let error): throw EndRecords.truncated(structure, error)
        case .signature(let found):
          throw .badSignature(structure, offset: location.offset + UInt64(position), found: found)
        }
      }
      position += fixedSize + decoded.rawNameLength + decoded.extraAndCommentLength
      members.append(decoded.member)
    }
    let found = UInt64(members.count)
    // Writers that do not use ZIP64 wrap the 16-bit count past 65,535 entries.
    let wrapped = !location.isZip64 && found & 0xFFFF == location.entryCount
    guard found == location.entryCount || wrapped else {
      throw .entryCountMismatch(declared: location.entryCount, found: found)
    }
    return members
  }

  private enum EntryFailure: Error {
    case read(ByteReadError)
    case signature(UInt32)
  }

  private struct Decoded {
    var member: ZipMember
    var rawNameLength: Int { member.rawNameLength }
    var extraAndCommentLength: Int
  }

  private static func decodeEntry(
    _ r: ByteReader, at p: Int, index: Int, prefix: UInt64
  ) throws(EntryFailure) -> Decoded {
    let signature: UInt32
    do { signature = try r.u32(at: p) } catch { throw .read(error) }
    guard signature == entrySignature else { throw .signature(signature) }
    do {
      return try decodeFields(r, at: p, index: index, prefix: prefix)
    } catch {
      throw .read(error)
    }
  }

  private static func decodeFields(
    _ r: ByteReader, at p: Int, index: Int, prefix: UInt64
  ) throws(ByteReadError) -> Decoded {
    let madeBy = try r.u16(at: p + 4)
    let flags = try r.u16(at: p + 8)
    let method = CompressionMethod(rawValue: try r.u16(at: p + 10))
    let time = try r.u16(at: p + 12)
    let date = try r.u16(at: p + 14)
    let crc = try r.u32(at: p + 16)
    let compressed32 = try r.u32(at: p + 20)
    let uncompressed32 = try r.u32(at: p + 24)
    let nameLength = Int(try r.u16(at: p + 28))
    let extraLength = Int(try r.u16(at: p + 30))
    let commentLength = Int(try r.u16(at: p + 32))
    let disk16 = try r.u16(at: p + 34)
    let external = try r.u32(at: p + 38)
    let offset32 = try r.u32(at: p + 42)
    let nameStart = p + fixedSize
    // The whole variable part must be inside the directory.
    _ = try r.window(at: nameStart, count: nameLength + extraLength + commentLength)

    let nameBytes = r.bytes[nameStart..<(nameStart + nameLength)]
    var problem: ZipError? = nil
    let name: String
    let scan = MemberPath.scan(nameBytes)
    // Nearly every name is ASCII: decode those without the generic validating initialiser.
    if scan.problem == nil && scan.isASCII {
      name = String(decoding: nameBytes, as: UTF8.self)
    } else if let valid = String(validating: nameBytes, as: UTF8.self) {
      name = valid
      if let reason = scan.problem { problem = .invalidName(index: index, name: name, reason: reason) }
    } else {
      name = String(decoding: nameBytes, as: UTF8.self)
      problem = .invalidName(index: index, name: name, reason: .invalidUTF8)
    }

    let extra = ExtraFields.decode(
      r, start: nameStart + nameLength, end: nameStart + nameLength + extraLength, name: name,
      uncompressedSize: uncompressed32, compressedSize: compressed32,
      localHeaderOffset: offset32, diskNumber: disk16)
    if problem == nil {
      if flags & 0x0041 != 0 {
        problem = .encrypted(name: name, flags: flags)
      } else if !method.isSupported {
        problem = .unsupportedMethod(name: name, method: method)
      } else if let p = extra.problem {
        problem = p
      } else if extra.diskNumber != 0 {
        problem = .memberOnOtherDisk(name: name, disk: extra.diskNumber)
      } else if method == .stored && extra.compressedSize != extra.uncompressedSize {
        problem = .storedSizeMismatch(
          name: name, compressed: extra.compressedSize, uncompressed: extra.uncompressedSize)
      }
    }
    let localOffset = Checked.add(extra.localHeaderOffset, prefix) ?? UInt64.max

    let host = madeBy >> 8
    let mode = external >> 16
    let kind: ZipMember.Kind
    if name.utf8.last == UInt8(ascii: "/") {
      kind = .directory
    } else if (host == 3 || host == 19) && mode & 0o170000 == 0o120000 {
      kind = .symlink
    } else {
      kind = .file
    }
    let member = ZipMember(
      index: index, name: name, rawNameLength: nameLength, kind: kind, method: method,
      flags: flags, crc32: crc, compressedSize: extra.compressedSize,
      uncompressedSize: extra.uncompressedSize, localHeaderOffset: localOffset,
      versionMadeBy: madeBy, externalAttributes: external,
      dosTimestamp: DOSTimestamp(date: date, time: time),
      extraModificationTime: extra.modificationTime, problem: problem)
    return Decoded(member: member, extraAndCommentLength: extraLength + commentLength)
  }
}
