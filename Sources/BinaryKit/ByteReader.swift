/// A bounds-checked, endian-explicit cursor over bytes held in memory.
///
/// The reader never traps on hostile input: every access checks its range first and throws a
/// ``ByteReadError`` carrying the absolute offset. Integers are assembled from individual bytes,
/// so no unaligned or host-endian loads happen anywhere in the parsers.
///
/// A reader may be confined to a window of a larger buffer (`bytes[start..<end]`) without
/// copying; `baseOffset` is the absolute offset of `bytes[0]` in the original source and is
/// used only for error reports.
public struct ByteReader: Sendable {
  public let bytes: [UInt8]
  public let order: ByteOrder
  /// Absolute offset (in the source) of `bytes[0]`.
  public let baseOffset: UInt64
  /// First readable index.
  public let start: Int
  /// One past the last readable index.
  public let end: Int
  /// Current cursor position, an index into `bytes`.
  public var position: Int

  public init(_ bytes: [UInt8], order: ByteOrder = .little, baseOffset: UInt64 = 0) {
    self.bytes = bytes
    self.order = order
    self.baseOffset = baseOffset
    self.start = 0
    self.end = bytes.count
    self.position = 0
  }

  private init(bytes: [UInt8], order: ByteOrder, baseOffset: UInt64, start: Int, end: Int) {
    self.bytes = bytes
    self.order = order
    self.baseOffset = baseOffset
    self.start = start
    self.end = end
    self.position = start
  }

  /// Bytes left between the cursor and the end of the window.
  public var remaining: Int { end - position }

  /// The absolute source offset of the cursor.
  public var absoluteOffset: UInt64 { baseOffset + UInt64(position) }

  /// A reader over `count` bytes starting at index `at` (relative to `bytes`), sharing storage.
  public func window(at index: Int, count: Int) throws(ByteReadError) -> ByteReader {
    try check(index, count)
    return ByteReader(
      bytes: bytes, order: order, baseOffset: baseOffset, start: index, end: index + count)
  }

  /// The same bytes read in another byte order.
  public func with(order: ByteOrder) -> ByteReader {
    var copy = ByteReader(bytes: bytes, order: order, baseOffset: baseOffset, start: start, end: end)
    copy.position = position
    return copy
  }

  @inline(__always)
  func check(_ index: Int, _ count: Int) throws(ByteReadError) {
    guard index >= start, count >= 0, index <= end, count <= end - index else {
      throw ByteReadError(
        offset: baseOffset &+ UInt64(max(index, 0)), count: UInt64(max(count, 0)),
        available: baseOffset &+ UInt64(end))
    }
  }

  // MARK: Peeking at an index (does not move the cursor)

  public func u8(at index: Int) throws(ByteReadError) -> UInt8 {
    try check(index, 1)
    return bytes[index]
  }

  public func u16(at index: Int) throws(ByteReadError) -> UInt16 {
    try check(index, 2)
    let b0 = UInt16(bytes[index]), b1 = UInt16(bytes[index + 1])
    return order == .little ? (b0 | b1 << 8) : (b0 << 8 | b1)
  }

  public func u32(at index: Int) throws(ByteReadError) -> UInt32 {
    try check(index, 4)
    var value: UInt32 = 0
    if order == .little {
      for i in (0..<4).reversed() { value = value << 8 | UInt32(bytes[index + i]) }
    } else {
      for i in 0..<4 { value = value << 8 | UInt32(bytes[index + i]) }
    }
    return value
  }

  public func u64(at index: Int) throws(ByteReadError) -> UInt64 {
    try check(index, 8)
    var value: UInt64 = 0
    if order == .little {
      for i in (0..<8).reversed() { value = value << 8 | UInt64(bytes[index + i]) }
    } else {
      for i in 0..<8 { value = value << 8 | UInt64(bytes[index + i]) }
    }
    return value
  }

  /// A copy of `count` bytes starting at `index`.
  public func bytes(at index: Int, count: Int) throws(ByteReadError) -> [UInt8] {
    try check(index, count)
    return Array(bytes[index..<(index + count)])
  }

  /// The NUL-terminated string starting at `index`, which must end before the window does.
  ///
  /// Bytes that are not valid UTF-8 are replaced with U+FFFD; use ``cStringBytes(at:)`` when the
  /// exact bytes matter.
  public func cString(at index: Int) throws(ByteReadError) -> String {
    String(decoding: try cStringBytes(at: index), as: UTF8.self)
  }

  /// The bytes of the NUL-terminated string starting at `index`, without the NUL.
  public func cStringBytes(at index: Int) throws(ByteReadError) -> ArraySlice<UInt8> {
    try check(index, 0)
    var i = index
    while i < end {
      if bytes[i] == 0 { return bytes[index..<i] }
      i += 1
    }
    // No terminator before the end of the window: report the byte that was missing.
    throw ByteReadError(
      offset: baseOffset + UInt64(end), count: 1, available: baseOffset + UInt64(end))
  }

  // MARK: Consuming at the cursor

  public mutating func u8() throws(ByteReadError) -> UInt8 {
    let v = try u8(at: position)
    position += 1
    return v
  }

  public mutating func u16() throws(ByteReadError) -> UInt16 {
    let v = try u16(at: position)
    position += 2
    return v
  }

  public mutating func u32() throws(ByteReadError) -> UInt32 {
    let v = try u32(at: position)
    position += 4
    return v
  }

  public mutating func u64() throws(ByteReadError) -> UInt64 {
    let v = try u64(at: position)
    position += 8
    return v
  }

  public mutating func bytes(_ count: Int) throws(ByteReadError) -> [UInt8] {
    let v = try bytes(at: position, count: count)
    position += count
    return v
  }

  public mutating func skip(_ count: Int) throws(ByteReadError) {
    try check(position, count)
    position += count
  }

  /// Moves the cursor to `index` (which may equal `end`).
  public mutating func seek(to index: Int) throws(ByteReadError) {
    try check(index, 0)
    position = index
  }
}
