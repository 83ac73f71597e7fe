import BinaryKit
import Dispatch
import Synchronization

/// A position where inflating a deflate stream can resume: a block boundary, with the
/// 32 KiB of output before it that later blocks may refer back to (zlib's `examples/zran.c`).
struct AccessPoint: Sendable {
  /// Offset of the boundary in the member's uncompressed bytes.
  let output: UInt64
  /// Compressed bytes consumed up to the boundary, from the start of the member's data.
  let input: UInt64
  /// How many high bits of byte `input - 1` belong to the next block (0...7).
  let bits: Int
  /// Byte `input - 1` of the compressed data (used when `bits > 0`).
  let partialByte: UInt8
  /// The last (at most) 32 KiB of output before the boundary.
  let window: [UInt8]
}

/// Random access into one deflated member, in chunks of at least ``span`` bytes that start at
/// access points.
///
/// The first pass (the *frontier*) inflates the member once from its start, recording an access
/// point at the first block boundary after every ``span`` bytes and offering each chunk it
/// produces to the cache. Once a read has gone past the first chunk, the frontier also moves in
/// the background, on another core, up to ``lookahead`` bytes past the furthest byte asked for
/// so far (not further, or the chunks it caches would be evicted before they are read); a
/// reader asking for more waits for it or extends it itself. A chunk behind the frontier that is
/// no longer cached is inflated again from its access point alone. The frontier checks the
/// declared size and CRC-32 when it reaches the end; after a mismatch every read fails.
///
/// Memory: one access point (32 KiB window) per chunk, counted in the cache as pinned bytes;
/// ``span`` is chosen so that a member's windows take at most an eighth of the cache. Besides:
/// the frontier's live zlib stream (about 300 KiB with its output buffer) until the end, and
/// one chunk and one compressed read (``inputSize``) per thread inflating.
final class SeekableMember: Sendable {
  /// Chunks are at least this long (a deflate block boundary ends each).
  let span: Int
  /// A chunk that reaches this size without a block boundary (a crafted or unusual stream)
  /// makes the member fall back to streaming from its start (``read(offset:count:cache:)``
  /// returns nil): 32 MiB, or twice the span for huge members.
  let maxChunk: Int
  /// Bytes kept per access point.
  static let windowSize = 32 << 10
  /// Compressed bytes read at a time.
  static let inputSize = 1 << 20

  let member: ZipMember
  let dataOffset: UInt64
  let source: any ByteSource

  private struct Index {
    /// `points[k]` starts chunk `k`.
    var points: [AccessPoint]
    /// `ends[k]` is where chunk `k` ends; chunks `ends.count...` are not inflated yet.
    var ends: [UInt64] = []
    var failure: ZipError?
    /// The stream has a block too long to chunk.
    var unseekable = false
  }

  private let index: Mutex<Index>
  /// The first pass's state; nil once it has reached the end (or failed).
  private let frontier: Mutex<Frontier?>
  /// Whether a background task is moving the frontier.
  private let background = Atomic<Bool>(false)
  /// The end of the furthest read so far.
  private let demand = Atomic<UInt64>(0)
  /// How far past ``demand`` the background task inflates.
  let lookahead: UInt64

  /// - Parameters:
  ///   - indexBudget: most bytes of access-point windows for this member (sets ``span``).
  ///   - lookahead: how far the background pass inflates past the furthest read.
  init(member: ZipMember, dataOffset: UInt64, source: any ByteSource, indexBudget: Int, lookahead: Int) {
    self.member = member
    self.dataOffset = dataOffset
    self.source = source
    let size = Int(clamping: member.uncompressedSize)
    // 1 MiB chunks (zran's default span) unless the windows would exceed the budget.
    let points = max(1, indexBudget / Self.windowSize)
    span = max(1 << 20, size / points + 1)
    maxChunk = max(32 << 20, 2 * span)
    self.lookahead = UInt64(max(lookahead, 2 * span))
    let start = AccessPoint(output: 0, input: 0, bits: 0, partialByte: 0, window: [])
    index = Mutex(Index(points: [start]))
    frontier = Mutex(Frontier())
  }

