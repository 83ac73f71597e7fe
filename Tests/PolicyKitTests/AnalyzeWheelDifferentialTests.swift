import TestSupport
import Testing

@testable import PolicyKit

/// Differential test of the whole evaluation against auditwheel's `analyze_wheel_abi`, on
/// generated wheels (see ``AnalyzeWheelOracle``).
@Suite struct AnalyzeWheelDifferentialTests {
  struct Case {
    var set: PolicySet
    var facts: WheelFacts
    var options: EvaluationOptions
  }

  @Test func matchesAuditwheelOnGeneratedWheels() throws {
    var rng = SplitMix64(seed: 0xA0D1_7EE1)
    var cases: [Case] = []
    for index in 0..<400 {
      cases.append(try Self.generate(&rng, index: index))
    }
    let input = cases.map(Self.json)
    let output = try #require(try PythonOracle.json(AnalyzeWheelOracle.script, input) as? [[String: Any]])
    try #require(output.count == cases.count)

    var failures = 0
    var overallSeen: Set<String> = []
    for (index, (testCase, python)) in zip(cases, output).enumerated() {
      let verdict = testCase.set.evaluate(testCase.facts, options: testCase.options)
      overallSeen.insert(verdict.overall.baseName)
      let ours: [String: Any] = [
        "overall": verdict.overall.name, "sym": verdict.symbol.name, "ucs": verdict.ucs2.name,
        "pyfpe": verdict.pyfpe.name, "blacklist": verdict.blacklist.name,
        "machine": verdict.machine.name, "ref": verdict.reference.name, "graft": verdict.graft.name,
      ]
      var problems: [String] = []
      for (key, value) in ours where python[key] as? String != value as? String {
        problems.append("\(key): ours \(value), auditwheel \(python[key] ?? "nil")")
      }
      let versioned = verdict.versionedSymbols.mapValues { $0.sorted() }
      if versioned != python["versioned"] as? [String: [String]] {
        problems.append("versioned: ours \(versioned), auditwheel \(python["versioned"] ?? "nil")")
      }
      if !Self.same(verdict.externalReferences, python["external_refs"]) {
        problems.append("external_refs differ: ours \(verdict.externalReferences), auditwheel \(python["external_refs"] ?? "nil")")
      }
      let fullRefs = python["full_refs"] as? [String: Any] ?? [:]
      if Set(fullRefs.keys) != Set(verdict.perELF.keys.filter { key in testCase.facts.elves.contains { $0.path == key } }) {
        // auditwheel keeps per-ELF refs for every ELF; so do we.
        problems.append("per-ELF keys: ours \(verdict.perELF.keys.sorted()), auditwheel \(fullRefs.keys.sorted())")
      }
      for (path, refs) in verdict.perELF where !Self.same(refs, fullRefs[path]) {
        problems.append("per-ELF refs of \(path) differ")
      }
      if !problems.isEmpty {
        failures += 1
        let detail = problems.joined(separator: "\n  ")
        if failures <= 3 { Issue.record("case \(index) \(input[index]):\n  \(detail)") }
      }
    }
    #expect(failures == 0, "\(failures) of \(cases.count) generated wheels differ from auditwheel")
    #expect(overallSeen.count >= 8, "generated wheels reach only \(overallSeen.sorted())")
  }

  static func same(_ ours: [String: PolicyReferences], _ python: Any?) -> Bool {
    guard let python = python as? [String: [String: Any]], Set(python.keys) == Set(ours.keys) else { return false }
    for (name, refs) in ours {
      guard let theirs = python[name] else { return false }
      let libs = (theirs["libs"] as? [[Any]] ?? []).map { ExternalLibrary(soname: $0[0] as? String ?? "", realpath: $0[1] as? String) }
      if libs != refs.libraries { return false }
      if theirs["blacklist"] as? [String: [String]] != refs.blacklist { return false }
    }
    return true
  }

  // MARK: generation

  static let glibcArchitectures: [Architecture] = [
    .x86_64, .x86_64, .x86_64, .aarch64, .i686, .ppc64le, .s390x, .armv7l, .riscv64, .loongarch64, .ppc64,
  ]
  static let whitelisted = [
    "libc.so.6", "libm.so.6", "libpthread.so.0", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1",
    "libmvec.so.1", "libexpat.so.1", "libatomic.so.1", "libdl.so.2", "ld-linux-x86-64.so.2", "ld64.so.2",
  ]
  static let external = ["libfoo.so.1", "libbar.so.2", "libbaz.so.3", "libsnappy.so.1"]
  static let unresolved = ["libpython3.11.so.1.0", "libmissing.so.9"]
  static let inWheel = ["libinner.so"]
  static let symbols = [
    "zcalloc", "zcfree", "inflate_fast", "__cxa_thread_atexit_impl", "__issignaling",
    "pthread_getattr_default_np", "printf", "malloc", "deflate",
  ]

