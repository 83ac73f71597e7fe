import BinaryKit
import Foundation
import Testing

@testable import WheelKit

/// Hostile and broken archives: each gives its specific, located error; none crashes, hangs,
/// or allocates past the limits; a bad member never spoils the others.
@Suite struct MalformedZipTests {
  static let good = RawZipBuilder.Member.deflated("pkg/good.py", pattern(size: 5000, seed: 7))

  /// Archive with `member` followed by a good one.
  static func archive(_ member: RawZipBuilder.Member) -> RawZipBuilder {
    RawZipBuilder(members: [member, good])
  }

  /// Opens `builder`'s archive, checks the good member still reads, and returns the first
  /// member's recorded problem or read error.
  static func firstMemberError(_ builder: RawZipBuilder) throws -> ZipError? {
    let archive = try openArchive(builder.bytes)
    #expect(try archive.data(named: "pkg/good.py") == pattern(size: 5000, seed: 7))
    let member = archive.members[0]
    let error = zipError { try archive.data(of: member) }
    if let problem = member.problem { #expect(error == problem) }
    return error
  }

  // MARK: End records and central directory

  @Test func notAZip() {
    #expect(zipError { try openArchive([]) } == .endOfCentralDirectoryNotFound(fileSize: 0))
    #expect(zipError { try openArchive(pattern(size: 1000, seed: 1)) } == .endOfCentralDirectoryNotFound(fileSize: 1000))
  }

  @Test func everyTruncationFailsCleanly() throws {
    let bytes = Self.archive(.stored("a.txt", Array("hello".utf8))).bytes
    for length in 0..<bytes.count {
      // Cutting the end always loses the end record.
      #expect(zipError { try openArchive(Array(bytes[0..<length])) } == .endOfCentralDirectoryNotFound(fileSize: UInt64(length)))
    }
    for cut in 1..<(bytes.count - 22) {
      // Cutting the front moves the central directory before its declared offset.
      let error = zipError { try openArchive(Array(bytes[cut...])) }
      guard case .centralDirectoryOutOfBounds? = error else {
        Issue.record("cut \(cut): \(String(describing: error))")
        continue
      }
    }
  }

  @Test func centralDirectoryProblemsAreArchiveErrors() throws {
    var b = Self.archive(.stored("a.txt", [1, 2, 3]))
    let built = b.build()
    // A bad central directory signature.
    var bytes = built.bytes
    bytes.put(0x1234_5678, width: 4, at: built.directoryOffset, order: .little)
    #expect(zipError { try openArchive(bytes) } == .badSignature(.centralDirectoryEntry(index: 0), offset: UInt64(built.directoryOffset), found: 0x1234_5678))
    // A name length running past the directory.
    bytes = built.bytes
    let second = built.directoryOffset + 46 + 5
    bytes.put(0xFFFF, width: 2, at: second + 28, order: .little)
    guard case .truncated(.centralDirectoryEntry(index: 1), _, _, _)? = zipError({ try openArchive(bytes) }) else {
      Issue.record("expected a truncated second entry")
      return
    }
    // The directory offset points past the end records.
    b.declaredDirectoryOffset = 0x7FFF_0000
    #expect(zipError { try openArchive(b.bytes) } == .centralDirectoryOutOfBounds(offset: 0x7FFF_0000, size: UInt64(built.endOffset - built.directoryOffset), limit: UInt64(built.endOffset)))
    b.declaredDirectoryOffset = nil
    // More entries declared than 46-byte headers fit in the directory, or a different count.
    b.declaredCount = 0xFFFF
    #expect(zipError { try openArchive(b.bytes) } == .impossibleEntryCount(count: 0xFFFF, centralDirectorySize: UInt64(built.endOffset - built.directoryOffset)))
    b.declaredCount = 1
    #expect(zipError { try openArchive(b.bytes) } == .entryCountMismatch(declared: 1, found: 2))
    b.declaredCount = nil
    b.eocdDisk = 1
    #expect(zipError { try openArchive(b.bytes) } == .multiDiskArchive(disk: 1, centralDirectoryDisk: 1))
  }

  @Test func brokenZip64EndRecords() throws {
    // A locator whose record offset points past the file, and then one at a wrong signature.
    var w = ByteWriter(order: .little)
    w.u32(0x0606_4b50)  // a ZIP64 record that is too short
    w.u32(EndRecords.locatorSignature)
    w.u32(0)
    w.u64(1 << 40)
    w.u32(1)
    w.u32(EndRecords.eocdSignature)
    w.append(contentsOf: [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0])
    guard case .truncated(.zip64EndOfCentralDirectory, _, _, _)? = zipError({ try openArchive(w.bytes) }) else {
      Issue.record("expected a truncated ZIP64 record")
      return
    }
    var padded = Array(repeating: UInt8(0x41), count: 56) + w.bytes[4...]
    padded.put(0, width: 8, at: 56 + 8, order: .little)  // locator offset 0: 'AAAA…' there
    #expect(zipError { try openArchive(Array(padded)) } == .badSignature(.zip64EndOfCentralDirectory, offset: 0, found: 0x4141_4141))
    padded.put(2, width: 4, at: 56 + 16, order: .little)  // two disks
    #expect(zipError { try openArchive(Array(padded)) } == .multiDiskArchive(disk: 2, centralDirectoryDisk: 0))
  }

  // MARK: Names

  @Test(arguments: [
    ("../evil.py", NameProblem.dotDotSegment), ("pkg/../../evil", .dotDotSegment),
    ("/etc/passwd", .absolute), ("pkg\\evil.py", .backslash), ("pkg/a\u{0}b", .nul),
    ("pkg//x", .emptySegment), ("./x", .dotSegment), ("", .empty), ("/", .absolute),
  ])
  func unsafeNamesAreRefused(_ name: String, _ reason: NameProblem) throws {
    let error = try Self.firstMemberError(Self.archive(.stored(name, [1])))
    #expect(error == .invalidName(index: 0, name: name, reason: reason))
  }

  @Test func invalidUTF8NamesAreRefused() throws {
    var member = RawZipBuilder.Member.stored("x", [1])
    member.name = [0x70, 0xFF, 0xFE, 0x2E, 0x70, 0x79]
    member.flags = 0x0800
    let error = try Self.firstMemberError(Self.archive(member))
    #expect(error == .invalidName(index: 0, name: "p\u{FFFD}\u{FFFD}.py", reason: .invalidUTF8))
  }

  @Test func duplicateNamesAreRefusedEverywhere() throws {
    let b = RawZipBuilder(members: [.stored("dup.py", [1]), Self.good, .stored("dup.py", [2])])
    let archive = try openArchive(b.bytes)
    #expect(archive.members[0].problem == .duplicateName("dup.py", count: 2))
    #expect(archive.members[2].problem == .duplicateName("dup.py", count: 2))
    #expect(zipError { try archive.data(named: "dup.py") } == .duplicateName("dup.py", count: 2))
    #expect(try archive.data(named: "pkg/good.py").count == 5000)
  }

  // MARK: Methods and flags

  @Test(arguments: [CompressionMethod.bzip2, .lzma, .deflate64, .zstandard, CompressionMethod(rawValue: 1)])
  func unsupportedMethodsAreNamed(_ method: CompressionMethod) throws {
    var member = RawZipBuilder.Member.stored("pkg/x.bin", [1, 2, 3])
    member.method = method.rawValue
    #expect(try Self.firstMemberError(Self.archive(member)) == .unsupportedMethod(name: "pkg/x.bin", method: method))
  }

  @Test(arguments: [UInt16(0x0001), 0x0041, 0x0801])
  func encryptedMembersAreRefused(_ flags: UInt16) throws {
    var member = RawZipBuilder.Member.stored("pkg/secret", [1, 2, 3])
    member.flags = flags
    #expect(try Self.firstMemberError(Self.archive(member)) == .encrypted(name: "pkg/secret", flags: flags))
  }

  @Test func membersOnOtherDisksAreRefused() throws {
    var member = RawZipBuilder.Member.stored("pkg/x", [1])
    member.disk = 3
    #expect(try Self.firstMemberError(Self.archive(member)) == .memberOnOtherDisk(name: "pkg/x", disk: 3))
  }

  @Test func malformedExtraFields() throws {
    var member = RawZipBuilder.Member.stored("pkg/x", [1])
    member.centralExtra = [0x55, 0x54, 0x20, 0x00, 1, 2]  // 0x5455 claiming 32 bytes, 2 present
    let error = try Self.firstMemberError(Self.archive(member))
    guard case .malformedExtraField(name: "pkg/x", id: 0x5455, _)? = error else {
      Issue.record("\(String(describing: error))")
      return
    }
    member.centralExtra = []
    member.compressedSize = 0xFFFF_FFFF
    #expect(try Self.firstMemberError(Self.archive(member)) == .missingZip64Field(name: "pkg/x", field: .compressedSize))
    member.centralExtra = [1, 0, 4, 0, 1, 0, 0, 0]  // a ZIP64 field with 4 of the 8 bytes
    #expect(try Self.firstMemberError(Self.archive(member)) == .missingZip64Field(name: "pkg/x", field: .compressedSize))
  }

  // MARK: Local headers

  @Test func localHeadersMustAgree() throws {
    var member = RawZipBuilder.Member.stored("pkg/a.py", [1])
    member.localName = Array("pkg/b.py".utf8)
    var b = Self.archive(member)
    let offsets = b.build().localOffsets
    #expect(try Self.firstMemberError(b) == .localHeaderMismatch(name: "pkg/a.py", field: .name, offset: UInt64(offsets[0] + 30)))
    member.localName = nil
    member.localMethod = 8
    b = Self.archive(member)
    #expect(try Self.firstMemberError(b) == .localHeaderMismatch(name: "pkg/a.py", field: .method, offset: 8))
    // A local extra field longer than the central one pushes the data into the next member.
    member.localMethod = nil
    member.localExtra = Array(repeating: 0, count: 40)
    var good = Self.good
    good.offsetOverride = nil
    b = RawZipBuilder(members: [member, good])
    let built = b.build()
    var bytes = built.bytes
    // Keep the local extra length but shrink the real header: claim 2000 bytes of extra.
    bytes.put(2000, width: 2, at: built.localOffsets[0] + 28, order: .little)
    let archive = try openArchive(bytes)
    guard case .memberOutOfBounds(name: "pkg/a.py", _, _, _)? = zipError({ try archive.data(of: archive.members[0]) }) else {
      Issue.record("expected memberOutOfBounds")
      return
    }
  }

  @Test func badLocalSignatureOnlySpoilsThatMember() throws {
    let built = Self.archive(.stored("pkg/a.py", [1, 2])).build()
    var bytes = built.bytes
    bytes.put(0xDEAD_BEEF, width: 4, at: 0, order: .little)
    let archive = try openArchive(bytes)
    #expect(zipError { try archive.data(of: archive.members[0]) } == .badSignature(.localHeader(member: "pkg/a.py"), offset: 0, found: 0xDEAD_BEEF))
    #expect(try archive.data(named: "pkg/good.py").count == 5000)
  }

  // MARK: Sizes and data

  @Test func lyingSizesAndCorruptData() throws {
    let content = pattern(size: 20_000, seed: 3)
    let honest = RawZipBuilder.Member.deflated("pkg/m.txt", content)

    var m = honest
    m.uncompressedSize += 10
    #expect(try Self.firstMemberError(Self.archive(m)) == .sizeMismatch(name: "pkg/m.txt", declared: 20_010, actual: 20_000))
    m = honest
    m.uncompressedSize -= 10
    #expect(try Self.firstMemberError(Self.archive(m)) == .sizeMismatch(name: "pkg/m.txt", declared: 19_990, actual: nil))
    m = honest
    m.crc ^= 1
    #expect(try Self.firstMemberError(Self.archive(m)) == .crcMismatch(name: "pkg/m.txt", declared: honest.crc ^ 1, actual: honest.crc))
    m = honest
    m.data = Array(m.data.prefix(m.data.count / 2))
    m.compressedSize = UInt32(m.data.count)
    guard case .truncatedData(name: "pkg/m.txt", declaredSize: 20_000, _)? = try Self.firstMemberError(Self.archive(m)) else {
      Issue.record("expected truncatedData")
      return
    }
    m = honest
    m.data[0] = 0xFF  // block type 3: invalid
    guard case .corruptData(name: "pkg/m.txt", _, zlibCode: -3)? = try Self.firstMemberError(Self.archive(m)) else {
      Issue.record("expected corruptData")
      return
    }
    var stored = RawZipBuilder.Member.stored("pkg/s.bin", [1, 2, 3])
    stored.uncompressedSize = 4
    #expect(try Self.firstMemberError(Self.archive(stored)) == .storedSizeMismatch(name: "pkg/s.bin", compressed: 3, uncompressed: 4))
  }

  @Test func overlappingMembersAreRefused() throws {
    // The classic overlap bomb: two central entries share one local header and its data.
    var twin = Self.good
    twin.name = Array("pkg/twin.py".utf8)
    twin.offsetOverride = 0
    var b = RawZipBuilder(members: [Self.good, .stored("pkg/other.txt", [9])])
    let built = b.build()
    b.members.append(twin)
    b.members[2].localName = Array("pkg/good.py".utf8)
    let archive = try openArchive(b.bytes)
    #expect(archive.members[0].problem == .overlappingMembers(name: "pkg/good.py", other: "pkg/twin.py"))
    #expect(archive.members[2].problem == .overlappingMembers(name: "pkg/twin.py", other: "pkg/good.py"))
    #expect(try archive.data(named: "pkg/other.txt") == [9])
    _ = built

    // A compressed size that runs into the central directory.
    var long = RawZipBuilder.Member.stored("pkg/long", [1, 2, 3])
    long.compressedSize = 500
    long.uncompressedSize = 500
    let error = try openArchive(RawZipBuilder(members: [Self.good, long]).bytes).members[1].problem
    guard case .memberOutOfBounds(name: "pkg/long", _, _, _)? = error else {
      Issue.record("\(String(describing: error))")
      return
    }
  }

  /// About 1 KB on disk, claiming 10 GB: refused by the ratio limit before any allocation;
  /// with the ratio limit off, by the total-size limit.
  @Test func smallArchiveClaimingTenGigabytes() throws {
    var bomb = RawZipBuilder.Member.deflated("pkg/bomb.bin", Array(repeating: 0, count: 1_000_000))
    let declared: UInt64 = 10_000_000_000
    bomb.uncompressedSize = 0xFFFF_FFFF
    var extra = ByteWriter(order: .little)
    extra.u16(1)
    extra.u16(8)
    extra.u64(declared)
    bomb.centralExtra = extra.bytes
    let bytes = Self.archive(bomb).bytes
    #expect(bytes.count < 6000)
    let compressed = UInt64(bomb.compressedSize)
    #expect(try Self.firstMemberError(Self.archive(bomb)) == .compressionRatioTooHigh(name: "pkg/bomb.bin", compressed: compressed, uncompressed: declared, limit: 1000))
    let total = ZipLimits(maxCompressionRatio: .max, maxTotalUncompressedSize: 1 << 30)
    let archive = try openArchive(bytes, limits: total)
    #expect(archive.members[0].problem == .totalSizeLimitExceeded(name: "pkg/bomb.bin", total: declared, limit: 1 << 30))
    #expect(try archive.data(named: "pkg/good.py").count == 5000)
  }

  // MARK: Symlinks

  static func symlink(_ name: String, _ target: [UInt8]) -> RawZipBuilder.Member {
    var m = RawZipBuilder.Member.stored(name, target)
    m.externalAttributes = 0o120777 << 16
    return m
  }

  @Test func symlinkTargets() throws {
    #expect(try Self.firstMemberError(Self.archive(Self.symlink("pkg/l", Array("../../etc/passwd".utf8)))) == .symlinkEscapesArchive(name: "pkg/l", target: "../../etc/passwd"))
    #expect(try Self.firstMemberError(Self.archive(Self.symlink("pkg/l", Array("/etc/passwd".utf8)))) == .symlinkEscapesArchive(name: "pkg/l", target: "/etc/passwd"))
    #expect(try Self.firstMemberError(Self.archive(Self.symlink("pkg/l", [0x61, 0, 0x62]))) == .invalidSymlinkTarget(name: "pkg/l", reason: .nul))
    #expect(try Self.firstMemberError(Self.archive(Self.symlink("pkg/l", [0xFF]))) == .invalidSymlinkTarget(name: "pkg/l", reason: .invalidUTF8))
    #expect(try Self.firstMemberError(Self.archive(Self.symlink("pkg/l", Array(repeating: 0x61, count: 5000)))) == .invalidSymlinkTarget(name: "pkg/l", reason: .tooLong))
    // Inside the root is fine, even through '..'.
    let ok = try openArchive(Self.archive(Self.symlink("pkg/sub/l", Array("../../pkg/good.py".utf8))).bytes)
    #expect(ok.members[0].kind == .symlink && ok.members[0].problem == nil)
    #expect(try ok.symlinkTarget(of: ok.members[0]) == "../../pkg/good.py")
    // A symlink mode from a non-Unix host is just a file.
    var dos = Self.symlink("pkg/l", Array("/etc/passwd".utf8))
    dos.madeBy = 0x0014
    #expect(try openArchive(Self.archive(dos).bytes).members[0].kind == .file)
  }

  // MARK: Robustness

  /// Every single-byte corruption of a small archive: opening and reading either works
  /// (with verified data) or throws a ZipError; nothing traps.
  @Test func everySingleByteCorruptionIsHandled() throws {
    let b = RawZipBuilder(members: [.deflated("a/b.txt", pattern(size: 300, seed: 9)), .stored("c", [1, 2, 3])])
    let bytes = b.bytes
    var opened = 0
    for i in bytes.indices {
      for value: UInt8 in [0x00, 0xFF, bytes[i] ^ 0x01] where value != bytes[i] {
        var corrupt = bytes
        corrupt[i] = value
        guard let archive = try? openArchive(corrupt) else { continue }
        opened += 1
        for member in archive.members {
          if let data = try? archive.data(of: member) {
            #expect(UInt64(data.count) == member.uncompressedSize)
            #expect(Zlib.crc32(data) == member.crc32)
          }
        }
      }
    }
    #expect(opened > 0)
  }
}
