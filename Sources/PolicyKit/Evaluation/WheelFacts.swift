/// Every analysed ELF of a wheel, in analysis order (auditwheel: RECORD order), plus the
/// options of the run.
public struct WheelFacts: Sendable, Hashable {
  /// The ELFs whose architecture and libc match the wheel.
  public var elves: [ELFPolicyFacts]

  public init(elves: [ELFPolicyFacts]) { self.elves = elves }

  /// The roots of the analysis (auditwheel's `full_elftree`): every Python extension in order,
  /// then every other ELF whose file name no analysed ELF lists in DT_NEEDED.
  public var roots: [ELFPolicyFacts] {
    let needed = Set(elves.flatMap(\.needed))
    return elves.filter { $0.pythonExtension != nil }
      + elves.filter { $0.pythonExtension == nil && !needed.contains($0.fileName) }
  }

  /// The version needs of every analysed ELF merged per library, loader entries dropped
  /// (auditwheel's wheel-level `versioned_symbols`).
  public var versionedSymbols: [String: Set<String>] {
    var result: [String: Set<String>] = [:]
    for elf in elves { merge(elf.versionNeeds, into: &result) }
    return result
  }
}

/// How to evaluate: the `show` defaults, or a repair with a requested policy.
public struct EvaluationOptions: Sendable, Hashable {
  /// `false` for `show` (external libraries cap the verdict), `true` for `repair`.
  public var allowGraft: Bool
  /// For repair: `auto` or the requested platform without its architecture
  /// (`manylinux_2_17`, or an alias such as `manylinux2014`); enables the graft ceiling.
  public var requestedPolicyBaseName: String?
  /// `--disable-isa-ext-check`: the machine ceiling becomes the highest policy.
  public var disableISAExtensionCheck: Bool

  public init(
    allowGraft: Bool = false, requestedPolicyBaseName: String? = nil,
    disableISAExtensionCheck: Bool = false
  ) {
    self.allowGraft = allowGraft
    self.requestedPolicyBaseName = requestedPolicyBaseName
    self.disableISAExtensionCheck = disableISAExtensionCheck
  }

  /// auditwheel `show`.
  public static let show = EvaluationOptions()

  /// auditwheel `repair --plat <base>_<arch>` (or `auto`).
  public static func repair(platformBase: String, disableISAExtensionCheck: Bool = false)
    -> EvaluationOptions
  {
    EvaluationOptions(
      allowGraft: true, requestedPolicyBaseName: platformBase,
      disableISAExtensionCheck: disableISAExtensionCheck)
  }
}

/// Adds `needs` to `result`, skipping loader entries the way auditwheel's
/// `elf_find_versioned_symbols` does (`ld-linux*` as a *prefix* here, `ld64.so.1`, `ld64.so.2`).
func merge(_ needs: [String: Set<String>], into result: inout [String: Set<String>]) {
  for (lib, versions) in needs where !isLoaderVersionNeed(lib) && !versions.isEmpty {
    result[lib, default: []].formUnion(versions)
  }
}

func isLoaderVersionNeed(_ file: String) -> Bool {
  file.hasPrefix("ld-linux") || file == "ld64.so.1" || file == "ld64.so.2"
}