  /// Up to `count` bytes from `offset` (inside the member), or nil when the stream cannot be
  /// chunked and the caller must stream it instead.
  func read(offset: UInt64, count: Int, cache: MemberCache) throws(ZipError) -> [UInt8]? {
    let end = min(member.uncompressedSize, offset + UInt64(count))
    var result: [UInt8] = []
    result.reserveCapacity(Int(end - offset))
    var position = offset
    while position < end {
      guard let (start, bytes) = try chunk(containing: position, cache: cache) else { return nil }
      let lo = Int(position - start)
      let hi = Int(min(end - start, UInt64(bytes.count)))
      guard hi > lo else {
        throw .sizeMismatch(name: member.name, declared: member.uncompressedSize, actual: start + UInt64(bytes.count))
      }
      result.append(contentsOf: bytes[lo..<hi])
      position = start + UInt64(hi)
    }
    return result
  }

  /// The chunk holding byte `position` and where it starts.
  private func chunk(containing position: UInt64, cache: MemberCache) throws(ZipError) -> (UInt64, [UInt8])? {
    // Past the first chunk: more reads all over the member are likely (a shared library being
    // loaded, a sequential copy); inflate ahead of them on another core.
    if position >= UInt64(span) {
      demand.max(position + 1, ordering: .relaxed)
      startBackgroundPass(cache: cache)
    }
    while true {
      let known = try index.withLock { ix throws(ZipError) -> Known? in
        if let failure = ix.failure { throw failure }
        if ix.unseekable { return nil }
        // First chunk ending after `position`.
        var lo = 0
        var hi = ix.ends.count
        while lo < hi {
          let mid = (lo + hi) / 2
          if ix.ends[mid] > position { hi = mid } else { lo = mid + 1 }
        }
        guard lo < ix.ends.count else { return Known(chunk: -1, point: ix.points[0], end: 0, inputEnd: 0) }
        let inputEnd = lo + 1 < ix.points.count ? ix.points[lo + 1].input : member.compressedSize
        return Known(chunk: lo, point: ix.points[lo], end: ix.ends[lo], inputEnd: inputEnd)
      }
      guard let known else { return nil }
      if known.chunk >= 0 {
        return (known.point.output, try bytes(of: known, cache: cache))
      }
      if let produced = try extend(covering: position, cache: cache) { return produced }
    }
  }

  private struct Known {
    let chunk: Int
    let point: AccessPoint
    let end: UInt64
    let inputEnd: UInt64
  }

  /// A chunk behind the frontier: from the cache, or inflated again from its access point.
  private func bytes(of known: Known, cache: MemberCache) throws(ZipError) -> [UInt8] {
    let size = Int(known.end - known.point.output)
    let compressed = Int(clamping: known.inputEnd - known.point.input)
    let key = MemberCache.Key(member: member.index, chunk: known.chunk)
    let inflate = { () throws(ZipError) -> [UInt8] in try self.reinflate(known, size: size) }
    if let bytes = try cache.bytes(of: key, size: size, transient: compressed, produce: inflate) {
      return bytes
    }
    return try inflate()
  }

  private func reinflate(_ known: Known, size: Int) throws(ZipError) -> [UInt8] {
    let point = known.point
    let inflater = BlockInflater(bits: point.bits, partialByte: point.partialByte, window: point.window)
    // The chunk's last block may need a few bits of the byte after its end boundary's byte.
    let inputEnd = min(member.compressedSize, known.inputEnd + 1)
    let input = try readCompressed(at: point.input, count: Int(clamping: inputEnd - point.input))
    var output: [UInt8] = []
    output.reserveCapacity(size)
    var position = 0
    while output.count < size {
      let step = inflater.inflate(input, from: position, maxOutput: size - output.count, into: &output)
      position += step.consumed
      if case .corrupt(let code) = step.outcome {
        throw .corruptData(name: member.name, offset: dataOffset + point.input + UInt64(position), zlibCode: code)
      }
      if step.consumed == 0 && step.produced == 0 || step.outcome == .end && output.count < size {
        throw .truncatedData(
          name: member.name, declaredSize: member.uncompressedSize, produced: point.output + UInt64(output.count))
      }
    }
    return output
  }

