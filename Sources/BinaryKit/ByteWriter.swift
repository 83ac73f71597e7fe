/// Appends integers and bytes in an explicit byte order. Used by the zip writer and the ELF
/// patcher; it only grows an array, so it has no failure modes.
public struct ByteWriter: Sendable {
  public private(set) var bytes: [UInt8]
  public let order: ByteOrder

  public init(order: ByteOrder = .little, capacity: Int = 0) {
    self.order = order
    self.bytes = []
    self.bytes.reserveCapacity(capacity)
  }

  public var count: Int { bytes.count }

  public mutating func u8(_ value: UInt8) { bytes.append(value) }

  public mutating func u16(_ value: UInt16) { append(UInt64(value), width: 2) }

  public mutating func u32(_ value: UInt32) { append(UInt64(value), width: 4) }

  public mutating func u64(_ value: UInt64) { append(value, width: 8) }

  public mutating func append<S: Sequence>(contentsOf other: S) where S.Element == UInt8 {
    bytes.append(contentsOf: other)
  }

  /// Pads with zero bytes until `count` is a multiple of `alignment` (a power of two or any
  /// positive number).
  public mutating func align(to alignment: Int) {
    guard alignment > 1 else { return }
    let rem = bytes.count % alignment
    if rem != 0 { bytes.append(contentsOf: repeatElement(0, count: alignment - rem)) }
  }

  private mutating func append(_ value: UInt64, width: Int) {
    if order == .little {
      for i in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    } else {
      for i in (0..<width).reversed() {
        bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))))
      }
    }
  }
}

extension Array where Element == UInt8 {
  /// Overwrites `width` bytes at `index` with `value` in `order`. The caller guarantees the range
  /// is inside the array (the patcher plans layouts before writing).
  public mutating func put(_ value: UInt64, width: Int, at index: Int, order: ByteOrder) {
    for i in 0..<width {
      let shift = order == .little ? 8 * i : 8 * (width - 1 - i)
      self[index + i] = UInt8(truncatingIfNeeded: value >> UInt64(shift))
    }
  }
}
