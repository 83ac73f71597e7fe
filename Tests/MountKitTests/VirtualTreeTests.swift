@testable import MountKit
import Synchronization
import Testing

@Suite struct VirtualTreeTests {
  static let members: [Member] = [
    Fake.file("pkg/sub/deep/x.txt", "deep\n"),
    Fake.file("pkg/__init__.py", "init\n"),
    Fake.file("top.txt", "top\n", mode: nil),
    Fake.symlink("pkg/link.py", to: "__init__.py"),
  ]

  @Test func impliedDirectoriesAreSynthesized() throws {
    let tree = Fake.tree(Self.members)
    #expect(try tree.listing(at: "/").map(\.name) == [".audit", "pkg", "top.txt"])
    #expect(try tree.listing(at: "/pkg").map(\.name) == ["__init__.py", "link.py", "sub"])
    #expect(try tree.listing(at: "/pkg/sub/deep").map(\.name) == ["x.txt"])
    let deep = try tree.attributes(at: "/pkg/sub/deep")
    #expect(deep.kind == .directory)
    #expect(deep.permissions == 0o755)
    #expect(deep.modificationTime == Fake.archiveTime)
    #expect(deep.linkCount == 2)
    #expect(try tree.attributes(at: "/pkg").linkCount == 3)  // . + .. + sub
    #expect(try tree.attributes(at: "/").linkCount == 4)  // . + .. + pkg + .audit
  }

  @Test func impliedDirectoriesTakeTheNewestEntryTimeWithoutArchiveTime() throws {
    let tree = Fake.tree(
      [Fake.file("a/x", "x", seconds: 100), Fake.file("a/y", "y", seconds: 300), Fake.file("b/z", "z", seconds: 200)],
      time: nil)
    #expect(try tree.attributes(at: "/a").modificationTime == MountTime(seconds: 300))
    #expect(try tree.attributes(at: "/").modificationTime == MountTime(seconds: 300))
  }

  @Test func explicitDirectoryEntriesKeepTheirTimeAndNormalizedMode() throws {
    // The directory entry comes after a member that implied it, and before another.
    let tree = Fake.tree([
      Fake.file("d/a", "a"), Fake.directory("d/", seconds: 42), Fake.directory("e/", seconds: 43), Fake.file("e/b", "b"),
    ])
    #expect(try tree.attributes(at: "/d").modificationTime == MountTime(seconds: 42))
    #expect(try tree.attributes(at: "/e").modificationTime == MountTime(seconds: 43))
    #expect(try tree.attributes(at: "/e").permissions == 0o755)
    #expect(tree.skipped.isEmpty)
  }

  @Test(arguments: [
    (UInt16?.none, UInt16(0o644)), (0o644, 0o644), (0o600, 0o644), (0o755, 0o755), (0o700, 0o755),
    (0o100, 0o755), (0o4755, 0o755), (0o2644, 0o644), (0, 0o644),
  ] as [(UInt16?, UInt16)])
  func fileModesKeepOnlyTheExecuteBit(stored: UInt16?, shown: UInt16) throws {
    let tree = Fake.tree([Fake.file("f", "x", mode: stored)])
    let attributes = try tree.attributes(at: "/f")
    #expect(attributes.permissions == shown)
    #expect(attributes.kind == .regularFile)
    #expect(attributes.linkCount == 1)
  }

  @Test func membersKeepTheirSizeAndTime() throws {
    let tree = Fake.tree(Self.members)
    let file = try tree.attributes(at: "/pkg/__init__.py")
    #expect(file.size == 5)
    #expect(file.modificationTime == MountTime(seconds: 1_600_000_000))
  }

  @Test func symlinksReportTheirTarget() throws {
    let tree = Fake.tree(Self.members)
    let link = try tree.attributes(at: "/pkg/link.py")
    #expect(link.kind == .symlink)
    #expect(link.size == UInt64("__init__.py".utf8.count))
    #expect(link.permissions == 0o777)
    #expect(try tree.symlinkTarget(at: "/pkg/link.py") == "__init__.py")
    expectError(.notASymlink) { _ = try tree.symlinkTarget(at: "/top.txt") }
  }

