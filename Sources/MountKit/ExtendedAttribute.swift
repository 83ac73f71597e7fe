/// The extended attributes a member exposes (read-only, `user.` namespace).
public enum ExtendedAttribute: String, Sendable, CaseIterable {
  /// The member's compressed size in the archive, decimal.
  case compressedSize = "user.wheelfs.compressed_size"
  /// The CRC-32 recorded in the archive, 8 lowercase hex digits.
  case crc32 = "user.wheelfs.crc32"
  /// The RECORD hash of the member, as written in RECORD (`sha256=...`).
  case recordHash = "user.wheelfs.record_hash"
  /// Whether the member's content matches its RECORD row (``RecordMatch``); computed when first
  /// asked (the member is hashed), for members RECORD lists with a hash.
  case recordMatch = "user.wheelfs.record_match"

  /// This attribute's value for entry `index` of `source`, or `nil` when it has none.
  func value(for entry: MountEntry, index: Int, source: any MountSource) -> [UInt8]? {
    switch self {
    case .compressedSize: entry.compressedSize.map { Array(String($0).utf8) }
    case .crc32: entry.crc32.map { Array(ExtendedAttribute.hex8($0).utf8) }
    case .recordHash: (entry.recordHash ?? source.recordHash(entry: index)).map { Array($0.utf8) }
    case .recordMatch: source.recordMatch(entry: index).map { Array($0.text.utf8) }
    }
  }

  /// Whether the attribute exists for the entry, without computing an expensive value.
  func exists(for entry: MountEntry, index: Int, source: any MountSource) -> Bool {
    switch self {
    case .recordMatch: source.recordHash(entry: index) != nil
    default: value(for: entry, index: index, source: source) != nil
    }
  }

  private static func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
  }
}

/// How a member compares with its RECORD row (`user.wheelfs.record_match`).
public enum RecordMatch: Sendable, Hashable {
  /// Same SHA-256 and size.
  case matches
  /// A different digest or size: the actual ones, in RECORD's notation.
  case differs(hash: String, size: UInt64)
  /// RECORD uses an algorithm other than SHA-256, which is not checked.
  case unverified(algorithm: String)
  /// The member could not be read.
  case unreadable

  /// The attribute's text: `yes`, `no: sha256=... 1234`, `unverified: sha512`, `unreadable`.
  public var text: String {
    switch self {
    case .matches: "yes"
    case .differs(let hash, let size): "no: \(hash) \(size)"
    case .unverified(let algorithm): "unverified: \(algorithm)"
    case .unreadable: "unreadable"
    }
  }
}
