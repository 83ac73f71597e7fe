/// Bounds that keep a hostile archive from exhausting memory or time.
///
/// Members that break a limit are kept in the index with the reason in ``ZipMember/problem``
/// and refuse to be read; the rest of the archive stays readable.
public struct ZipLimits: Hashable, Sendable {
  /// Largest accepted ratio of declared uncompressed size to compressed size, checked for
  /// members larger than ``ratioThreshold``. Deflate cannot exceed about 1032:1, so the default
  /// (1000) only refuses archives that lie about sizes or pack near-pathological data.
  public var maxCompressionRatio: UInt64
  /// Members whose declared uncompressed size is at most this many bytes are not ratio-checked.
  public var ratioThreshold: UInt64
  /// Largest sum of declared uncompressed sizes; members past it are refused.
  public var maxTotalUncompressedSize: UInt64
  /// Longest accepted symlink target, in bytes (Linux `PATH_MAX`).
  public var maxSymlinkTargetLength: Int

  public init(
    maxCompressionRatio: UInt64 = 1000,
    ratioThreshold: UInt64 = 1 << 20,
    maxTotalUncompressedSize: UInt64 = 64 << 30,
    maxSymlinkTargetLength: Int = 4096
  ) {
    self.maxCompressionRatio = maxCompressionRatio
    self.ratioThreshold = ratioThreshold
    self.maxTotalUncompressedSize = maxTotalUncompressedSize
    self.maxSymlinkTargetLength = maxSymlinkTargetLength
  }

  /// Ratio 1000:1 above 1 MiB, 64 GiB in total, symlink targets up to 4096 bytes.
  public static let `default` = ZipLimits()
}
