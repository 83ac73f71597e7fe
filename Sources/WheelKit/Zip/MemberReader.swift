import BinaryKit

/// Reads and verifies one member's data: local header check, inflate, size and CRC-32.
///
/// Stateless apart from the source, so it is used from many threads at once.
struct MemberReader: Sendable {
  let source: any ByteSource
  /// Compressed bytes are read in chunks of this size.
  static let chunkSize = 16 << 20

  /// The whole member, inflated and verified.
  func contents(of member: ZipMember, limit: UInt64) throws(ZipError) -> [UInt8] {
    if let problem = member.problem { throw problem }
    guard let size = Checked.int(member.uncompressedSize) else {
      throw .sizeMismatch(name: member.name, declared: member.uncompressedSize, actual: nil)
    }
    let dataOffset = try LocalHeader.dataOffset(of: member, in: source, limit: limit)
    let bytes: [UInt8]
    let crc: UInt32
    if member.method == .stored {
      bytes = try read(member, at: dataOffset, count: size)
      crc = Zlib.crc32(bytes)
    } else {
      // Sizes are known, so the whole compressed stream is read at once and inflated in one
      // call (both bounded: the compressed size by the file, the output by the limits).
      guard let compressedCount = Checked.int(member.compressedSize) else {
        throw .memberOutOfBounds(
          name: member.name, offset: dataOffset, end: UInt64.max, limit: limit)
      }
      let compressed = try read(member, at: dataOffset, count: compressedCount)
      let (inflated, status, computed) = Zlib.inflateWhole(compressed, outputSize: size)
      try check(status, member: member, dataOffset: dataOffset)
      bytes = inflated
      crc = computed
    }
    guard crc == member.crc32 else {
      throw .crcMismatch(name: member.name, declared: member.crc32, actual: crc)
    }
    return bytes
  }

  /// `count` bytes of the member's uncompressed data starting at `offset`, produced by
  /// streaming without holding the whole member. The CRC-32 is verified when the window
  /// reaches the end of the member.
  func window(of member: ZipMember, offset: UInt64, count: Int, limit: UInt64) throws(ZipError) -> [UInt8] {
    if let problem = member.problem { throw problem }
    let dataOffset = try LocalHeader.dataOffset(of: member, in: source, limit: limit)
    guard offset < member.uncompressedSize, count > 0 else { return [] }
    let wanted = Int(min(UInt64(count), member.uncompressedSize - offset))
    if member.method == .stored {
      return try read(member, at: dataOffset + offset, count: wanted)
    }
    var position = dataOffset
    var remaining = member.compressedSize
    var result: [UInt8] = []
    result.reserveCapacity(wanted)
    var produced: UInt64 = 0
    var crc: UInt32 = 0
    let windowEnd = offset + UInt64(wanted)
    let reachesEnd = windowEnd == member.uncompressedSize
    let status = try Zlib.inflateStream(nextInput: { () throws(ZipError) -> [UInt8] in
      guard remaining > 0 else { return [] }
      let n = Int(min(remaining, UInt64(Self.chunkSize)))
      let chunk = try read(member, at: position, count: n)
      position += UInt64(n)
      remaining -= UInt64(n)
      return chunk
    }) { chunk in
      let start = produced
      produced += UInt64(chunk.count)
      if reachesEnd { crc = Zlib.crc32(chunk, initial: crc) }
      if produced > offset && start < windowEnd {
        let lo = chunk.startIndex + Int(max(offset, start) - start)
        let hi = chunk.startIndex + Int(min(windowEnd, produced) - start)
        result.append(contentsOf: chunk[lo..<hi])
      }
      // Keep going past the window only to verify the whole member's size and CRC.
      return produced <= member.uncompressedSize && (reachesEnd || produced < windowEnd)
    }
    switch status {
    case .stopped:
      if produced > member.uncompressedSize {
        throw .sizeMismatch(name: member.name, declared: member.uncompressedSize, actual: nil)
      }
    case .ended(let total):
      guard total == member.uncompressedSize else {
        throw .sizeMismatch(name: member.name, declared: member.uncompressedSize, actual: total)
      }
      if reachesEnd, crc != member.crc32 {
        throw .crcMismatch(name: member.name, declared: member.crc32, actual: crc)
      }
    case .inputExhausted(let total):
      throw .truncatedData(name: member.name, declaredSize: member.uncompressedSize, produced: total)
    case .corrupt(let code, let consumed):
      throw .corruptData(name: member.name, offset: dataOffset + consumed, zlibCode: code)
    }
    return result
  }

  private func check(_ status: InflateStatus, member: ZipMember, dataOffset: UInt64) throws(ZipError) {
    switch status {
    case .complete: return
    case .outputTooShort(let produced):
      throw .sizeMismatch(name: member.name, declared: member.uncompressedSize, actual: produced)
    case .outputTooLong:
      throw .sizeMismatch(name: member.name, declared: member.uncompressedSize, actual: nil)
    case .inputExhausted(let produced):
      throw .truncatedData(name: member.name, declaredSize: member.uncompressedSize, produced: produced)
    case .corrupt(let code, let consumed):
      throw .corruptData(name: member.name, offset: dataOffset + consumed, zlibCode: code)
    }
  }

  private func read(_ member: ZipMember, at offset: UInt64, count: Int) throws(ZipError) -> [UInt8] {
    do { return try source.read(at: offset, count: count) } catch {
      throw EndRecords.truncated(.memberData(member: member.name), error)
    }
  }
}
