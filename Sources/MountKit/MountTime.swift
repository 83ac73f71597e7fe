/// A point in time as the mounted view reports it (`st_mtim`): seconds since the Unix epoch
/// plus nanoseconds.
///
/// Wheels are immutable while mounted, so every time in the tree is fixed when the tree is built;
/// nothing reports "now" (which would defeat the kernel's page cache). The one exception is
/// `.audit/repair`, whose mtime is the time of its last outcome.
public struct MountTime: Hashable, Comparable, Sendable {
  /// Whole seconds since 1970-01-01T00:00:00Z.
  public var seconds: Int64
  /// Nanoseconds within the second, `0..<1_000_000_000`.
  public var nanoseconds: UInt32

  /// Creates a time; `nanoseconds` is reduced into range.
  public init(seconds: Int64, nanoseconds: UInt32 = 0) {
    self.seconds = seconds + Int64(nanoseconds / 1_000_000_000)
    self.nanoseconds = nanoseconds % 1_000_000_000
  }

  /// 1970-01-01T00:00:00Z, used when nothing better is known.
  public static let epoch = MountTime(seconds: 0)

  public static func < (lhs: MountTime, rhs: MountTime) -> Bool {
    (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
  }
}
