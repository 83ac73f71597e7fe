import AuditKit
import BinaryKit
import ELFKit
import TestSupport
import Testing
import WheelKit

/// Members above `wholeMemberLimit` (the mount's cache size) are parsed and hashed through the
/// archive's streaming random access: the same facts as a whole inflation, and the digests that
/// the wheel's own RECORD lists.
@Suite struct ZipWheelContentsStreamingTests {
  static let wheel = "Fixtures/pypi/numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl"

  @Test func streamedMembersGiveTheFactsOfWholeOnesAndRECORDsDigests() throws {
    let path = try Fixture.repoPath(Self.wheel)
    let whole = ZipWheelContents(archive: try ZipArchive(path: path, cacheCapacity: 64 << 20))
    let streamed = ZipWheelContents(
      archive: try ZipArchive(path: path, cacheCapacity: 1 << 20), wholeMemberLimit: 1 << 20)
    let recordMember = try #require(whole.files.first { $0.name.hasSuffix(".dist-info/RECORD") })
    let record = try RecordFile.parse(try whole.bytes(of: recordMember))
    let listed = Dictionary(record.entries.map { ($0.path, $0.hash) }, uniquingKeysWith: { first, _ in first })
    let large = whole.files.filter { $0.size > 1 << 20 }
    #expect(large.count >= 3)
    var elfCount = 0
    for file in large {
      #expect(!streamed.readsWhole(file) && whole.readsWhole(file))
      let digest = try streamed.digest(of: file)
      #expect(digest.size == Int(file.size))
      #expect(listed[file.name] == "sha256=" + Base64URL.encode(digest.sha256), "\(file.name)")
      guard try whole.prefix(of: file, count: 4) == [0x7F, 0x45, 0x4C, 0x46] else { continue }
      elfCount += 1
      #expect(try ELFFacts.parse(streamed.source(of: file)) == ELFFacts.parse(whole.source(of: file)))
    }
    #expect(elfCount >= 2)
  }
}
