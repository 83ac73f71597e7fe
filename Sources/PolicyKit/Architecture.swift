/// A CPU architecture as named in platform tags, with auditwheel's baseline/subset semantics
/// (`architecture.py`).
///
/// Declaration order matters: like the Python enum, `isSubset(of:)` compares positions within
/// one baseline, so `x86_64 ⊂ x86_64_v2 ⊂ x86_64_v3 ⊂ x86_64_v4`.
public enum Architecture: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case aarch64
  /// Android's name for 64-bit ARM; its baseline is `aarch64`.
  case arm64_v8a
  case armv7l
  case i686
  case loongarch64
  case ppc64
  case ppc64le
  case riscv64
  case s390x
  case x86_64
  /// x86-64 micro-architecture levels, from `GNU_PROPERTY_X86_ISA_1_NEEDED`.
  case x86_64_v2
  case x86_64_v3
  case x86_64_v4

  /// The architecture used to select policies: `arm64*` → `aarch64`, `x86_64_v*` → `x86_64`,
  /// anything else is its own baseline.
  public var baseline: Architecture {
    if rawValue.hasPrefix("arm64") { return .aarch64 }
    if rawValue.hasPrefix("x86_64") { return .x86_64 }
    return self
  }

  /// Whether every instruction of `self` is available on `other`: same baseline and `self` is
  /// not a later level than `other`.
  public func isSubset(of other: Architecture) -> Bool {
    guard baseline == other.baseline else { return false }
    return position <= other.position
  }

  /// Whether `self` covers every instruction of `other` (the converse of ``isSubset(of:)``).
  public func isSuperset(of other: Architecture) -> Bool {
    guard baseline == other.baseline else { return false }
    return other.isSubset(of: self)
  }

  private var position: Int {
    Architecture.allCases.firstIndex(of: self) ?? 0
  }

  public var description: String { rawValue }
}
