import BinaryKit
import Dispatch
import Synchronization
import Testing

@testable import WheelKit

/// Members larger than the cache are inflated in chunks from access points (zlib's zran): reads
/// at any offset return the same bytes as slicing the whole member (inflated by the other,
/// whole-member path and checked against the CRC Python's zipfile would check), from many
/// threads, with failures found by the first pass reported on every later read.
@Suite struct SeekableMemberTests {
  static let size = 9 << 20 + 12345

  static func archive(_ members: [RawZipBuilder.Member], capacity: Int) throws -> ZipArchive {
    try ZipArchive(source: InMemoryBytes(RawZipBuilder(members: members).bytes), cacheCapacity: capacity)
  }

  /// Offsets and counts that start and end anywhere, including across chunk boundaries and at
  /// the end of the member.
  static func windows(count: Int, size: Int, seed: UInt64) -> [(offset: Int, count: Int)] {
    var x = seed
    var out: [(Int, Int)] = [(0, 1), (size - 1, 1), (size - 4096, 8192), (0, size)]
    while out.count < count {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let offset = Int((x >> 20) % UInt64(size))
      let length = 1 + Int((x >> 8) % UInt64(3 << 20))
      out.append((offset, length))
    }
    return out
  }

  @Test func randomReadsMatchTheWholeMember() throws {
    let content = pattern(size: Self.size, seed: 7)
    // 1 MiB of cache: chunks (about 1 MiB each) are mostly not kept, so reads behind the first
    // pass inflate again from their access points.
    let archive = try Self.archive([.deflated("big.bin", content)], capacity: 1 << 20)
    let member = archive.members[0]
    for (offset, count) in Self.windows(count: 120, size: content.count, seed: 1) {
      let got = try archive.read(member, offset: UInt64(offset), count: count)
      #expect(got == Array(content[offset..<min(content.count, offset + count)]), "offset \(offset) count \(count)")
    }
    #expect(try archive.read(member, offset: UInt64(content.count), count: 10) == [])
    #expect(archive.cacheStatistics.bytes <= 1 << 20)
  }

