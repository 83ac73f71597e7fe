import Foundation
import MountKit
import Synchronization
import TestSupport
import Testing

/// After one read of a member the source already holds whole (an inflated member in the cache),
/// the mount copies the whole member into the kernel's page cache: its other pages are then read
/// without a request. Residency is measured by `fincore` (util-linux, mincore(2)).
@Suite(.serialized) struct PageCacheTests {
  /// A source that counts its reads and may offer whole contents as resident.
  final class CountingSource: MountSource {
    let base: InMemorySource
    let content: [UInt8]
    let resident: Bool
    let reads = Atomic<Int>(0)

    init(content: [UInt8], resident: Bool) {
      base = InMemorySource([TestWheel.file("big.bin", content)], modificationTime: TestWheel.time)
      self.content = content
      self.resident = resident
    }

    var entries: [MountEntry] { base.entries }
    var modificationTime: MountTime? { base.modificationTime }
    func read(entry: Int, offset: UInt64, count: Int) throws -> [UInt8] {
      reads.add(1, ordering: .relaxed)
      return try base.read(entry: entry, offset: offset, count: count)
    }
    func residentContent(entry: Int) -> ResidentContent? { resident ? ResidentContent(bytes: content) : nil }
  }

  static let content = TestWheel.pattern((2 << 20) + 5, seed: 9)
  static let pages = (content.count + 4095) / 4096

  static func tree(_ source: CountingSource) -> VirtualTree {
    VirtualTree(wheel: MountedWheel(name: "w", source: source, audit: FixedAudit(), repair: { _ in .success("") }))
  }

  /// Resident bytes of `file` in the page cache, as `fincore` reports them.
  static func residentBytes(_ file: String, in mount: TestMount) throws -> Int {
    let result = try mount.sh("fincore --bytes --noheadings --output RES \"\(file)\"")
    #expect(result.status == 0, "fincore: \(result.stderr)")
    return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
  }

  @Test func oneReadOfAResidentMemberFillsThePageCache() throws {
    let source = CountingSource(content: Self.content, resident: true)
    try withMount(Self.tree(source)) { mount in
      let file = mount.path("big.bin")
      #expect(try Self.residentBytes(file, in: mount) == 0)
      try mount.sh("dd if=\"$M/big.bin\" bs=4096 count=1 skip=100 of=/dev/null status=none")
      // The copy runs after the read was answered: wait for it (seconds at most).
      var resident = 0
      for _ in 0..<250 {
        resident = try Self.residentBytes(file, in: mount)
        if resident == Self.pages * 4096 { break }
        usleep(20_000)
      }
      #expect(resident == Self.pages * 4096)
      let before = source.reads.load(ordering: .relaxed)
      #expect(FileManager.default.contents(atPath: file).map(Array.init) == Self.content)
      #expect(source.reads.load(ordering: .relaxed) == before, "pages in the page cache need no request")
    }
  }

  @Test func withoutResidentContentPagesAreReadOnDemand() throws {
    let source = CountingSource(content: Self.content, resident: false)
    try withMount(Self.tree(source)) { mount in
      let file = mount.path("big.bin")
      try mount.sh("dd if=\"$M/big.bin\" bs=4096 count=1 skip=100 of=/dev/null status=none")
      usleep(200_000)
      #expect(try Self.residentBytes(file, in: mount) < Self.pages * 4096 / 2)
      let before = source.reads.load(ordering: .relaxed)
      #expect(FileManager.default.contents(atPath: file).map(Array.init) == Self.content)
      #expect(source.reads.load(ordering: .relaxed) > before)
    }
  }
}
