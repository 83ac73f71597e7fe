/// The compression method of a zip member (APPNOTE 4.4.5), an open set of 16-bit codes.
///
/// Only ``stored`` and ``deflate`` can be read or written; the others are named so that errors
/// can say what an archive asked for.
public struct CompressionMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: UInt16

  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// 0: the bytes are stored as they are.
  public static let stored = CompressionMethod(rawValue: 0)
  /// 8: raw deflate (RFC 1951).
  public static let deflate = CompressionMethod(rawValue: 8)
  /// 9: Deflate64, not supported.
  public static let deflate64 = CompressionMethod(rawValue: 9)
  /// 12: bzip2, not supported.
  public static let bzip2 = CompressionMethod(rawValue: 12)
  /// 14: LZMA, not supported.
  public static let lzma = CompressionMethod(rawValue: 14)
  /// 93: Zstandard, not supported.
  public static let zstandard = CompressionMethod(rawValue: 93)
  /// 99: WinZip AES encryption marker, not supported.
  public static let aesEncrypted = CompressionMethod(rawValue: 99)

  /// Whether this reader can decode the method.
  public var isSupported: Bool { self == .stored || self == .deflate }

  public var description: String {
    switch rawValue {
    case 0: "stored (0)"
    case 1: "shrunk (1)"
    case 2...5: "reduced (\(rawValue))"
    case 6: "imploded (6)"
    case 8: "deflate (8)"
    case 9: "deflate64 (9)"
    case 12: "bzip2 (12)"
    case 14: "lzma (14)"
    case 93: "zstandard (93)"
    case 95: "xz (95)"
    case 98: "ppmd (98)"
    case 99: "aes-encrypted (99)"
    default: "method \(rawValue)"
    }
  }
}
