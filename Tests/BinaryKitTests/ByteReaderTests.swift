import Foundation
import Testing

@testable import BinaryKit

@Suite struct ByteReaderTests {
  @Test func readsBothByteOrders() throws {
    let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]
    let le = ByteReader(bytes, order: .little)
    let be = ByteReader(bytes, order: .big)
    #expect(try le.u16(at: 0) == 0x0201)
    #expect(try be.u16(at: 0) == 0x0102)
    #expect(try le.u32(at: 0) == 0x0403_0201)
    #expect(try be.u32(at: 0) == 0x0102_0304)
    #expect(try le.u64(at: 0) == 0x0807_0605_0403_0201)
    #expect(try be.u64(at: 0) == 0x0102_0304_0506_0708)
  }

  @Test func outOfRangeReportsAbsoluteOffset() {
    let r = ByteReader([1, 2, 3], order: .little, baseOffset: 0x100)
    #expect(throws: ByteReadError(offset: 0x102, count: 4, available: 0x103)) {
      try r.u32(at: 2)
    }
    #expect(throws: ByteReadError.self) { try r.u8(at: -1) }
    #expect(throws: ByteReadError.self) { try r.bytes(at: 1, count: Int.max) }
  }

  @Test func windowsConfineReads() throws {
    let r = ByteReader([0, 1, 2, 3, 4, 5], order: .little)
    var w = try r.window(at: 2, count: 2)
    #expect(try w.u8() == 2)
    #expect(try w.u8() == 3)
    #expect(throws: ByteReadError.self) { try w.u8() }
    #expect(throws: ByteReadError.self) { try r.window(at: 5, count: 2) }
  }

  @Test func cStringNeedsATerminatorInsideTheWindow() throws {
    let r = ByteReader(Array("ab\0cd".utf8), order: .little)
    #expect(try r.cString(at: 0) == "ab")
    #expect(try r.cString(at: 2) == "")
    #expect(throws: ByteReadError.self) { try r.cString(at: 3) }
  }

  @Test func checkedArithmeticRejectsOverflow() {
    #expect(Checked.add(UInt64.max, 1) == nil)
    #expect(!Checked.range(offset: UInt64.max - 1, size: 4, within: UInt64.max))
    #expect(Checked.range(offset: 2, size: 2, within: 4))
    #expect(!Checked.range(offset: 3, size: 2, within: 4))
  }

  @Test func writerRoundTrips() throws {
    var w = ByteWriter(order: .big)
    w.u16(0x0102)
    w.u32(0x0304_0506)
    w.u64(0x0708_090A_0B0C_0D0E)
    w.align(to: 16)
    #expect(w.count == 16)
    let r = ByteReader(w.bytes, order: .big)
    #expect(try r.u16(at: 0) == 0x0102)
    #expect(try r.u32(at: 2) == 0x0304_0506)
    #expect(try r.u64(at: 6) == 0x0708_090A_0B0C_0D0E)
  }

  @Test func fileBytesReadsAndRefusesPastEnd() throws {
    let path = NSTemporaryDirectory() + "wheelfs-bytes-\(UUID().uuidString)"
    let data: [UInt8] = Array(0..<200)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(data)))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let file = try FileBytes(path: path)
    #expect(file.size == 200)
    #expect(try file.read(at: 190, count: 10) == Array(190..<200))
    #expect(throws: ByteReadError(offset: 195, count: 10, available: 200)) {
      try file.read(at: 195, count: 10)
    }
    #expect(throws: FileError.self) { try FileBytes(path: "/nonexistent/wheelfs") }
    #expect(throws: FileError.self) { try FileBytes(path: "/tmp") }
  }
}
