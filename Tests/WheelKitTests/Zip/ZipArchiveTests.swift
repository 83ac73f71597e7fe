import BinaryKit
import Foundation
import Testing
import TestSupport

@testable import WheelKit

/// Reading archives written by independent tools (CPython's zipfile, Info-ZIP `zip`), checked
/// member by member against what zipfile reads back.
@Suite struct ZipArchiveTests {
  /// A spread of member kinds: stored, deflated at several levels, empty, directory,
  /// non-ASCII name, several modes and timestamps.
  static func sampleSpec() -> [[String: Any]] {
    [
      ["name": "pkg/", "dir": true, "date_time": [2001, 2, 3, 4, 5, 6], "external_attr": (0o40755 << 16) | 0x10],
      ["name": "pkg/__init__.py", "size": 0, "seed": 1, "level": 6, "date_time": [1980, 1, 1, 0, 0, 0], "external_attr": 0o100644 << 16],
      ["name": "pkg/data.txt", "size": 200_000, "seed": 2, "level": "default", "date_time": [2024, 12, 31, 23, 59, 58], "external_attr": 0o100644 << 16],
      ["name": "pkg/stored.bin", "size": 70_000, "seed": 3, "date_time": [2010, 6, 15, 12, 30, 10], "external_attr": 0o100600 << 16],
      ["name": "pkg/level0.txt", "size": 100_000, "seed": 4, "level": 0, "date_time": [2020, 1, 1, 0, 0, 0], "external_attr": 0o100755 << 16],
      ["name": "pkg/level9.txt", "size": 50_000, "seed": 5, "level": 9, "date_time": [2107, 12, 31, 23, 59, 58], "external_attr": 0o100444 << 16],
      ["name": "pkg/ünïcode-名前.txt", "data": "68656c6c6f", "level": 1, "date_time": [1999, 9, 9, 9, 9, 8], "external_attr": 0o100644 << 16],
    ]
  }

  /// Our reader and zipfile agree on every field and every byte.
  static func expectAgreement(_ path: String, _ archive: ZipArchive) throws {
    let oracle = try ZipOracle.list(path)
    #expect(archive.members.count == oracle.count)
    for (member, truth) in zip(archive.members, oracle) {
      #expect(hexString(member.name.utf8) == truth.name)
      #expect(member.crc32 == truth.crc)
      #expect(member.uncompressedSize == truth.file_size)
      #expect(member.compressedSize == truth.compress_size)
      #expect(member.method.rawValue == truth.method)
      #expect(member.externalAttributes == truth.external_attr)
      #expect(member.flags == truth.flags)
      #expect(member.localHeaderOffset == truth.header_offset)
      #expect((member.kind == .directory) == truth.is_dir)
      let ts = member.dosTimestamp
      #expect([ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second] == truth.date_time)
      #expect(member.problem == nil, "\(member.name): \(String(describing: member.problem))")
      let data = try archive.data(of: member)
      #expect(sha256Hex(data) == truth.sha256, "\(member.name)")
    }
  }

