/// Evaluates ``WheelFacts`` against a ``PolicySet``, mirroring auditwheel 6.8.2's
/// `analyze_wheel_abi` over plain facts (no ELF or file-system access).
extension PolicySet {
  /// Computes every ceiling and the overall policy.
  ///
  /// - Parameters:
  ///   - facts: the analysed ELFs; resolution (including auditwheel's `_fixup_elf_trees`) is
  ///     the caller's job.
  ///   - options: ``EvaluationOptions/show`` or ``EvaluationOptions/repair(platformBase:disableISAExtensionCheck:)``.
  public func evaluate(_ facts: WheelFacts, options: EvaluationOptions = .show) -> Verdict {
    let roots = facts.roots
    var perELF: [String: [String: PolicyReferences]] = [:]
    for elf in facts.elves {
      var refs: [String: PolicyReferences] = [:]
      for policy in policies { refs[policy.name] = ExternalReferences.compute(elf, policy) }
      perELF[elf.path] = refs
    }

    var merged: [String: PolicyReferences] = [:]
    for policy in policies { merged[policy.name] = PolicyReferences() }
    for root in roots {
      for policy in policies {
        merged[policy.name]?.merge(perELF[root.path]?[policy.name] ?? PolicyReferences())
      }
    }

    let wheelSymbols = facts.versionedSymbols
    let external = externalLibraries(merged, facts)
    let symbols = symbolPolicy(wheelSymbols, merged, external.versionNeeds)

    func best(_ accept: (PolicyReferences) -> Bool) -> Policy {
      policies.filter { accept(merged[$0.name] ?? PolicyReferences()) }.last ?? linux
    }
    let reference = best { $0.libraries.isEmpty }
    let blacklist = best { $0.blacklist.isEmpty }
    let graft = graftPolicy(merged, requested: options.requestedPolicyBaseName)

    var isaViolations: [ISAViolation] = []
    let machine =
      options.disableISAExtensionCheck
      ? highest : machinePolicy(roots, external: external.sonames, violations: &isaViolations)

    let ucs2 = facts.elves.contains { $0.pythonExtension == .python2 && $0.usesUCS2 }
    let pyfpe = facts.elves.contains { $0.pythonExtension != nil && $0.usesPyFPE }
    let ucsPolicy = ucs2 ? linux : highest
    let pyfpePolicy = pyfpe ? linux : highest

    var overall = [symbols.policy, ucsPolicy, pyfpePolicy, blacklist, machine]
      .reduce(highest, Policy.lessCompatible)
    if options.requestedPolicyBaseName != nil { overall = Policy.lessCompatible(overall, graft) }
    if !options.allowGraft { overall = Policy.lessCompatible(overall, reference) }

    var obstacles: [String: PolicyObstacles] = [:]
    for policy in policies {
      let refs = merged[policy.name] ?? PolicyReferences()
      var tooRecent: [String: [String]] = [:]
      for (lib, versions) in symbols.requirements[policy.name] ?? wheelSymbols {
        let bad = policy.disallowedVersions(versions)
        if !bad.isEmpty { tooRecent[lib] = bad.sortedAsSymbolVersions() }
      }
      obstacles[policy.name] = PolicyObstacles(
        tooRecentVersions: tooRecent, librariesToEliminate: refs.sonames,
        blacklistedSymbols: refs.blacklist)
    }

    return Verdict(
      policies: self, overall: overall, symbol: symbols.policy, ucs2: ucsPolicy,
      pyfpe: pyfpePolicy, blacklist: blacklist, machine: machine, reference: reference,
      graft: graft, externalReferences: merged, perELF: perELF,
      versionedSymbols: symbols.versionedSymbols, symbolRequirements: symbols.requirements,
      obstacles: obstacles, isaViolations: isaViolations, roots: roots.map(\.path))
  }

  /// auditwheel's `get_external_libs` + `get_versioned_symbols`: the resolved external
  /// libraries over all non-linux policies, and their version needs keyed by soname.
  private func externalLibraries(_ merged: [String: PolicyReferences], _ facts: WheelFacts)
    -> (sonames: Set<String>, versionNeeds: [String: [String: Set<String>]])
  {
    var needsByPath: [String: [String: Set<String>]] = [:]
    for elf in facts.elves {
      for node in elf.libraries {
        guard let path = node.realpath, needsByPath[path] == nil else { continue }
        var needs: [String: Set<String>] = [:]
        merge(node.versionNeeds, into: &needs)
        needsByPath[path] = needs
      }
    }
    var seen: Set<String> = []
    var sonames: Set<String> = []
    var versionNeeds: [String: [String: Set<String>]] = [:]
    for policy in policies where !policy.isLinux {
      for library in merged[policy.name]?.libraries ?? [] {
        guard let path = library.realpath, seen.insert(path).inserted else { continue }
        sonames.insert(library.soname)
        versionNeeds[library.soname] = needsByPath[path] ?? [:]
      }
    }
    return (sonames, versionNeeds)
  }

  /// auditwheel's `get_symbol_policies` + the `max` in `analyze_wheel_abi`.
  private func symbolPolicy(
    _ wheel: [String: Set<String>], _ merged: [String: PolicyReferences],
    _ external: [String: [String: Set<String>]]
  ) -> (policy: Policy, versionedSymbols: [String: Set<String>], requirements: [String: [String: Set<String>]]) {
    var best: (policy: Policy, symbols: [String: Set<String>])?
    var requirements: [String: [String: Set<String>]] = [:]
    for policy in policies where !policy.isLinux {
      var symbols = wheel
      for library in merged[policy.name]?.libraries ?? [] {
        for (lib, versions) in external[library.soname] ?? [:] {
          symbols[lib, default: []].formUnion(versions)
        }
      }
      requirements[policy.name] = symbols
      let found = Policy.lessCompatible(policy, versionedSymbolsPolicy(symbols))
      if let current = best, found.priority <= current.policy.priority { continue }
      best = (found, symbols)
    }
    let chosen = best ?? (versionedSymbolsPolicy(wheel), wheel)
    return (chosen.policy, chosen.symbols, requirements)
  }

  /// The graft ceiling: no policy may need more grafted libraries than the requested one.
  ///
  /// Reproduces auditwheel's quirk: the count is taken over policies whose *name* starts with
  /// `<requested>_`, so an alias (`manylinux2014`) matches none and the count is 0.
  private func graftPolicy(_ merged: [String: PolicyReferences], requested: String?) -> Policy {
    let counted: [Policy]
    if let requested, requested != "auto" {
      counted = policies.filter { $0.name.hasPrefix("\(requested)_") }
    } else {
      counted = policies.filter { !$0.isLinux }
    }
    let limit = counted.map { merged[$0.name]?.libraries.count ?? 0 }.min() ?? 0
    return policies.filter { (merged[$0.name]?.libraries.count ?? 0) <= limit }.last ?? linux
  }
}
