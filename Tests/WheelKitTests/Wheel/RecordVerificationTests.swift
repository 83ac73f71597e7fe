import Crypto
import Testing

@testable import WheelKit

@Suite struct RecordVerificationTests {
  static let contents: [String: [UInt8]] = [
    "pkg/__init__.py": Array("x = 1\n".utf8),
    "pkg/a,b.so": [1, 2, 3],
    "pkg-1.0.dist-info/METADATA": Array("Name: pkg\n".utf8),
  ]

  func digest(_ path: String) -> MemberDigest? {
    Self.contents[path].map { MemberDigest(size: $0.count, sha256: Array(SHA256.hash(data: $0))) }
  }

  func goodRecord() -> RecordFile {
    var entries = Self.contents.keys.sorted().map { RecordEntry(path: $0, contents: Self.contents[$0] ?? []) }
    entries.append(RecordEntry(path: "pkg-1.0.dist-info/RECORD", hash: "", size: ""))
    return RecordFile(entries: entries)
  }

  let members = ["pkg/", "pkg/__init__.py", "pkg/a,b.so", "pkg-1.0.dist-info/METADATA", "pkg-1.0.dist-info/RECORD"]

  @Test func consistentRecordHasNoProblems() throws {
    let parsed = try RecordFile.parse(goodRecord().serialized())
    #expect(parsed.verify(members: members, recordPath: "pkg-1.0.dist-info/RECORD", digest: digest) == [])
  }

  @Test func mismatchesAndMissingEntries() throws {
    var record = goodRecord()
    record.entries[0].size = "999"  // pkg-1.0.dist-info/METADATA
    let wrong = Array(SHA256.hash(data: [0]))
    record.entries[2] = RecordEntry(path: "pkg/a,b.so", sha256: wrong, size: 3)
    record.entries.append(RecordEntry(path: "pkg/gone.py", hash: "sha256=" + Base64URL.encode(wrong), size: "1"))
    let problems = record.verify(
      members: members + ["pkg/extra.txt", "pkg-1.0.dist-info/RECORD.jws"], recordPath: "pkg-1.0.dist-info/RECORD",
      digest: digest)
    #expect(problems == [
      .sizeMismatch(path: "pkg-1.0.dist-info/METADATA", recorded: 999, actual: 10),
      .hashMismatch(path: "pkg/a,b.so", recorded: Base64URL.encode(wrong), actual: Base64URL.encode(Array(SHA256.hash(data: [1, 2, 3])))),
      .missingMember(path: "pkg/gone.py"),
      .notInRecord(path: "pkg/extra.txt"),
    ])
  }

  @Test func weakUnknownAndMalformedHashes() throws {
    let text = """
      pkg/__init__.py,md5=abcd,6\r
      pkg/a,b.so
      "pkg/a,b.so",sha1=abcd,3\r
      pkg-1.0.dist-info/METADATA,sha512=xyz,10\r
      pkg/x,crc32=0,1\r
      pkg/y,sha256=too-short,1\r
      pkg/z,,1\r
      pkg/w,nohash,1\r
      pkg/v,sha256=\(Base64URL.encode(Array(SHA256.hash(data: [])))),zero\r
      pkg-1.0.dist-info/RECORD,,\r

      """
    let record = try RecordFile.parse(Array(text.utf8))
    let problems = record.verify(
      members: members + ["pkg/x", "pkg/y", "pkg/z", "pkg/w", "pkg/v"], recordPath: "pkg-1.0.dist-info/RECORD",
      digest: digest)
    #expect(problems == [
      .malformedRow(line: 2, fieldCount: 2),
      .weakHash(path: "pkg/__init__.py", algorithm: "md5"),
      .weakHash(path: "pkg/a,b.so", algorithm: "sha1"),
      .unverifiedHash(path: "pkg-1.0.dist-info/METADATA", algorithm: "sha512"),
      .unsupportedHash(path: "pkg/x", algorithm: "crc32"),
      .malformedHash(path: "pkg/y", value: "sha256=too-short"),
      .missingHash(path: "pkg/z"),
      .malformedHash(path: "pkg/w", value: "nohash"),
      .malformedSize(path: "pkg/v", value: "zero"),
    ])
  }

  @Test func duplicatesAndSignatures() {
    var record = goodRecord()
    record.entries.append(record.entries[1])
    record.entries.append(RecordEntry(path: "pkg-1.0.dist-info/RECORD.p7s", hash: "", size: ""))
    let problems = record.verify(
      members: members + ["pkg-1.0.dist-info/RECORD.p7s"], recordPath: "pkg-1.0.dist-info/RECORD", digest: digest)
    #expect(problems == [.duplicateEntry(path: record.entries[1].path)])
  }
}