  @Test func inodesAreStableUniqueAndInArchiveOrder() throws {
    let first = Fake.tree(Self.members)
    let second = Fake.tree(Self.members)
    let paths = ["/", "/pkg", "/pkg/sub", "/pkg/sub/deep", "/pkg/sub/deep/x.txt", "/pkg/__init__.py", "/top.txt",
                 "/pkg/link.py", "/.audit", "/.audit/policy", "/.audit/repair"]
    let inodes = try paths.map { try first.attributes(at: $0).inode }
    #expect(try paths.map { try second.attributes(at: $0).inode } == inodes)
    #expect(Set(inodes).count == paths.count)
    #expect(inodes[0] == 1)
    // Archive order: the first member's parents and itself come first, .audit/ comes last.
    #expect(inodes == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15])
    #expect(try first.listing(at: "/pkg").map(\.inode) == [6, 8, 3])
  }

  @Test func listingsAreSortedBytewise() throws {
    let names = ["zeta", "Alpha", "beta", "_under", "é", "1num", "alpha"]
    let tree = Fake.tree(names.map { Fake.file("d/\($0)", $0) })
    let expected = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    #expect(try tree.listing(at: "/d").map(\.name) == expected)
    #expect(expected == ["1num", "Alpha", "_under", "alpha", "beta", "zeta", "é"])
  }

  @Test func auditDirectoryIsHiddenAndComplete() throws {
    let tree = Fake.tree(Self.members)
    let audit = try tree.attributes(at: "/.audit")
    #expect(audit.kind == .directory)
    #expect(audit.permissions == 0o755)
    #expect(try tree.listing(at: "/.audit").map(\.name) == ["needed", "policy", "record", "repair", "report.json", "symbols"])
    for name in ["needed", "policy", "record", "report.json", "symbols"] {
      #expect(try tree.attributes(at: "/.audit/\(name)").permissions == 0o444)
    }
    #expect(try tree.attributes(at: "/.audit/repair").permissions == 0o644)
  }

