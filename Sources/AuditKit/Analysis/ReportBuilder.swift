import ELFKit
import PolicyKit

/// Assembles an ``AuditReport`` from a verdict and the analysed ELF files.
struct ReportBuilder {
  let wheel: String
  let input: AuditInputKind
  let policies: PolicySet
  let verdict: Verdict
  let analysed: [ResolvedELF]
  /// Every ELF member found, analysed or not, with its facts.
  let elfMembers: [(name: String, facts: ELFFacts)]
  let loop: ELFLoop
  let unparseable: [(name: String, error: ELFError)]
  let converter: PolicyFactsConverter

  func build(libc: Libc, libcSource: LibcSource, warnings: [AuditWarning]) -> AuditReport {
    let external = externalLibraries()
    var uses = analysed.flatMap { SymbolDiagnostics.uses(file: $0.member, origin: .wheel, facts: $0.facts) }
    for (path, facts) in external {
      uses += SymbolDiagnostics.uses(file: path, origin: .external, facts: facts)
    }
    uses = SymbolDiagnostics.sorted(uses)
    return AuditReport(
      wheel: wheel, input: input, architecture: policies.architecture.rawValue, libc: libc.rawValue,
      libcSource: libcSource, verdict: reportVerdict(), elves: summaries(), symbolUses: uses,
      barriers: BarrierBuilder(policies: policies, verdict: verdict, analysed: analysed, uses: uses).barriers(),
      neededTrees: neededTrees(), executableStacks: executableStacks(external), warnings: warnings)
  }

  /// The resolved external libraries of every non-linux policy, by real path, with facts.
  private func externalLibraries() -> [(path: String, facts: ELFFacts)] {
    var seen: Set<String> = []
    var result: [(path: String, facts: ELFFacts)] = []
    for policy in policies.policies where !policy.isLinux {
      for library in verdict.externalReferences[policy.name]?.libraries ?? [] {
        guard let path = library.realpath, seen.insert(path).inserted,
          let facts = converter.facts(atLogicalPath: path)
        else { continue }
        result.append((path, facts))
      }
    }
    return result.sorted { codePointLess($0.path, $1.path) }
  }

  private func reportVerdict() -> ReportVerdict {
    func entries(_ policy: Policy) -> [ExternalLibraryEntry] {
      (verdict.externalReferences[policy.name]?.libraries ?? [])
        .map { ExternalLibraryEntry(soname: $0.soname, path: $0.realpath) }
        .sorted { codePointLess($0.soname, $1.soname) }
    }
    let upgrades = policies.policies.filter { $0.priority > verdict.overall.priority }.compactMap { policy -> PolicyUpgrade? in
      guard let entry = verdict.policyUpgrades[policy.name] else { return nil }
      return PolicyUpgrade(
        policy: policy.name, libsToEliminate: entry.librariesToEliminate.sortedByCodePoint(),
        blacklistedSymbols: entry.blacklistedSymbols.keys.sortedByCodePoint().map {
          LibrarySymbols(library: $0, symbols: (entry.blacklistedSymbols[$0] ?? []).sortedByCodePoint())
        })
    }
    return ReportVerdict(
      overallTag: verdict.overall.name, symbolTag: verdict.symbol.name,
      ceilings: [
        Ceiling(kind: .symbolVersions, tag: verdict.symbol.name),
        Ceiling(kind: .externalLibraries, tag: verdict.reference.name),
        Ceiling(kind: .blacklist, tag: verdict.blacklist.name),
        Ceiling(kind: .isa, tag: verdict.machine.name),
        Ceiling(kind: .pyfpe, tag: verdict.pyfpe.name),
        Ceiling(kind: .ucs2, tag: verdict.ucs2.name),
      ],
      policies: policies.policies.map(\.name), pyfpe: verdict.usesPyFPE, ucs2: verdict.usesUCS2,
      unsupportedIsa: verdict.hasUnsupportedISA,
      versionedSymbols: verdict.versionedSymbols.keys.sortedByCodePoint().map {
        LibraryVersions(library: $0, versions: (verdict.versionedSymbols[$0] ?? []).sortedByCodePoint())
      },
      externalLibraries: entries(policies.highest), externalLibrariesNewest: entries(policies.lowest),
      policyUpgrades: upgrades)
  }

