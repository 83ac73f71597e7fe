import PolicyKit

/// For each policy more compatible than the verdict, exactly what stands in the way: the
/// symbols needing versions it does not allow (and in which file), the external libraries and
/// who needs them, the blacklisted symbols and who imports them, ISA levels, PyFPE and UCS2.
struct BarrierBuilder {
  let policies: PolicySet
  let verdict: Verdict
  let analysed: [ResolvedELF]
  /// Every symbol use of the report (wheel files and external libraries).
  let uses: [SymbolUse]

  func barriers() -> [PolicyBarrier] {
    let usesByNeed = Dictionary(grouping: uses) { $0.library + "\u{0}" + $0.version }
    let members = Set(analysed.map(\.member))
    return policies.policies.filter { $0.priority > verdict.overall.priority }.map { policy in
      let references = verdict.externalReferences[policy.name] ?? PolicyReferences()
      let grafted = Set(references.libraries.compactMap(\.realpath))

      var symbolVersions: [SymbolUse] = []
      let tooRecent = verdict.obstacles[policy.name]?.tooRecentVersions ?? [:]
      for (library, versions) in tooRecent {
        for version in versions {
          symbolVersions += (usesByNeed[library + "\u{0}" + version] ?? []).filter {
            $0.origin == .wheel ? members.contains($0.file) : grafted.contains($0.file)
          }
        }
      }

      let libraries = references.libraries.map { library in
        BarrierLibrary(
          soname: library.soname, path: library.realpath,
          neededBy: verdict.roots.filter { root in
            verdict.perELF[root]?[policy.name]?.libraries.contains { $0.soname == library.soname } == true
          })
      }

      var blacklisted: [BarrierSymbol] = []
      for library in references.blacklist.keys.sortedByCodePoint() {
        for symbol in (references.blacklist[library] ?? []).sortedByCodePoint() {
          let users = verdict.roots.filter { root in
            verdict.perELF[root]?[policy.name]?.blacklist[library]?.contains(symbol) == true
          }
          blacklisted.append(BarrierSymbol(library: library, symbol: symbol, neededBy: users))
        }
      }

      let isa =
        verdict.machine.priority < policy.priority
        ? verdict.isaViolations.filter { $0.ceiling.priority < policy.priority }.map {
          ISAFact(file: $0.file, soname: $0.soname, level: $0.required.rawValue, ceiling: $0.ceiling.name)
        } : []

      let pyfpe =
        verdict.usesPyFPE
        ? analysed.filter { $0.pythonExtension != nil }.compactMap { elf -> FileSymbols? in
          let names = ELFClassification.pyFPESymbols(elf.facts)
          return names.isEmpty ? nil : FileSymbols(file: elf.member, symbols: Array(Set(names)).sortedByCodePoint())
        } : []
      let ucs2 =
        verdict.usesUCS2
        ? analysed.filter { $0.pythonExtension == .python2 }.compactMap { elf -> FileSymbols? in
          let names = ELFClassification.ucs2Symbols(elf.facts)
          return names.isEmpty ? nil : FileSymbols(file: elf.member, symbols: Array(Set(names)).sortedByCodePoint())
        } : []

      return PolicyBarrier(
        policy: policy.name, symbolVersions: SymbolDiagnostics.sorted(symbolVersions),
        externalLibraries: libraries.sorted { codePointLess($0.soname, $1.soname) }, blacklistedSymbols: blacklisted,
        isa: isa.sorted { codePointLess($0.file, $1.file) }, pyfpe: pyfpe.sorted { codePointLess($0.file, $1.file) },
        ucs2: ucs2.sorted { codePointLess($0.file, $1.file) })
    }
  }
}