  static func generate(_ rng: inout SplitMix64, index: Int) throws -> Case {
    let musl = rng.below(8) == 0
    let arch = musl ? [Architecture.x86_64, .aarch64, .i686][rng.below(3)] : glibcArchitectures[rng.below(glibcArchitectures.count)]
    let set = try PolicySet(libc: musl ? .musl : .glibc, architecture: arch)
    var pool = VersionedSymbolsPolicyTests.versionPool(set)
    if musl { pool = ["GLIBC_2.17", "OPENSSL_3"] }
    let muslLoader = PolicySet.muslLoader(arch) ?? "libc.musl.so.1"
    let systemLibs = musl ? [muslLoader, "libz.so.1", "libstdc++.so.6"] : whitelisted
    let all = systemLibs + external + unresolved + inWheel

    func versions() -> [String: Set<String>] {
      var result: [String: Set<String>] = [:]
      for _ in 0..<rng.below(4) {
        let lib = ["libc.so.6", "libstdc++.so.6", "libz.so.1", "libm.so.6", "ld-linux-x86-64.so.2"][rng.below(5)]
        result[lib, default: []].insert(pool[rng.below(pool.count)])
      }
      return result
    }
    func extended() -> Architecture? {
      guard arch == .x86_64, rng.below(7) == 0 else { return nil }
      return [.x86_64_v2, .x86_64_v3, .x86_64_v4][rng.below(3)]
    }
    func pick(_ count: Int) -> [String] {
      var chosen: [String] = []
      for _ in 0..<count {
        let lib = all[rng.below(all.count)]
        if !chosen.contains(lib) { chosen.append(lib) }
      }
      return chosen
    }

    // One library table per wheel, so a soname resolves the same way in every tree.
    var table: [String: LibraryFacts] = [:]
    for soname in all {
      if unresolved.contains(soname) {
        table[soname] = LibraryFacts(soname: soname, realpath: nil)
      } else if inWheel.contains(soname) {
        table[soname] = LibraryFacts(
          soname: soname, realpath: "/wheelroot/pkg/\(soname)", isInsideWheel: true,
          needed: pick(rng.below(3)).filter { $0 != soname }, versionNeeds: versions())
      } else {
        let deep = external.contains(soname) ? pick(rng.below(3)) : []
        table[soname] = LibraryFacts(
          soname: soname, realpath: "/usr/lib/\(soname).real", needed: deep.filter { $0 != soname },
          extendedArchitecture: extended(), versionNeeds: versions())
      }
    }
    func closure(_ needed: [String]) -> [LibraryFacts] {
      var order: [String] = []
      var pending = needed
      while !pending.isEmpty {
        let soname = pending.removeFirst()
        guard !order.contains(soname), let node = table[soname] else { continue }
        order.append(soname)
        pending += node.needed
      }
      return order.compactMap { table[$0] }
    }

    var elves: [ELFPolicyFacts] = []
    for number in 0..<(1 + rng.below(3)) {
      let isInner = number > 0 && rng.below(4) == 0
      let path = isInner ? "pkg/libinner.so" : "pkg/mod\(number).so"
      if elves.contains(where: { $0.path == path }) { continue }
      let needed = isInner ? (table["libinner.so"]?.needed ?? []) : pick(1 + rng.below(5))
      var undefined: Set<String> = []
      for _ in 0..<rng.below(3) { undefined.insert(symbols[rng.below(symbols.count)]) }
      let kinds: [PythonExtensionKind?] = [.python3, .python3, .python2, nil]
      elves.append(
        ELFPolicyFacts(
          path: path, pythonExtension: isInner ? nil : kinds[rng.below(kinds.count)], needed: needed,
          libraries: closure(needed), versionNeeds: isInner ? (table["libinner.so"]?.versionNeeds ?? [:]) : versions(),
          undefinedSymbols: undefined, extendedArchitecture: extended(),
          usesPyFPE: rng.below(15) == 0, usesUCS2: rng.below(10) == 0))
    }

    var options = EvaluationOptions.show
    switch rng.below(4) {
    case 0: break
    case 1: options = .repair(platformBase: "auto")
    default:
      let policy = set.policies[1 + rng.below(set.policies.count - 1)]
      let names = [policy.baseName] + policy.aliases.map { String($0.dropLast(arch.rawValue.count + 1)) }
      options = .repair(platformBase: names[rng.below(names.count)])
    }
    options.disableISAExtensionCheck = rng.below(6) == 0
    return Case(set: set, facts: WheelFacts(elves: elves), options: options)
  }

  static func json(_ testCase: Case) -> [String: Any] {
    func node(_ node: LibraryFacts) -> [String: Any] {
      [
        "soname": node.soname, "realpath": node.realpath as Any, "needed": node.needed,
        "ext": node.extendedArchitecture?.rawValue as Any,
        "versions": node.versionNeeds.mapValues { $0.sorted() },
      ]
    }
    let elves: [[String: Any]] = testCase.facts.elves.map { elf in
      [
        "path": elf.path, "needed": elf.needed, "libraries": elf.libraries.map(node),
        "versions": elf.versionNeeds.mapValues { $0.sorted() }, "undefined": elf.undefinedSymbols.sorted(),
        "ext": elf.extendedArchitecture?.rawValue as Any,
        "kind": elf.pythonExtension.map { $0 == .python2 ? 2 : 3 } as Any,
        "pyfpe": elf.usesPyFPE, "ucs2": elf.usesUCS2,
      ]
    }
    return [
      "arch": testCase.set.architecture.rawValue, "libc": testCase.set.libc.rawValue, "elves": elves,
      "allow_graft": testCase.options.allowGraft, "requested": testCase.options.requestedPolicyBaseName as Any,
      "disable_isa": testCase.options.disableISAExtensionCheck,
    ]
  }
}
