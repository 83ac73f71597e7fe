/// Architecture and libc from a wheel's platform tags, as auditwheel's
/// `get_wheel_architecture` / `get_wheel_libc` (`wheeltools.py`).
extension WheelFilename {
  /// The architectures auditwheel knows, in its enum order, with their baselines. Mirrors
  /// `PolicyKit.Architecture`; WheelKit cannot import PolicyKit, so AuditKit maps the names.
  public static let knownArchitectures: [(name: String, baseline: String)] = [
    ("aarch64", "aarch64"), ("arm64_v8a", "aarch64"), ("armv7l", "armv7l"), ("i686", "i686"),
    ("loongarch64", "loongarch64"), ("ppc64", "ppc64"), ("ppc64le", "ppc64le"),
    ("riscv64", "riscv64"), ("s390x", "s390x"), ("x86_64", "x86_64"), ("x86_64_v2", "x86_64"),
    ("x86_64_v3", "x86_64"), ("x86_64_v4", "x86_64"),
  ]

  /// The baseline architecture every platform tag agrees on.
  ///
  /// A tag names an architecture when it ends with `_<arch>` for a known architecture.
  /// - Throws: ``WheelError/pureWheel`` when every tag is `any`; ``WheelError/unknownArchitecture``
  ///   when no tag names a known architecture; ``WheelError/multipleArchitectures(_:)`` when
  ///   tags disagree, or when `any` or an unknown tag is mixed with known ones.
  public func architecture() throws(WheelError) -> String {
    var found: Set<String> = []
    var missed = false
    var pure = true
    for platform in platforms {
      let isAny = platform == "any"
      pure = pure && isAny
      if isAny {
        missed = true
        continue
      }
      let matches = Self.knownArchitectures.filter { platform.hasSuffix("_\($0.name)") }
      if matches.isEmpty { missed = true }
      for match in matches { found.insert(match.baseline) }
    }
    if found.isEmpty {
      if pure { throw .pureWheel }
      throw .unknownArchitecture
    }
    if missed || found.count > 1 { throw .multipleArchitectures(found.sorted()) }
    return found.first ?? ""
  }

  /// The libc family every platform tag agrees on, by tag prefix.
  ///
  /// - Throws: ``WheelError/unknownLibc`` when no tag starts with a known prefix;
  ///   ``WheelError/multipleLibc(_:)`` when several prefixes appear.
  public func libc() throws(WheelError) -> PlatformLibc {
    var found: Set<PlatformLibc> = []
    for platform in platforms {
      for libc in PlatformLibc.allCases where platform.hasPrefix(libc.tagPrefix) {
        found.insert(libc)
      }
    }
    guard let libc = found.first else { throw .unknownLibc }
    if found.count > 1 { throw .multipleLibc(found.map(\.rawValue).sorted()) }
    return libc
  }
}

/// The libc family a platform-tag prefix stands for (auditwheel's `Libc.tag_prefix`).
public enum PlatformLibc: String, Sendable, Hashable, CaseIterable {
  case glibc, musl, android

  /// `manylinux`, `musllinux` or `android`.
  public var tagPrefix: String {
    switch self {
    case .glibc: "manylinux"
    case .musl: "musllinux"
    case .android: "android"
    }
  }
}