  @Test func unsafeAndConflictingNamesAreSkipped() throws {
    let tree = Fake.tree([
      Fake.file("ok.txt", "ok"),
      Fake.file("../evil", "x"), Fake.file("/abs", "x"), Fake.file("a//b", "x"), Fake.file("a/./b", "x"),
      Fake.file("a/../b", "x"), Fake.file("", "x"), Fake.file(String(repeating: "n", count: 256), "x"),
      Fake.file(".audit/policy", "x"), Fake.file("ok.txt", "again"), Fake.file("ok.txt/child", "x"),
      Fake.directory("ok.txt/", seconds: 1), Fake.symlink("dangling", to: nil),
    ])
    let reasons = tree.skipped.map(\.reason)
    #expect(reasons == [
      .invalidName, .invalidName, .invalidName, .invalidName, .invalidName, .invalidName, .invalidName,
      .reservedName, .duplicate, .typeConflict, .typeConflict, .missingSymlinkTarget,
    ])
    #expect(try tree.listing(at: "/").map(\.name) == [".audit", "ok.txt"])
    #expect(try tree.text("/ok.txt") == "ok")
    #expect(try tree.text("/.audit/policy") == "policy text\n")
  }

  @Test func lookupErrorsAreTyped() throws {
    let tree = Fake.tree(Self.members)
    expectError(.notFound) { _ = try tree.attributes(at: "/missing") }
    do {
      _ = try tree.listing(at: "/top.txt")
      Issue.record("listing a file must fail")
    } catch {
      #expect(error.code == .notADirectory)
      #expect(error.path == "/top.txt")
    }
    do {
      _ = try tree.attributes(at: "/pkg/nope")
      Issue.record("a missing path must fail")
    } catch {
      #expect(error.code == .notFound)
      #expect(error.description == "/pkg/nope: no such file or directory")
    }
  }

  @Test func extendedAttributesComeFromTheEntry() throws {
    var entry = MountEntry(path: "m.so", kind: .file, compressedSize: 1234, crc32: 0xabcd, recordHash: "sha256=AAAA")
    entry.mode = 0o755
    let tree = Fake.tree([(entry, [1, 2, 3]), Fake.file("plain", "p")])
    #expect(try tree.extendedAttributeNames(at: "/m.so") == [
      "user.wheelfs.compressed_size", "user.wheelfs.crc32", "user.wheelfs.record_hash",
    ])
    #expect(try tree.extendedAttribute("user.wheelfs.compressed_size", at: "/m.so") == Array("1234".utf8))
    #expect(try tree.extendedAttribute("user.wheelfs.crc32", at: "/m.so") == Array("0000abcd".utf8))
    #expect(try tree.extendedAttribute("user.wheelfs.record_hash", at: "/m.so") == Array("sha256=AAAA".utf8))
    #expect(try tree.extendedAttributeNames(at: "/plain").isEmpty)
    #expect(try tree.extendedAttributeNames(at: "/").isEmpty)
    expectError(.noSuchAttribute) { _ = try tree.extendedAttribute("user.wheelfs.crc32", at: "/plain") }
    expectError(.noSuchAttribute) { _ = try tree.extendedAttribute("user.other", at: "/m.so") }
  }

  /// RECORD's hash and the comparison with it come from the source; listing the names never
  /// computes the comparison (it hashes the member).
  @Test func recordAttributesComeFromTheSourceAndAreComputedOnlyWhenAsked() throws {
    final class RecordSource: MountSource {
      let base = InMemorySource([Fake.file("a.py", "a"), Fake.file("b.py", "b")])
      let matchCalls = Mutex(0)
      var entries: [MountEntry] { base.entries }
      var modificationTime: MountTime? { nil }
      func read(entry: Int, offset: UInt64, count: Int) throws -> [UInt8] {
        try base.read(entry: entry, offset: offset, count: count)
      }
      func recordHash(entry: Int) -> String? { entry == 0 ? "sha256=XYZ" : nil }
      func recordMatch(entry: Int) -> RecordMatch? {
        matchCalls.withLock { $0 += 1 }
        return entry == 0 ? .differs(hash: "sha256=ABC", size: 1) : nil
      }
    }
    let source = RecordSource()
    let tree = VirtualTree(wheel: MountedWheel(name: "w", source: source, audit: TextAudit(), repair: { _ in .success("") }))
    #expect(try tree.extendedAttributeNames(at: "/a.py") == ["user.wheelfs.record_hash", "user.wheelfs.record_match"])
    #expect(try tree.extendedAttributeNames(at: "/b.py").isEmpty)
    #expect(source.matchCalls.withLock { $0 } == 0)
    #expect(try tree.extendedAttribute("user.wheelfs.record_hash", at: "/a.py") == Array("sha256=XYZ".utf8))
    #expect(try tree.extendedAttribute("user.wheelfs.record_match", at: "/a.py") == Array("no: sha256=ABC 1".utf8))
    expectError(.noSuchAttribute) { _ = try tree.extendedAttribute("user.wheelfs.record_match", at: "/b.py") }
    #expect(RecordMatch.matches.text == "yes" && RecordMatch.unverified(algorithm: "sha512").text == "unverified: sha512")
  }

  @Test func statisticsCountNodesAndMemberBytes() {
    let tree = Fake.tree(Self.members)
    // root, pkg, sub, deep, x.txt, __init__.py, top.txt, link.py, .audit + 6 files
    #expect(tree.statistics.nodes == 15)
    #expect(tree.statistics.memberBytes == 5 + 5 + 4)
  }
}

/// The bytewise name check against the rule written the obvious way (split, check each part).
@Suite struct MemberPathValidationTests {
  static func reference(_ path: String) -> Substring? {
    var name = Substring(path)
    if name.hasSuffix("/") { name = name.dropLast() }
    guard !name.isEmpty, !name.hasPrefix("/") else { return nil }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    for part in parts where !MemberPath.isValidName(part) { return nil }
    return name
  }

  @Test(arguments: [
    "a", "a/", "a/b", "a/b/", "a//b", "a//", "/a", "/", "", ".", "..", "...", "./a", "a/.", "a/..",
    "a/../b", "a/.../b", ".a/..b/c..", "a\u{0}b", "é/ü/日本.py", String(repeating: "x", count: 255),
    String(repeating: "x", count: 256), "d/" + String(repeating: "y", count: 256) + "/z", "a/b//",
  ])
  func agreesWithTheSplittingRule(_ name: String) {
    #expect(MemberPath.validated(name) == Self.reference(name))
  }

  @Test func agreesOnGeneratedNames() {
    let alphabet: [String] = ["a", ".", "/", "b", "\u{0}"]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<5000 {
      let length = Int.random(in: 0...7, using: &generator)
      let name = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
      #expect(MemberPath.validated(name) == Self.reference(name), "\(name.debugDescription)")
    }
  }
}