  private func summaries() -> [ELFSummary] {
    let roots = Set(verdict.roots)
    let analysedExtensions = Dictionary(uniqueKeysWithValues: analysed.map { ($0.member, $0.pythonExtension) })
    var result = elfMembers.map { member -> ELFSummary in
      let facts = member.facts
      let skipped = loop.skipped[member.name]
      let kind =
        analysedExtensions[member.name] ?? ELFClassification.pythonExtension(
          fileName: PathSyntax.basename(member.name), facts: facts)
      let role: ELFRole =
        switch kind {
        case .python3: .python3Extension
        case .python2: .python2Extension
        case nil: facts.interpreter != nil ? .executable : .library
        }
      return ELFSummary(
        path: member.name, status: skipped?.status ?? .analysed, detail: skipped?.detail, role: role,
        architecture: facts.baseArchitecture.rawValue, isaLevel: facts.extendedArchitectureName,
        libc: loop.revealedLibc[member.name]?.rawValue, soname: facts.soname, interpreter: facts.interpreter,
        needed: facts.needed, rpath: facts.rpath, runpath: facts.runpath, executableStack: facts.executableStack,
        isRoot: roots.contains(member.name),
        versionNeeds: facts.versionNeedSets.keys.sortedByCodePoint().map {
          LibraryVersions(library: $0, versions: (facts.versionNeedSets[$0] ?? []).sortedAsSymbolVersions())
        })
    }
    result += unparseable.map {
      ELFSummary(path: $0.name, status: .unparseable, detail: "\($0.error)", role: .library, architecture: "unknown")
    }
    return result.sorted { codePointLess($0.path, $1.path) }
  }

  private func neededTrees() -> [NeededTree] {
    analysed.map { elf in
      let nodes = Dictionary(elf.libraries.map { ($0.soname, $0) }, uniquingKeysWith: { first, _ in first })
      var lines: [NeededLine] = []
      var expanded: Set<String> = []
      var stack: [(name: String, depth: Int)] = elf.tree.followedNeeded.reversed().map { ($0, 1) }
      while let (name, depth) = stack.popLast() {
        guard let node = nodes[name] else {
          lines.append(NeededLine(depth: depth, soname: name, status: .notFound))
          continue
        }
        lines.append(line(node, depth: depth))
        guard node.realpath != nil, expanded.insert(name).inserted else { continue }
        stack.append(contentsOf: node.followedNeeded.reversed().map { ($0, depth + 1) })
      }
      return NeededTree(root: elf.member, lines: lines)
    }.sorted { codePointLess($0.root, $1.root) }
  }

  private func line(_ node: LibraryNode, depth: Int) -> NeededLine {
    if case .libpython = node.reason {
      return NeededLine(depth: depth, soname: node.soname, status: .libpython)
    }
    guard let realpath = node.realpath else {
      var detail: String?
      if let reason = node.reason, reason != .notFound {
        let described = DependencyTree.describe(node)
        detail = described.hasPrefix("not found (") ? String(described.dropFirst(11).dropLast()) : described
      }
      return NeededLine(depth: depth, soname: node.soname, status: .notFound, detail: detail)
    }
    if let member = converter.memberName(realpath) {
      return NeededLine(depth: depth, soname: node.soname, status: .inWheel, path: member)
    }
    return NeededLine(depth: depth, soname: node.soname, status: .system, path: realpath)
  }

  private func executableStacks(_ external: [(path: String, facts: ELFFacts)]) -> [ExecutableStackFact] {
    func reason(_ facts: ELFFacts) -> String {
      guard let flags = facts.stackFlags else { return "no PT_GNU_STACK" }
      let r = flags & 4 != 0 ? "R" : "", w = flags & 2 != 0 ? "W" : "", x = flags & 1 != 0 ? "E" : ""
      return "PT_GNU_STACK \(r)\(w)\(x)"
    }
    let inWheel = analysed.filter(\.facts.executableStack).map {
      ExecutableStackFact(file: $0.member, origin: .wheel, reason: reason($0.facts))
    }
    let outside = external.filter(\.facts.executableStack).map {
      ExecutableStackFact(file: $0.path, origin: .external, reason: reason($0.facts))
    }
    return inWheel.sorted { codePointLess($0.file, $1.file) } + outside
  }
}
