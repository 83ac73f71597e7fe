/// The extended attributes a member exposes (read-only, `user.` namespace).
public enum ExtendedAttribute: String, Sendable, CaseIterable {
  /// The member's compressed size in the archive, decimal.
  case compressedSize = "user.wheelfs.compressed_size"
  /// The CRC-32 recorded in the archive, 8 lowercase hex digits.
  case crc32 = "user.wheelfs.crc32"
  /// The RECORD hash of the member, as written in RECORD (`sha256=...`).
  case recordHash = "user.wheelfs.record_hash"

  /// This attribute's value for `entry`, or `nil` when the source did not provide it.
  func value(for entry: MountEntry) -> [UInt8]? {
    switch self {
    case .compressedSize: entry.compressedSize.map { Array(String($0).utf8) }
    case .crc32: entry.crc32.map { Array(ExtendedAttribute.hex8($0).utf8) }
    case .recordHash: entry.recordHash.map { Array($0.utf8) }
    }
  }

  private static func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
  }
}
