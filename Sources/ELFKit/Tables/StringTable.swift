import BinaryKit

/// A string table (`.dynstr`, `.shstrtab`) read once into memory.
///
/// Every string materialised is charged to a budget derived from the file size, so a hostile
/// table that points thousands of entries at one long unterminated-looking string cannot make
/// the reader allocate more than a small multiple of the file.
public struct StringTable: Sendable {
  let reader: ByteReader
  let structure: ELFStructure
  private(set) var remainingBudget: UInt64
  let budget: UInt64

  init(_ reader: ByteReader, structure: ELFStructure, fileSize: UInt64) {
    self.reader = reader
    self.structure = structure
    let limit = fileSize.multipliedReportingOverflow(by: 4)
    self.budget = (limit.overflow ? UInt64.max : limit.partialValue) &+ (1 << 20)
    self.remainingBudget = budget
  }

  /// An empty table: every lookup but offset 0 fails.
  static func empty(_ structure: ELFStructure) -> StringTable {
    StringTable(ByteReader([0]), structure: structure, fileSize: 0)
  }

  /// Size of the table in bytes.
  public var size: Int { reader.end - reader.start }

  /// The NUL-terminated string at `offset` (relative to the table start).
  public mutating func string(at offset: UInt64) throws(ELFError) -> String {
    let bytes = try self.bytes(at: offset)
    let cost = UInt64(bytes.count)
    guard cost <= remainingBudget else {
      throw .stringDataTooLarge(table: structure, limit: budget)
    }
    remainingBudget -= cost
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The bytes of the string at `offset`, without its NUL.
  public func bytes(at offset: UInt64) throws(ELFError) -> ArraySlice<UInt8> {
    guard offset < UInt64(size) else {
      throw .stringOffsetOutOfRange(table: structure, offset: offset)
    }
    let index = reader.start + Int(offset)
    do {
      return try reader.cStringBytes(at: index)
    } catch {
      throw .unterminatedString(table: structure, offset: offset)
    }
  }
}
