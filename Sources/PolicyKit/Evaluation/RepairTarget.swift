/// The policy a repair targets and the platform tags it writes, as auditwheel's
/// `main_repair.execute` decides them.
public struct RepairTarget: Sendable, Hashable {
  /// The requested policy (resolved from `auto` or a name/alias).
  public let requested: Policy
  /// The platform tags to add, in order: `abis[0]` decides which libraries are grafted.
  public let abis: [String]
  /// The platform tags to remove (`linux_<arch>`), from ``replacePlatforms(for:)`` of `abis[0]`.
  public let replacePlatforms: [String]

  /// Splits a `--plat` value into its base and architecture, stripping the first
  /// `_<arch>` suffix in ``Architecture`` declaration order (`auto` has none).
  public static func splitPlatform(_ platform: String) -> (base: String, architecture: Architecture?) {
    for arch in Architecture.allCases where platform.hasSuffix("_\(arch.rawValue)") {
      return (String(platform.dropLast(arch.rawValue.count + 1)), arch)
    }
    return (platform, nil)
  }

  /// auditwheel's `get_replace_platforms`: the `linux_<arch>` tag a policy tag replaces.
  ///
  /// `linux_*` → none; `manylinux_X_Y_<arch>` and `musllinux_X_Y_<arch>` → `linux_<arch>`;
  /// any other name (`manylinux1_x86_64`) → `linux_` + everything after its first `_`.
  public static func replacePlatforms(for name: String) -> [String] {
    if name.hasPrefix("linux") { return [] }
    let parts = name.split(separator: "_", omittingEmptySubsequences: false)
    if name.hasPrefix("manylinux_") || name.hasPrefix("musllinux_") {
      return ["linux_" + parts.dropFirst(3).joined(separator: "_")]
    }
    return ["linux_" + parts.dropFirst(1).joined(separator: "_")]
  }
}

extension PolicySet {
  /// Decides the repair target like auditwheel: resolves `auto`, refuses policies above the
  /// symbol, UCS2, blacklist or ISA ceilings (in that order; PyFPE is not checked, as in
  /// auditwheel), and adds the overall policy's tags first when the wheel qualifies for a more
  /// compatible tag than requested (unless `onlyPlatform`).
  ///
  /// - Parameters:
  ///   - platformBase: `auto`, or `--plat` without its architecture (see
  ///     ``RepairTarget/splitPlatform(_:)``).
  ///   - verdict: from ``evaluate(_:options:)`` with
  ///     ``EvaluationOptions/repair(platformBase:disableISAExtensionCheck:)``.
  ///   - wheel: the wheel path as given, used in refusal messages.
  ///   - onlyPlatform: `--only-plat`.
  /// - Throws: ``PolicyError/unknownPolicy(_:)``, ``PolicyError/repairRefused(wheel:platform:reason:)``.
  public func repairTarget(
    platformBase: String, verdict: Verdict, wheel: String, onlyPlatform: Bool = false
  ) throws(PolicyError) -> RepairTarget {
    let platform: String
    if platformBase == "auto" {
      platform = verdict.overall == linux ? lowest.name : verdict.overall.name
    } else {
      platform = "\(platformBase)_\(architecture.rawValue)"
    }
    let requested = try lookup(platform)
    let ceilings: [(Policy, RepairRefusal)] = [
      (verdict.symbol, .tooRecentSymbols), (verdict.ucs2, .ucs2),
      (verdict.blacklist, .blacklistedSymbols), (verdict.machine, .unsupportedISA),
    ]
    for (ceiling, reason) in ceilings where requested.priority > ceiling.priority {
      throw .repairRefused(wheel: wheel, platform: platform, reason: reason)
    }
    var abis = requested.tags
    if !onlyPlatform && requested.priority < verdict.overall.priority {
      abis = verdict.overall.tags + abis
    }
    return RepairTarget(
      requested: requested, abis: abis,
      replacePlatforms: RepairTarget.replacePlatforms(for: abis.first ?? requested.name))
  }
}
