import Synchronization

/// Counters describing what the member cache did, for tests and benchmarks.
public struct ZipCacheStatistics: Hashable, Sendable {
  /// Requests served from an already inflated member.
  public var hits: Int
  /// Members inflated into the cache.
  public var inflations: Int
  /// Requests for members larger than the capacity, inflated without caching.
  public var uncached: Int
  /// Members dropped to stay within capacity.
  public var evictions: Int
  /// Bytes currently held.
  public var bytes: Int
}

/// A byte-bounded LRU cache of inflated members, shared by all threads.
///
/// Each member gets a slot with its own lock: the first thread to ask inflates while holding
/// the slot's lock, and concurrent requests for the same member wait on it instead of
/// inflating again. The cache-wide lock is only held for bookkeeping, never while inflating.
final class MemberCache: Sendable {
  let capacity: Int

  private final class Slot: Sendable {
    let size: Int
    let value = Mutex<Result<[UInt8], ZipError>?>(nil)
    init(size: Int) { self.size = size }
  }

  private struct State {
    var slots: [Int: Slot] = [:]
    /// Member indices in use order with a stamp; stale pairs (stamp != current) are skipped.
    var queue: [(index: Int, stamp: UInt64)] = []
    var queueHead = 0
    var stamps: [Int: UInt64] = [:]
    var clock: UInt64 = 0
    var stats = ZipCacheStatistics(hits: 0, inflations: 0, uncached: 0, evictions: 0, bytes: 0)

    mutating func touch(_ index: Int) {
      clock += 1
      stamps[index] = clock
      queue.append((index, clock))
      if queue.count > 64 && queueHead > queue.count / 2 {
        queue.removeFirst(queueHead)
        queueHead = 0
      }
    }

    mutating func evict(toFit capacity: Int, keeping kept: Int) {
      while stats.bytes > capacity, queueHead < queue.count {
        let (index, stamp) = queue[queueHead]
        queueHead += 1
        guard stamps[index] == stamp, index != kept, let slot = slots[index] else { continue }
        slots[index] = nil
        stamps[index] = nil
        stats.bytes -= slot.size
        stats.evictions += 1
      }
    }
  }

  private let state = Mutex(State())

  init(capacity: Int) { self.capacity = max(capacity, 0) }

  var statistics: ZipCacheStatistics { state.withLock { $0.stats } }

  /// The inflated bytes of member `index` (`size` bytes once inflated), produced by `inflate`
  /// at most once while the member stays cached.
  func bytes(
    of index: Int, size: Int, inflate: () throws(ZipError) -> [UInt8]
  ) throws(ZipError) -> [UInt8] {
    guard size <= capacity else {
      state.withLock { $0.stats.uncached += 1 }
      return try inflate()
    }
    let slot = state.withLock { s -> Slot in
      if let slot = s.slots[index] { return slot }
      let slot = Slot(size: size)
      s.slots[index] = slot
      return slot
    }
    let (result, inflatedHere) = slot.value.withLock { value -> (Result<[UInt8], ZipError>, Bool) in
      if let value { return (value, false) }
      let result = Result { () throws(ZipError) -> [UInt8] in try inflate() }
      value = result
      return (result, true)
    }
    state.withLock { s in
      if !inflatedHere {
        s.stats.hits += 1
        // Only accounted slots (those with a stamp) take part in LRU order.
        if s.slots[index] === slot, s.stamps[index] != nil { s.touch(index) }
        return
      }
      s.stats.inflations += 1
      guard case .success = result else {
        // Do not keep failures: the next request tries again (and fails the same way).
        if s.slots[index] === slot { s.slots[index] = nil }
        return
      }
      s.stats.bytes += size
      s.touch(index)
      s.evict(toFit: capacity, keeping: index)
    }
    return try result.get()
  }
}
