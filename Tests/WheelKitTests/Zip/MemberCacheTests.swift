import BinaryKit
import Dispatch
import Synchronization
import Testing

@testable import WheelKit

/// The shared inflate cache: bounded in bytes, LRU, one inflate per member however many
/// threads ask at once, and correct results from many threads.
@Suite struct MemberCacheTests {
  static func archive(count: Int, size: Int, capacity: Int) throws -> ZipArchive {
    let members = (0..<count).map { RawZipBuilder.Member.deflated("m\($0).txt", pattern(size: size, seed: UInt32($0))) }
    return try ZipArchive(source: InMemoryBytes(RawZipBuilder(members: members).bytes), cacheCapacity: capacity)
  }

  /// Sixteen simultaneous requests for one uncached member: one inflate, the others wait for it.
  @Test func concurrentRequestsInflateOnce() throws {
    let archive = try Self.archive(count: 2, size: 4 << 20, capacity: 64 << 20)
    let member = archive.members[1]
    let results = Mutex<[[UInt8]]>([])
    DispatchQueue.concurrentPerform(iterations: 16) { _ in
      let bytes = (try? archive.data(of: member)) ?? []
      results.withLock { $0.append(bytes) }
    }
    let all = results.withLock { $0 }
    #expect(all.count == 16)
    #expect(all.allSatisfy { $0 == pattern(size: 4 << 20, seed: 1) })
    let stats = archive.cacheStatistics
    #expect(stats.inflations == 1)
    #expect(stats.hits == 15)
    #expect(stats.bytes == 4 << 20)
  }

  @Test func evictsLeastRecentlyUsedWithinCapacity() throws {
    let archive = try Self.archive(count: 5, size: 40_000, capacity: 100_000)
    for member in archive.members { _ = try archive.data(of: member) }
    var stats = archive.cacheStatistics
    #expect(stats.inflations == 5)
    #expect(stats.bytes == 80_000)  // the last two
    #expect(stats.evictions == 3)
    _ = try archive.data(of: archive.members[4])
    #expect(archive.cacheStatistics.hits == 1)
    _ = try archive.data(of: archive.members[3])  // now m3 is most recent, m4 next
    _ = try archive.data(of: archive.members[0])  // evicts m4
    stats = archive.cacheStatistics
    #expect(stats.inflations == 6 && stats.hits == 2 && stats.bytes == 80_000)
    _ = try archive.data(of: archive.members[3])
    #expect(archive.cacheStatistics.hits == 3)
    _ = try archive.data(of: archive.members[4])
    #expect(archive.cacheStatistics.inflations == 7)
  }

  /// A reservation counts in the budget until released: it evicts cached members, keeps new
  /// inflations out while the budget is short, and ``ZipArchive/cachedContents(of:)`` only peeks.
  @Test func reservationsShareTheBudgetUntilReleased() throws {
    let archive = try Self.archive(count: 3, size: 40_000, capacity: 100_000)
    _ = try archive.data(of: archive.members[0])
    _ = try archive.data(of: archive.members[1])
    #expect(archive.cacheStatistics.bytes == 80_000)
    #expect(archive.cachedContents(of: archive.members[1]) == pattern(size: 40_000, seed: 1))
    #expect(archive.cachedContents(of: archive.members[2]) == nil)
    var reservation: CacheReservation? = archive.reserve(50_000)
    var stats = archive.cacheStatistics
    #expect(stats.evictions == 1 && stats.bytes == 90_000)  // m0 evicted to make room
    #expect(archive.cachedContents(of: archive.members[0]) == nil)
    // m2 needs its 40,000 bytes and its compressed input beside them: with 50,000 reserved
    // that cannot fit even after evicting m1, so it is served but not kept.
    #expect(try archive.data(of: archive.members[2]) == pattern(size: 40_000, seed: 2))
    stats = archive.cacheStatistics
    #expect(stats.bytes == 50_000 && stats.evictions == 2 && stats.uncached == 1)
    #expect(archive.cachedContents(of: archive.members[2]) == nil)
    withExtendedLifetime(reservation) {}
    reservation = nil
    #expect(archive.cacheStatistics.bytes == 0)
    _ = try archive.data(of: archive.members[2])
    #expect(archive.cacheStatistics.bytes == 40_000)
  }

  @Test func membersLargerThanTheCacheAreServedUncached() throws {
    let archive = try Self.archive(count: 1, size: 300_000, capacity: 100_000)
    let member = archive.members[0]
    #expect(try archive.data(of: member) == pattern(size: 300_000, seed: 0))
    #expect(try archive.data(of: member) == pattern(size: 300_000, seed: 0))
    #expect(try archive.read(member, offset: 250_000, count: 100) == Array(pattern(size: 300_000, seed: 0)[250_000..<250_100]))
    let stats = archive.cacheStatistics
    #expect(stats.uncached == 2 && stats.inflations == 0 && stats.bytes == 0)
  }

  @Test func failuresAreNotCached() throws {
    var bad = RawZipBuilder.Member.deflated("bad.txt", pattern(size: 1000, seed: 1))
    bad.crc ^= 0xFF
    let archive = try ZipArchive(source: InMemoryBytes(RawZipBuilder(members: [bad]).bytes))
    for _ in 0..<3 {
      #expect(zipError { try archive.data(of: archive.members[0]) } == .crcMismatch(name: "bad.txt", declared: bad.crc, actual: bad.crc ^ 0xFF))
    }
    #expect(archive.cacheStatistics.inflations == 3 && archive.cacheStatistics.bytes == 0)
  }

  /// Eight threads reading every member of a real wheel in different orders, through a cache
  /// too small to hold it (so evictions race with reads), all get the right bytes.
  @Test func manyThreadsReadCorrectly() throws {
    let path = try PyPIWheelTests.wheel("numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl")
    let truth = try ZipArchive(path: path).extractAll().map { try $0.get() }
    let archive = try ZipArchive(path: path, cacheCapacity: 8 << 20)
    let mismatches = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 8) { worker in
      let n = archive.members.count
      for k in 0..<n {
        let i = (k * (2 * worker + 1) + worker * 97) % n
        let member = archive.members[i]
        let ok: Bool
        if k % 3 == 0 {
          let offset = UInt64(truth[i].count / 3)
          let window = (try? archive.read(member, offset: offset, count: 4096)) ?? [0]
          ok = window == Array(truth[i][Int(offset)..<min(truth[i].count, Int(offset) + 4096)])
        } else {
          ok = (try? archive.data(of: member)) == truth[i]
        }
        if !ok { mismatches.add(1, ordering: .relaxed) }
      }
    }
    #expect(mismatches.load(ordering: .relaxed) == 0)
    #expect(archive.cacheStatistics.bytes <= 8 << 20)
  }
}