  @Test func readsZipfileArchivesLikeZipfile() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("sample.zip")
    try ZipOracle.write(Self.sampleSpec(), to: path)
    let archive = try ZipArchive(path: path)
    try Self.expectAgreement(path, archive)
    #expect(!archive.isZip64)
    let unicode = try #require(archive.member(named: "pkg/ünïcode-名前.txt"))
    #expect(unicode.flags & 0x0800 != 0)
    #expect(try archive.data(of: unicode) == Array("hello".utf8))
    let directory = try #require(archive.member(named: "pkg/"))
    #expect(directory.kind == .directory)
    #expect(directory.unixMode == 0o40755)
    #expect(try #require(archive.member(named: "pkg/level0.txt")).permissions == 0o755)
  }

  /// zipfile writing to an unseekable stream sets flag bit 3 and appends data descriptors;
  /// sizes come from the central directory.
  @Test func readsDataDescriptorMembers() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("descriptors.zip")
    try ZipOracle.write(Self.sampleSpec(), to: path, options: ["unseekable": true])
    let archive = try ZipArchive(path: path)
    let files = archive.members.filter { $0.kind == .file }
    #expect(files.allSatisfy { $0.hasDataDescriptor })
    try Self.expectAgreement(path, archive)
  }

  /// Bytes in front of the archive (a self-extractor stub) shift every offset; zipfile
  /// accepts this and so do we.
  @Test func readsArchivesWithPrependedData() throws {
    let dir = try TemporaryDirectory()
    let plain = dir.file("plain.zip")
    try ZipOracle.write(Self.sampleSpec(), to: plain)
    let path = dir.file("prefixed.zip")
    try writeFile(path, Array(repeating: 0x23, count: 4099) + (try readFile(plain)))
    let archive = try ZipArchive(path: path)
    try Self.expectAgreement(path, archive)
  }

  @Test func readsTheLongestArchiveComment() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("comment.zip")
    let comment = Array(repeating: UInt8(ascii: "c"), count: 65_535)
    try ZipOracle.write(Self.sampleSpec(), to: path, options: ["comment": hexString(comment)])
    let archive = try ZipArchive(path: path)
    #expect(archive.comment == comment)
    try Self.expectAgreement(path, archive)
  }

  /// A comment holding a fake, empty end record: zipfile (which takes the last signature) sees
  /// no members; we take the record whose comment ends exactly at the end of the file.
  @Test func findsTheRealEndRecordPastAFakeOneInTheComment() throws {
    let dir = try TemporaryDirectory()
    let plainPath = dir.file("plain.zip")
    var comment = Array(repeating: UInt8(ascii: "c"), count: 1000)
    try ZipOracle.write(Self.sampleSpec(), to: plainPath, options: ["comment": hexString(comment)])
    let truth = try ZipOracle.list(plainPath)
    comment.replaceSubrange(100..<122, with: [0x50, 0x4b, 5, 6] + Array(repeating: 0, count: 18))
    let path = dir.file("fake.zip")
    try ZipOracle.write(Self.sampleSpec(), to: path, options: ["comment": hexString(comment)])
    #expect(try ZipOracle.list(path).isEmpty)
    let archive = try ZipArchive(path: path)
    #expect(archive.comment == comment)
    #expect(archive.members.map { hexString($0.name.utf8) } == truth.map(\.name))
    #expect(try archive.members.map { sha256Hex(try archive.data(of: $0)) } == truth.map(\.sha256))
  }

  @Test func readsAnEmptyArchive() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("empty.zip")
    try ZipOracle.write([], to: path)
    let archive = try ZipArchive(path: path)
    #expect(archive.members.isEmpty)
    #expect(try readFile(path).count == 22)
  }

  /// Info-ZIP `zip` writes extended-timestamp (0x5455) and Unix uid/gid (0x7875) extras, and
  /// stores symlinks as symlinks with `-y`.
  @Test func readsInfoZipTimestampsAndSymlinks() throws {
    let dir = try TemporaryDirectory()
    let tree = dir.file("tree")
    try FileManager.default.createDirectory(atPath: tree + "/pkg/sub", withIntermediateDirectories: true)
    try writeFile(tree + "/pkg/sub/lib.so.1", Array("library".utf8))
    try FileManager.default.createSymbolicLink(atPath: tree + "/pkg/lib.so", withDestinationPath: "sub/lib.so.1")
    try FileManager.default.createSymbolicLink(atPath: tree + "/pkg/escape", withDestinationPath: "../../etc/passwd")
    let mtime: Int64 = 1_234_567_891  // odd, so the DOS timestamp cannot hold it exactly
    try Tool.run(["touch", "-h", "-d", "@\(mtime)", tree + "/pkg/sub/lib.so.1", tree + "/pkg/lib.so"])
    let path = dir.file("infozip.zip")
    let zipped = try Tool.run(["zip", "-q", "-r", "-y", path, "pkg"], currentDirectory: tree)
    #expect(zipped.status == 0, "\(zipped.stderr)")
    let archive = try ZipArchive(path: path)

    let file = try #require(archive.member(named: "pkg/sub/lib.so.1"))
    #expect(file.extraModificationTime == mtime)
    #expect(file.modificationTime == mtime)
    #expect(file.dosTimestamp.unixTime != mtime)
    #expect(try archive.data(of: file) == Array("library".utf8))

    let link = try #require(archive.member(named: "pkg/lib.so"))
    #expect(link.kind == .symlink)
    #expect(link.unixMode.map { $0 & 0o170000 } == 0o120000)
    #expect(try archive.symlinkTarget(of: link) == "sub/lib.so.1")

    let escape = try #require(archive.member(named: "pkg/escape"))
    #expect(escape.problem == .symlinkEscapesArchive(name: "pkg/escape", target: "../../etc/passwd"))
    #expect(zipError { try archive.data(of: escape) } == escape.problem)
    // The bad member does not spoil the others.
    #expect(try archive.data(named: "pkg/sub/lib.so.1") == Array("library".utf8))
  }

  @Test func randomAccessReadsMatchSlicesOfTheWhole() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("sample.zip")
    try ZipOracle.write(Self.sampleSpec(), to: path)
    // A zero-capacity cache forces the streaming path; the default one the cached path.
    for capacity in [0, ZipArchive.defaultCacheCapacity] {
      let archive = try ZipArchive(path: path, cacheCapacity: capacity)
      for member in archive.members where member.kind == .file {
        let whole = try ZipArchive(path: path).data(of: member)
        for (offset, count) in [(0, 10), (1, 65_536), (whole.count / 2, 1000), (whole.count - 3, 10), (whole.count, 5), (whole.count + 9, 5)] {
          let got = try archive.read(member, offset: UInt64(max(offset, 0)), count: count)
          let start = min(max(offset, 0), whole.count)
          #expect(got == Array(whole[start..<min(whole.count, start + count)]), "\(member.name) @\(offset)")
        }
      }
    }
  }

  @Test func lookupByNameAndMissingNames() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("sample.zip")
    try ZipOracle.write(Self.sampleSpec(), to: path)
    let archive = try ZipArchive(path: path)
    #expect(archive.member(named: "pkg/data.txt")?.index == 2)
    #expect(archive.member(named: "pkg") == nil)
    #expect(zipError { try archive.data(named: "nope") } == .memberNotFound("nope"))
    let other = try ZipArchive(source: InMemoryBytes(RawZipBuilder(members: [.stored("x", [1])]).bytes))
    #expect(zipError { try archive.data(of: other.members[0]) } == .foreignMember(name: "x", index: 0))
  }

  @Test func missingFilesAreLocatedErrors() {
    #expect(zipError { try ZipArchive(path: "/nonexistent/x.whl") } == .file(path: "/nonexistent/x.whl", operation: .open, errno: 2))
  }
}
