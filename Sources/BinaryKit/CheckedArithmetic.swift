/// Overflow-checked arithmetic for offsets and sizes that come from untrusted input.
///
/// Every `offset + size` read from a file goes through these helpers: a wrapped sum would
/// otherwise turn a huge bogus size into a small, valid-looking range.
public enum Checked {
  /// `a + b`, or `nil` when the sum does not fit in 64 bits.
  @inlinable
  public static func add(_ a: UInt64, _ b: UInt64) -> UInt64? {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : sum
  }

  /// `a * b`, or `nil` when the product does not fit in 64 bits.
  @inlinable
  public static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64? {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : product
  }

  /// Whether `[offset, offset + size)` lies within `[0, limit)`.
  @inlinable
  public static func range(offset: UInt64, size: UInt64, within limit: UInt64) -> Bool {
    guard let end = add(offset, size) else { return false }
    return end <= limit
  }

  /// Converts an untrusted 64-bit value to `Int`, or `nil` when it does not fit.
  @inlinable
  public static func int(_ value: UInt64) -> Int? {
    value <= UInt64(Int.max) ? Int(value) : nil
  }
}
