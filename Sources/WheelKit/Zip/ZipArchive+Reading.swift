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
    if let bytes = try cachedWhole(own) { return bytes }
    // Too large for the cache (or no room now): inflated for this caller only.
    if wholeSize(own) == nil { cache.countUncached() }
    return try reader.contents(of: own, limit: dataLimits[own.index])
  }

  /// The whole uncompressed content of the member called `name`.
  public func data(named name: String) throws(ZipError) -> [UInt8] {
    guard let member = member(named: name) else { throw .memberNotFound(name) }
    return try data(of: member)
  }

  /// Up to `count` bytes of `member`'s uncompressed content starting at `offset` (fewer at the
  /// end, none past it).
  ///
  /// A member whose inflated bytes (plus, while inflating, its compressed bytes) fit in the cache
  /// is inflated whole once, CRC-checked, and served from the cache. A larger one (or one that
  /// finds no room beside inflations in progress) is read directly when stored, or inflated in
  /// chunks of about a MiB: its first pass records resumable positions (access points) and
  /// continues in the background to the member's end, so later reads at any offset inflate at
  /// most one chunk; recent chunks are cached. Its CRC-32 is checked when the first pass ends:
  /// reads served before that are unverified, later ones fail if it does not match.
  public func read(_ member: ZipMember, offset: UInt64, count: Int) throws(ZipError) -> [UInt8] {
    let own = try resolve(member)
    if let problem = own.problem { throw problem }
    guard offset < own.uncompressedSize, count > 0 else { return [] }
    if let bytes = try cachedWhole(own) {
      let start = Int(offset)
      return Array(bytes[start..<(start + min(count, bytes.count - start))])
    }
    let limit = dataLimits[own.index]
    if own.method == .deflate {
      let seekable = try cache.seekable(own.index) { () throws(ZipError) -> SeekableMember in
        let dataOffset = try LocalHeader.dataOffset(of: own, in: source, limit: limit)
        // Windows take at most an eighth of the cache; the background pass reads ahead by a
        // quarter of it, so that chunks are still cached when they are read.
        return SeekableMember(
          member: own, dataOffset: dataOffset, source: source, indexBudget: cache.capacity / 8,
          lookahead: cache.capacity / 4)
      }
      if let bytes = try seekable.read(offset: offset, count: count, cache: cache) { return bytes }
    }
    return try reader.window(of: own, offset: offset, count: count, limit: limit)
  }

  /// Accounts `bytes` that the caller holds outside the cache (a large table copied out of a
  /// member) in the cache's budget until the returned reservation is released: cached members
  /// are evicted to make room, and while room is short later inflations are not kept. So memory
  /// held by the cache and by its callers' copies stays near the capacity together.
  public func reserve(_ bytes: Int) -> CacheReservation {
    cache.pin(bytes)
    return CacheReservation(cache: cache, bytes: bytes)
  }

  /// The size and SHA-256 of `member`, read in `piece`-byte reads (through the cache, or the
  /// checkpoints of a member larger than it), never held whole.
  public func digest(of member: ZipMember, piece: Int = 1 << 20) throws(ZipError) -> MemberDigest {
    var hasher = MemberHasher()
    var offset: UInt64 = 0
    while offset < member.uncompressedSize {
      let bytes = try read(member, offset: offset, count: piece)
      guard !bytes.isEmpty else { break }
      hasher.update(bytes)
      offset += UInt64(bytes.count)
    }
    return hasher.finalize()
  }

  /// The whole content of `member` if the cache holds it now (nil otherwise: nothing is read
  /// or inflated).
  public func cachedContents(of member: ZipMember) -> [UInt8]? {
    guard let own = try? resolve(member) else { return nil }
    return cache.peek(.whole(own.index))
  }

  /// The whole member from the cache, inflated into it if it fits; nil when it does not.
  private func cachedWhole(_ own: ZipMember) throws(ZipError) -> [UInt8]? {
    guard let (size, extra) = wholeSize(own) else { return nil }
    return try cache.bytes(of: .whole(own.index), size: size, transient: extra) { () throws(ZipError) -> [UInt8] in
      try reader.contents(of: own, limit: dataLimits[own.index])
    }
  }

  /// The bytes a whole-member inflation holds (output, and compressed input while inflating),
  /// or nil when together they exceed the cache's capacity. Stored members are read straight
  /// into their buffer; deflated ones need their compressed bytes beside the output while
  /// libdeflate inflates.
  private func wholeSize(_ own: ZipMember) -> (size: Int, transient: Int)? {
    let transient = own.method == .stored ? 0 : own.compressedSize
    guard let size = Checked.int(own.uncompressedSize), let extra = Checked.int(transient),
      size <= cache.capacity, extra <= cache.capacity - size
    else { return nil }
    return (size, extra)
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

/// Bytes accounted in a ``ZipArchive``'s cache budget (``ZipArchive/reserve(_:)``) until this is
/// released (deinitialized).
public final class CacheReservation: Sendable {
  let cache: MemberCache
  /// The bytes accounted.
  public let bytes: Int

  init(cache: MemberCache, bytes: Int) {
    self.cache = cache
    self.bytes = bytes
  }

  deinit { cache.unpin(bytes) }
}
