import MountKit
import Synchronization
import Testing

@Suite struct VirtualTreeReadTests {
  static let big = Fake.bytes("pkg/big.bin", count: 300_000)
  static let members: [Member] = [big, Fake.file("pkg/a.py", "print('a')\n"), Fake.file("pkg/empty", "")]

  @Test(arguments: [
    (0, 10), (0, 300_000), (1, 4096), (131_072, 131_072), (299_990, 100), (299_999, 1), (123_457, 1),
  ])
  func readsReturnTheRequestedRange(offset: Int, count: Int) throws {
    let tree = Fake.tree(Self.members)
    let bytes = try tree.read("/pkg/big.bin", offset: UInt64(offset), count: count)
    let content = Self.big.content
    #expect(bytes == Array(content[offset..<min(content.count, offset + count)]))
  }

  @Test func readsAtOrPastTheEndAreEmpty() throws {
    let tree = Fake.tree(Self.members)
    #expect(try tree.read("/pkg/a.py", offset: 11, count: 10).isEmpty)
    #expect(try tree.read("/pkg/a.py", offset: 1 << 40, count: 10).isEmpty)
    #expect(try tree.read("/pkg/a.py", offset: 0, count: 0).isEmpty)
    #expect(try tree.read("/pkg/empty", offset: 0, count: 4096).isEmpty)
    #expect(try tree.read("/pkg/a.py", offset: 6, count: 100) == Array("'a')\n".utf8))
  }

  @Test func wholeFilesReadInKernelSizedChunksMatch() throws {
    let tree = Fake.tree(Self.members)
    #expect(try tree.readAll("/pkg/big.bin", chunk: 131_072) == Self.big.content)
    #expect(try tree.text("/pkg/a.py") == "print('a')\n")
  }

  @Test func theSourceIsOnlyAskedForRangesInsideTheEntry() throws {
    let source = ProbeSource(Self.members)
    let tree = VirtualTree(wheel: MountedWheel(name: "w", source: source, audit: TextAudit(), repair: { _ in .success("") }))
    _ = try tree.read("/pkg/a.py", offset: 5, count: 1000)
    _ = try tree.read("/pkg/a.py", offset: 11, count: 1000)
    _ = try tree.read("/pkg/empty", offset: 0, count: 1000)
    _ = try tree.readAll("/pkg/big.bin", chunk: 65_536)
    let requests = source.requests.withLock { $0 }
    #expect(requests.first.map { [$0.entry, Int($0.offset), $0.count] } == [1, 5, 6])
    for request in requests {
      let size = source.entries[request.entry].size
      #expect(request.count > 0)
      #expect(request.offset < size)
      #expect(UInt64(request.count) <= size - request.offset)
    }
    #expect(requests.count == 1 + 5)  // a.py once; big.bin in five 64 KiB reads; nothing past the end
  }

  @Test func aCorruptMemberFailsAloneWithItsCause() throws {
    struct CRCMismatch: Error, CustomStringConvertible {
      var description: String { "CRC-32 mismatch" }
    }
    var bad = Fake.file("pkg/bad.so", "garbage")
    bad.entry.problem = CRCMismatch()
    let tree = Fake.tree(Self.members + [bad])
    #expect(try tree.attributes(at: "/pkg/bad.so").size == 7)
    do {
      _ = try tree.read("/pkg/bad.so", offset: 0, count: 10)
      Issue.record("reading a corrupt member must fail")
    } catch {
      #expect(error.code == .corruptEntry)
      #expect(error.description == "/pkg/bad.so: archive member cannot be read: CRC-32 mismatch")
    }
    #expect(try tree.text("/pkg/a.py") == "print('a')\n")
  }

  @Test func sourceFailuresBecomeReadFailedForThatReadOnly() throws {
    let source = ProbeSource(Self.members, failing: [1])
    let tree = VirtualTree(wheel: MountedWheel(name: "w", source: source, audit: TextAudit(), repair: { _ in .success("") }))
    do {
      _ = try tree.read("/pkg/a.py", offset: 0, count: 10)
      Issue.record("a failing source must fail the read")
    } catch {
      #expect(error.code == .readFailed)
      #expect(error.description.hasSuffix(": disk on fire"))
    }
    #expect(try tree.readAll("/pkg/big.bin") == Self.big.content)
  }

  @Test func everyMutationButTheRepairFileIsReadOnly() throws {
    let tree = Fake.tree(Self.members)
    for path in ["/pkg/a.py", "/.audit/policy"] {
      expectError(.readOnly) { _ = try tree.write(path, bytes: [1]) }
      expectError(.readOnly) { try tree.truncate(path) }
      expectError(.readOnly) { try tree.checkAccess(path, write: true, execute: false) }
    }
    try tree.truncate("/.audit/repair")
    try tree.checkAccess("/.audit/repair", write: true, execute: false)
    try tree.checkAccess("/pkg", write: false, execute: true)
    expectError(.permissionDenied) { try tree.checkAccess("/pkg/a.py", write: false, execute: true) }
    expectError(.isADirectory) { _ = try tree.write("/pkg", bytes: [1]) }
  }

  @Test func directoriesAndSymlinksAreNotReadable() throws {
    let tree = Fake.tree(Self.members + [Fake.symlink("pkg/l", to: "a.py")])
    expectError(.isADirectory) { _ = try tree.read("/pkg", offset: 0, count: 1) }
    expectError(.notASymlink) { _ = try tree.read("/pkg/l", offset: 0, count: 1) }
  }
}
