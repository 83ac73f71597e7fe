/// What keeps a wheel from one policy, for diagnostics (`.audit/` files, `show -v`).
public struct PolicyObstacles: Sendable, Hashable {
  /// Required version nodes the policy does not allow, per library (sorted, version-aware).
  /// Includes the needs of the libraries this policy would graft.
  public var tooRecentVersions: [String: [String]]
  /// External libraries that would have to be grafted or eliminated (sorted).
  public var librariesToEliminate: [String]
  /// Blacklisted symbols imported, per library (sorted).
  public var blacklistedSymbols: [String: [String]]

  public init(
    tooRecentVersions: [String: [String]] = [:], librariesToEliminate: [String] = [],
    blacklistedSymbols: [String: [String]] = [:]
  ) {
    self.tooRecentVersions = tooRecentVersions
    self.librariesToEliminate = librariesToEliminate
    self.blacklistedSymbols = blacklistedSymbols
  }

  /// Whether nothing stands in the way.
  public var isEmpty: Bool {
    tooRecentVersions.isEmpty && librariesToEliminate.isEmpty && blacklistedSymbols.isEmpty
  }
}

/// An ELF (a root, or a resolved external library) needing more than the wheel's ISA level.
public struct ISAViolation: Sendable, Hashable {
  /// The root's wheel path, or the library's real path.
  public var file: String
  /// The library's soname; `nil` for a root ELF of the wheel.
  public var soname: String?
  /// The level it needs, e.g. `x86_64_v3`.
  public var required: Architecture
  /// The ceiling this violation imposes: `linux`, or for a library some policy whitelists, the
  /// most compatible such policy.
  public var ceiling: Policy
}

/// The result of evaluating a wheel against a ``PolicySet``: every ceiling auditwheel 6.8.2
/// computes (`analyze_wheel_abi`), plus the detail behind each.
public struct Verdict: Sendable, Hashable {
  /// The policies evaluated.
  public let policies: PolicySet
  /// The tag the wheel is consistent with: the minimum of the ceilings below (plus `graft` when
  /// a platform was requested, plus `reference` when grafting is not allowed).
  public let overall: Policy
  /// Symbol-version ceiling, counting the needs of the libraries each policy would graft.
  public let symbol: Policy
  /// `linux` when a Python 2 extension uses UCS2 symbols, else the highest policy.
  public let ucs2: Policy
  /// `linux` when an extension references PyFPE, else the highest policy.
  public let pyfpe: Policy
  /// The most compatible policy with no blacklisted symbol imported.
  public let blacklist: Policy
  /// The ISA ceiling.
  public let machine: Policy
  /// The most compatible policy that needs no external library ("no grafting").
  public let reference: Policy
  /// The most compatible policy needing no more grafting than the requested one (repair).
  public let graft: Policy
  /// External references of the roots merged, per policy name (auditwheel's `external_refs`).
  public let externalReferences: [String: PolicyReferences]
  /// Per analysed ELF path, per policy name (auditwheel's `full_external_refs`; repair grafts
  /// `perELF[path][abis[0]]`).
  public let perELF: [String: [String: PolicyReferences]]
  /// The version needs behind ``symbol`` (the wheel's plus those of the libraries grafted for
  /// the policy that set it), per library.
  public let versionedSymbols: [String: Set<String>]
  /// Per policy name: the version needs counted for it (wheel + its grafts).
  public let symbolRequirements: [String: [String: Set<String>]]
  /// Per policy name: what stands in the way.
  public let obstacles: [String: PolicyObstacles]
  /// Every ISA-level problem found (empty when the check is disabled).
  public let isaViolations: [ISAViolation]
  /// The root ELF paths, in auditwheel's order.
  public let roots: [String]

  /// Whether PyFPE capped the verdict (`show --json` `pyfpe`).
  public var usesPyFPE: Bool { pyfpe == policies.linux }
  /// Whether UCS2 capped the verdict (`show --json` `ucs2`).
  public var usesUCS2: Bool { ucs2 == policies.linux }
  /// Whether the ISA check capped the verdict at `linux` (`show --json` `unsupported_isa`).
  public var hasUnsupportedISA: Bool { machine == policies.linux }

  /// `show --json` `policy_upgrades`: for each policy more compatible than ``overall``, the
  /// libraries to eliminate and blacklisted symbols (entries with neither are left out).
  public var policyUpgrades: [String: PolicyObstacles] {
    var result: [String: PolicyObstacles] = [:]
    for policy in policies.policies where policy.priority > overall.priority {
      let refs = externalReferences[policy.name] ?? PolicyReferences()
      let entry = PolicyObstacles(
        librariesToEliminate: refs.sonames, blacklistedSymbols: refs.blacklist)
      if !entry.isEmpty { result[policy.name] = entry }
    }
    return result
  }
}
