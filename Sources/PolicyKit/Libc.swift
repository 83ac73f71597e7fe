/// The C library a wheel is built against, as auditwheel's `Libc` enum (`libc.py`).
///
/// Android is not modelled: wheelfs handles glibc (`manylinux`) and musl (`musllinux`) wheels.
public enum Libc: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// GNU libc: policies come from `manylinux-policy.json`.
  case glibc
  /// musl libc: policies come from `musllinux-policy.json`.
  case musl

  /// The platform-tag prefix of this libc's policies (`manylinux` or `musllinux`).
  public var tagPrefix: String {
    switch self {
    case .glibc: "manylinux"
    case .musl: "musllinux"
    }
  }

  /// The upper-case name auditwheel prints in messages (`GLIBC`, `MUSL`).
  public var displayName: String {
    switch self {
    case .glibc: "GLIBC"
    case .musl: "MUSL"
    }
  }

  public var description: String { rawValue }
}
