import BinaryKit

extension ZipArchive {
  /// The whole uncompressed content of `member`, verified against its declared size and CRC-32.
  ///
  /// Served from the cache when possible; safe to call from many threads at once.
  ///
  /// - Throws: the member's recorded ``ZipMember/problem``, or a read-time error
  ///   (`localHeaderMismatch`, `corruptData`, `truncatedData`, `sizeMismatch`, `crcMismatch`,
  ///   `truncated`, `badSignature`, `memberOutOfBounds`).
  public func data(of member: ZipMember) throws(ZipError) -> [UInt8] {
    let own = try resolve(member)
    if let problem = own.problem { throw problem }
    // A size that is not an Int cannot be cached (and cannot be returned either).
    let size = Checked.int(own.uncompressedSize) ?? Int.max
    return try cache.bytes(of: own.index, size: size) { () throws(ZipError) -> [UInt8] in
      try reader.contents(of: own, limit: dataLimits[own.index])
    }
  }

  /// The whole uncompressed content of the member called `name`.
  public func data(named name: String) throws(ZipError) -> [UInt8] {
    guard let member = member(named: name) else { throw .memberNotFound(name) }
    return try data(of: member)
  }

  /// Up to `count` bytes of `member`'s uncompressed content starting at `offset` (fewer at the
  /// end, none past it).
  ///
  /// Members that fit in the cache are inflated whole once (and CRC-checked); larger ones are
  /// read directly (stored) or inflated as a stream up to the end of the window, so random
  /// access into them costs time proportional to `offset`.
  public func read(_ member: ZipMember, offset: UInt64, count: Int) throws(ZipError) -> [UInt8] {
    let own = try resolve(member)
    if let problem = own.problem { throw problem }
    guard offset < own.uncompressedSize, count > 0 else { return [] }
    if let size = Checked.int(own.uncompressedSize), size <= cache.capacity {
      let bytes = try data(of: own)
      let start = Int(offset)
      return Array(bytes[start..<(start + min(count, bytes.count - start))])
    }
    return try reader.window(of: own, offset: offset, count: count, limit: dataLimits[own.index])
  }

  /// Where `member`'s compressed bytes are: `[offset, offset + compressedSize)`, after checking
  /// its local header. Used to copy members without inflating them.
  public func compressedDataOffset(of member: ZipMember) throws(ZipError) -> UInt64 {
    let own = try resolve(member)
    if let problem = own.problem { throw problem }
    return try LocalHeader.dataOffset(of: own, in: source, limit: dataLimits[own.index])
  }

  /// What the cache has done so far.
  public var cacheStatistics: ZipCacheStatistics { cache.statistics }

  /// This archive's own record for `member` (which may come from another archive).
  func resolve(_ member: ZipMember) throws(ZipError) -> ZipMember {
    guard member.index >= 0, member.index < members.count else {
      throw .foreignMember(name: member.name, index: member.index)
    }
    let own = members[member.index]
    guard own.name == member.name, own.localHeaderOffset == member.localHeaderOffset else {
      throw .foreignMember(name: member.name, index: member.index)
    }
    return own
  }
}
