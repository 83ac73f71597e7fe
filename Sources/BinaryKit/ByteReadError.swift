/// A read that would have gone past the end of the available bytes.
///
/// `offset` is absolute within the source (the file, or the zip member), so an error can be
/// reported as "at offset 0x1234" without knowing which reader produced it.
public struct ByteReadError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Absolute offset of the first byte that was asked for.
  public var offset: UInt64
  /// How many bytes were asked for.
  public var count: UInt64
  /// How many bytes the source holds in all.
  public var available: UInt64

  public init(offset: UInt64, count: UInt64, available: UInt64) {
    self.offset = offset
    self.count = count
    self.available = available
  }

  public var description: String {
    "cannot read \(count) byte(s) at offset 0x\(String(offset, radix: 16)): only \(available) byte(s) available"
  }
}