  func readCompressed(at offset: UInt64, count: Int) throws(ZipError) -> [UInt8] {
    do { return try source.read(at: dataOffset + offset, count: count) } catch {
      throw EndRecords.truncated(.memberData(member: member.name), error)
    }
  }

  // MARK: - The first pass

  /// Extends the frontier by one chunk unless it already covers `position`. Returns that chunk
  /// (with its start) when it holds `position`, nil when the caller should look again.
  private func extend(covering position: UInt64, cache: MemberCache) throws(ZipError) -> (UInt64, [UInt8])? {
    try frontier.withLock { state throws(ZipError) -> (UInt64, [UInt8])? in
      guard state != nil else { return nil }  // ended or failed: the index says which
      let covered = index.withLock { ix in ix.ends.last.map { $0 > position } ?? false }
      if covered { return nil }
      let (start, bytes) = try advance(&state, cache: cache)
      return position < start + UInt64(bytes.count) ? (start, bytes) : nil
    }
  }

  /// Produces the next chunk, records it in the index and offers it to the cache.
  private func advance(_ state: inout Frontier?, cache: MemberCache) throws(ZipError) -> (UInt64, [UInt8]) {
    guard var current = state else { throw .truncatedData(name: member.name, declaredSize: member.uncompressedSize, produced: 0) }
    let chunkIndex = index.withLock { $0.ends.count }
    let outcome: Frontier.ChunkOutcome
    do {
      outcome = try current.nextChunk(of: self)
    } catch {
      state = nil
      index.withLock { $0.failure = error }
      throw error
    }
    let start = current.produced - UInt64(outcome.bytes.count)
    switch outcome.end {
    case .boundary(let point):
      cache.pin(point.window.count)
      index.withLock { ix in
        ix.ends.append(point.output)
        ix.points.append(point)
      }
      state = current
    case .streamEnd:
      index.withLock { $0.ends.append(current.produced) }
      state = nil
    case .tooLong:
      index.withLock { $0.unseekable = true }
      state = nil
      return (start, [])
    }
    cache.insert(outcome.bytes, for: MemberCache.Key(member: member.index, chunk: chunkIndex))
    return (start, outcome.bytes)
  }

  /// Moves the frontier on another thread until it is ``lookahead`` past the demand (one task
  /// at a time; a read that raises the demand starts a new one when none runs).
  private func startBackgroundPass(cache: MemberCache) {
    guard wantsBackground, background.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
    // Weak: the task stops once the archive (which owns the cache and this index) is gone.
    DispatchQueue.global().async { [weak self, weak cache] in
      while true {
        guard let member = self, let cache else { return }
        while member.wantsBackground, member.advanceInBackground(cache: cache) {}
        member.background.store(false, ordering: .releasing)
        // A read may have raised the demand after the last check: take the task back if so.
        guard member.wantsBackground,
          member.background.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
      }
    }
  }

  /// Whether the frontier is behind the demand plus the lookahead and still moving.
  private var wantsBackground: Bool {
    let target = demand.load(ordering: .relaxed) &+ lookahead
    return index.withLock { ix in
      ix.failure == nil && !ix.unseekable && (ix.ends.last ?? 0) < min(target, member.uncompressedSize)
        && (ix.ends.last ?? 0) < member.uncompressedSize
    }
  }

  /// One chunk of the background pass; false when the pass is over.
  private func advanceInBackground(cache: MemberCache) -> Bool {
    let more = try? frontier.withLock { state throws(ZipError) -> Bool in
      guard state != nil else { return false }
      _ = try advance(&state, cache: cache)
      return state != nil
    }
    return more == true
  }
}
