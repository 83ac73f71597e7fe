import Synchronization

/// Counters describing what the member cache did, for tests and benchmarks.
public struct ZipCacheStatistics: Hashable, Sendable {
  /// Requests served from already inflated bytes (a whole member or a chunk of one).
  public var hits: Int
  /// Whole members and chunks inflated into the cache.
  public var inflations: Int
  /// Inflations whose bytes could not be kept (larger than the capacity, or no room left
  /// beside other inflations in progress).
  public var uncached: Int
  /// Entries dropped to stay within capacity.
  public var evictions: Int
  /// Bytes currently held: cached entries, reservations for inflations in progress, and the
  /// access-point windows of members read in chunks.
  public var bytes: Int
}

/// A byte-bounded LRU cache of inflated bytes (whole members, or chunks of large members),
/// shared by all threads.
///
/// Memory is reserved *before* inflating: an inflation that needs `size` bytes of output plus
/// `transient` bytes of compressed input first evicts least recently used entries until it fits
/// beside everything else held or in progress, and does not run (the caller falls back to a
/// path that holds less) when it cannot. So the bytes held by the cache and by inflations in
/// progress never exceed the capacity together, whatever the number of threads.
///
/// Each key gets a slot with its own lock: the first thread to ask inflates while holding the
/// slot's lock, and concurrent requests for the same key wait on it instead of inflating
/// again. The cache-wide lock is only held for bookkeeping, never while inflating.
final class MemberCache: Sendable {
  /// What is cached: a whole member (`chunk == -1`) or chunk `chunk` of a large member.
  struct Key: Hashable, Sendable {
    var member: Int
    var chunk: Int
    static func whole(_ member: Int) -> Key { Key(member: member, chunk: -1) }
  }

  let capacity: Int

  private final class Slot: Sendable {
    let size: Int
    let value = Mutex<Result<[UInt8], ZipError>?>(nil)
    init(size: Int) { self.size = size }
  }

  private struct State {
    var slots: [Key: Slot] = [:]
    /// Keys in use order with a stamp; stale pairs (stamp != current) are skipped.
    var queue: [(key: Key, stamp: UInt64)] = []
    var queueHead = 0
    var stamps: [Key: UInt64] = [:]
    var clock: UInt64 = 0
    var stats = ZipCacheStatistics(hits: 0, inflations: 0, uncached: 0, evictions: 0, bytes: 0)

    mutating func touch(_ key: Key) {
      clock += 1
      stamps[key] = clock
      queue.append((key, clock))
      if queue.count > 64 && queueHead > queue.count / 2 {
        queue.removeFirst(queueHead)
        queueHead = 0
      }
    }

    /// Evicts least recently used entries until `extra` more bytes fit; reserves them if so.
    mutating func reserve(_ extra: Int, capacity: Int) -> Bool {
      guard extra <= capacity else { return false }
      while stats.bytes + extra > capacity, queueHead < queue.count {
        let (key, stamp) = queue[queueHead]
        queueHead += 1
        guard stamps[key] == stamp, let slot = slots[key] else { continue }
        slots[key] = nil
        stamps[key] = nil
        stats.bytes -= slot.size
        stats.evictions += 1
      }
      guard stats.bytes + extra <= capacity else { return false }
      stats.bytes += extra
      return true
    }
  }

  private let state = Mutex(State())
  /// Random-access indexes of members inflated in chunks, by member index.
  private let seekables = Mutex<[Int: SeekableMember]>([:])

  init(capacity: Int) { self.capacity = max(capacity, 0) }

  var statistics: ZipCacheStatistics { state.withLock { $0.stats } }

  /// The bytes for `key` (`size` bytes once produced), produced by `produce` at most once while
  /// they stay cached. `transient` more bytes are reserved while producing (the compressed
  /// input). Returns nil, without calling `produce`, when the bytes cannot be reserved.
  func bytes(
    of key: Key, size: Int, transient: Int = 0, produce: () throws(ZipError) -> [UInt8]
  ) throws(ZipError) -> [UInt8]? {
    let slot = state.withLock { s -> Slot in
      if let slot = s.slots[key] { return slot }
      let slot = Slot(size: size)
      s.slots[key] = slot
      return slot
    }
    let reservation = size + transient
    let outcome = slot.value.withLock { value -> (result: Result<[UInt8], ZipError>, inflated: Bool)? in
      if let value { return (value, false) }
      guard state.withLock({ $0.reserve(reservation, capacity: capacity) }) else { return nil }
      let result = Result { () throws(ZipError) -> [UInt8] in try produce() }
      if case .success = result { value = result }
      return (result, true)
    }
    state.withLock { s in
      guard let outcome else {
        // No room: forget the empty slot (a later request tries again).
        if s.slots[key] === slot, s.stamps[key] == nil { s.slots[key] = nil }
        s.stats.uncached += 1
        return
      }
      guard outcome.inflated else {
        s.stats.hits += 1
        // Only accounted slots (those with a stamp) take part in LRU order.
        if s.slots[key] === slot, s.stamps[key] != nil { s.touch(key) }
        return
      }
      s.stats.inflations += 1
      s.stats.bytes -= reservation
      guard case .success = outcome.result, s.slots[key] === slot else {
        // Do not keep failures: the next request tries again (and fails the same way).
        if s.slots[key] === slot { s.slots[key] = nil }
        return
      }
      s.stats.bytes += size
      s.touch(key)
    }
    return try outcome?.result.get()
  }

  /// The bytes cached for `key`, if they are there now: never produces them, never waits for
  /// a thread that is producing them, and leaves the use order as it is.
  func peek(_ key: Key) -> [UInt8]? {
    guard let slot = state.withLock({ $0.slots[key] }) else { return nil }
    let value = slot.value.withLockIfAvailable { $0 }
    guard case .success(let bytes)? = value ?? nil else { return nil }
    return bytes
  }

  /// Keeps `bytes` (produced elsewhere) under `key` if there is room and nothing is cached or
  /// in progress for it yet. Accounted by capacity: the array may have grown past its count.
  func insert(_ bytes: [UInt8], for key: Key) {
    let size = max(bytes.count, bytes.capacity)
    state.withLock { s in
      guard s.slots[key] == nil, s.reserve(size, capacity: capacity) else { return }
      let slot = Slot(size: size)
      slot.value.withLock { $0 = .success(bytes) }
      s.slots[key] = slot
      s.touch(key)
    }
  }

  /// Accounts `count` bytes that stay allocated as long as the archive (access-point windows),
  /// evicting cached entries to make room when possible.
  func pin(_ count: Int) {
    state.withLock { s in
      if !s.reserve(count, capacity: capacity) { s.stats.bytes += count }
    }
  }

  /// Gives back `count` bytes accounted by ``pin(_:)``.
  func unpin(_ count: Int) {
    state.withLock { $0.stats.bytes = max(0, $0.stats.bytes - count) }
  }

  /// Counts an inflation whose bytes were not kept.
  func countUncached() { state.withLock { $0.stats.uncached += 1 } }

  /// The random-access index of member `member`, made by `make` on first use.
  func seekable(
    _ member: Int, make: () throws(ZipError) -> SeekableMember
  ) throws(ZipError) -> SeekableMember {
    if let existing = seekables.withLock({ $0[member] }) { return existing }
    let made = try make()
    return seekables.withLock { table in
      if let existing = table[member] { return existing }
      table[member] = made
      return made
    }
  }
}
