/// Everything that can go wrong in PolicyKit: damaged or inconsistent policy data, unknown
/// policy names, and auditwheel's refusals to repair a wheel to a requested policy.
///
/// Messages are rendered in `PolicyError+Description.swift` only.
public enum PolicyError: Error, Sendable, Hashable {
  /// A bundled policy file is missing from the module bundle.
  case resourceMissing(file: String)
  /// A policy file does not match the schema; `detail` names the JSON path.
  case malformedJSON(file: String, detail: String)
  /// Two policies of one file share a priority (policies are ordered by priority alone).
  case duplicatePriority(priority: Int, policies: [String])
  /// PEP 600: `policy` drops whitelisted libraries of a higher-priority policy.
  case missingWhitelistLibraries(policy: String, missing: [String])
  /// PEP 600: `policy` (`<name>_<arch>`) drops symbol versions of a higher-priority policy.
  case missingSymbolVersions(policy: String, architecture: String, prefix: String, missing: [String])
  /// A musllinux policy was asked for while building a glibc set.
  case muslPolicyForGlibc(String)
  /// The requested musllinux policy name is not `musllinux_<major>_<minor>`.
  case invalidMuslPolicy(String)
  /// The data has no policy (besides `linux`) for this libc and architecture.
  case noPolicies(libc: Libc, architecture: Architecture, musl: String?)
  /// No policy of the set has this name or alias.
  case unknownPolicy(String)
  /// auditwheel's repair refusals (`main_repair.py`): the wheel cannot get `platform`.
  case repairRefused(wheel: String, platform: String, reason: RepairRefusal)
}

/// Why a wheel cannot be repaired to the requested policy, in auditwheel's checking order.
public enum RepairRefusal: String, Sendable, Hashable, CaseIterable {
  /// The requested policy is above the symbol-version ceiling.
  case tooRecentSymbols
  /// The wheel was built against a narrow-unicode (UCS2) Python.
  case ucs2
  /// The wheel imports blacklisted symbols.
  case blacklistedSymbols
  /// The wheel needs ISA extensions beyond its architecture's baseline.
  case unsupportedISA
}