  @Test func manyThreadsReadTheSameLargeMember() throws {
    let content = pattern(size: Self.size, seed: 11)
    let archive = try Self.archive([.deflated("big.bin", content)], capacity: 3 << 20)
    let member = archive.members[0]
    let mismatches = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 8) { worker in
      for (offset, count) in Self.windows(count: 40, size: content.count, seed: UInt64(worker + 100)) {
        let got = try? archive.read(member, offset: UInt64(offset), count: min(count, 300_000))
        if got != Array(content[offset..<min(content.count, offset + min(count, 300_000))]) {
          mismatches.add(1, ordering: .relaxed)
        }
      }
    }
    #expect(mismatches.load(ordering: .relaxed) == 0)
    #expect(archive.cacheStatistics.bytes <= 3 << 20)
  }

  /// Whole-member inflations reserve their memory first; those that find no room beside the
  /// others in progress are served in chunks instead, with the same bytes.
  @Test func concurrentInflationsShareTheCapacity() throws {
    let contents = (0..<6).map { pattern(size: 3 << 20, seed: UInt32(20 + $0)) }
    let archive = try Self.archive(
      contents.enumerated().map { .deflated("m\($0.offset).bin", $0.element) }, capacity: 8 << 20)
    let mismatches = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 12) { k in
      let i = k % contents.count
      let offset = (k * 977_777) % contents[i].count
      let got = try? archive.read(archive.members[i], offset: UInt64(offset), count: 200_000)
      if got != Array(contents[i][offset..<min(contents[i].count, offset + 200_000)]) {
        mismatches.add(1, ordering: .relaxed)
      }
    }
    #expect(mismatches.load(ordering: .relaxed) == 0)
    #expect(archive.cacheStatistics.bytes <= 8 << 20)
  }

  @Test func aCRCMismatchFailsTheEndAndEveryLaterRead() throws {
    let content = pattern(size: Self.size, seed: 3)
    var bad = RawZipBuilder.Member.deflated("bad.bin", content)
    bad.crc ^= 0x0102_0304
    let archive = try Self.archive([bad], capacity: 1 << 20)
    let member = archive.members[0]
    let mismatch = ZipError.crcMismatch(name: "bad.bin", declared: bad.crc, actual: bad.crc ^ 0x0102_0304)
    #expect(zipError { try archive.read(member, offset: UInt64(content.count - 10), count: 10) } == mismatch)
    #expect(zipError { try archive.read(member, offset: 0, count: 10) } == mismatch)
    #expect(zipError { try archive.data(of: member) } == mismatch)
  }

  @Test func truncatedAndCorruptStreamsFailWithoutCrashing() throws {
    let content = pattern(size: Self.size, seed: 5)
    var truncated = RawZipBuilder.Member.deflated("cut.bin", content)
    truncated.data = Array(truncated.data.prefix(truncated.data.count / 2))
    truncated.compressedSize = UInt32(truncated.data.count)
    var corrupt = RawZipBuilder.Member.deflated("bent.bin", content)
    for i in stride(from: corrupt.data.count / 2, to: corrupt.data.count / 2 + 64, by: 1) {
      corrupt.data[i] = ~corrupt.data[i]
    }
    let archive = try Self.archive([truncated, corrupt], capacity: 1 << 20)
    for member in archive.members {
      // The first half reads correctly in both; past the damage every read fails.
      #expect(try archive.read(member, offset: 1000, count: 100) == Array(content[1000..<1100]))
      let late = zipError { try archive.read(member, offset: UInt64(content.count - 100), count: 100) }
      #expect(late != nil, "\(member.name)")
      #expect(zipError { try archive.read(member, offset: 1000, count: 100) } == late)
    }
    if case .truncatedData(let name, _, _)? = zipError({ try archive.read(archive.members[0], offset: 0, count: 1) }) {
      #expect(name == "cut.bin")
    } else {
      Issue.record("expected truncatedData for cut.bin")
    }
  }

  /// A single deflate block of 36 MB (no boundary where a chunk could end): the member is
  /// streamed from its start instead, still correctly.
  @Test func aBlockLongerThanTheChunkLimitFallsBackToStreaming() throws {
    let repeats = 140_000
    var bits = BitWriter()
    bits.write(1, count: 1)  // BFINAL
    bits.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
    bits.writeCode(0x30 + 0x61, length: 8)  // literal "a"
    for _ in 0..<repeats {
      bits.writeCode(0xC0 + (285 - 280), length: 8)  // length 258
      bits.writeCode(0, length: 5)  // distance 1
    }
    bits.writeCode(0, length: 7)  // end of block
    let compressed = bits.bytes
    let size = 1 + 258 * repeats
    let content = [UInt8](repeating: 0x61, count: size)
    let member = RawZipBuilder.Member(
      name: Array("run.bin".utf8), data: compressed, method: 8, crc: Zlib.crc32(content),
      compressedSize: UInt32(compressed.count), uncompressedSize: UInt32(size))
    let archive = try Self.archive([member], capacity: 1 << 20)
    for offset in [0, 33 << 20, size - 7] {
      #expect(try archive.read(archive.members[0], offset: UInt64(offset), count: 7) == Array(repeating: 0x61, count: 7))
    }
  }
}

/// Deflate's bit order: fields least significant bit first, Huffman codes most significant first.
struct BitWriter {
  var bytes: [UInt8] = []
  private var bit = 0

  mutating func write(_ value: UInt32, count: Int) {
    for i in 0..<count {
      if bit == 0 { bytes.append(0) }
      bytes[bytes.count - 1] |= UInt8((value >> UInt32(i)) & 1) << UInt8(bit)
      bit = (bit + 1) % 8
    }
  }

  mutating func writeCode(_ code: UInt32, length: Int) {
    var reversed: UInt32 = 0
    for i in 0..<length { reversed |= ((code >> UInt32(i)) & 1) << UInt32(length - 1 - i) }
    write(reversed, count: length)
  }
}
