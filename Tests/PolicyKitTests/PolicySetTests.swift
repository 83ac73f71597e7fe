import TestSupport
import Testing

@testable import PolicyKit

@Suite struct PolicySetTests {
  static let glibcArchitectures: [Architecture] = [
    .x86_64, .i686, .aarch64, .armv7l, .ppc64le, .ppc64, .s390x, .riscv64, .loongarch64,
  ]
  static let muslArchitectures: [Architecture] = [
    .x86_64, .i686, .aarch64, .armv7l, .ppc64le, .s390x, .riscv64, .loongarch64,
  ]

  /// auditwheel `test_policy.py::test_get_by_name` priorities, names and aliases.
  @Test func prioritiesAndAliasesOnX86_64() throws {
    let set = try PolicySet(libc: .glibc, architecture: .x86_64)
    let expected: [(String, Int)] = [
      ("manylinux_2_41_x86_64", 51), ("manylinux_2_36_x86_64", 56), ("manylinux_2_31_x86_64", 61),
      ("manylinux_2_27_x86_64", 65), ("manylinux_2_24_x86_64", 70), ("manylinux_2_17_x86_64", 80),
      ("manylinux2014_x86_64", 80), ("manylinux_2_12_x86_64", 90), ("manylinux2010_x86_64", 90),
      ("manylinux_2_5_x86_64", 100), ("manylinux1_x86_64", 100),
    ]
    for (name, priority) in expected { #expect(try set.lookup(name).priority == priority) }
    #expect(set.linux.name == "linux_x86_64")
    #expect(set.lowest.name == "manylinux_2_41_x86_64")
    #expect(set.highest.name == "manylinux_2_5_x86_64")
    #expect(try set.lookup("manylinux1_x86_64").tags == ["manylinux_2_5_x86_64", "manylinux1_x86_64"])
    #expect(throws: PolicyError.unknownPolicy("manylinux2010_aarch64")) {
      try PolicySet(libc: .glibc, architecture: .aarch64).lookup("manylinux2010_aarch64")
    }
  }

  /// glibc 2.18 symbols are allowed by aarch64's manylinux_2_17 data, not by x86_64's.
  @Test func aarch64ManylinuxTwoSeventeenAllowsGlibcTwoEighteen() throws {
    let aarch64 = try PolicySet(libc: .glibc, architecture: .aarch64)
    let x86 = try PolicySet(libc: .glibc, architecture: .x86_64)
    #expect(try aarch64.lookup("manylinux_2_17_aarch64").symbolVersions["GLIBC"]?.contains("2.18") == true)
    #expect(aarch64.versionedSymbolsPolicy(["libc.so.6": ["GLIBC_2.18"]]).name == "manylinux_2_17_aarch64")
    #expect(x86.versionedSymbolsPolicy(["libc.so.6": ["GLIBC_2.18"]]).name == "manylinux_2_24_x86_64")
  }

  /// musllinux: one policy, `libc.so` renamed to the architecture's musl loader
  /// (auditwheel `_fixup_musl_libc_soname`).
  @Test(arguments: [
    (Architecture.x86_64, "libc.musl-x86_64.so.1"), (.i686, "libc.musl-x86.so.1"),
    (.aarch64, "libc.musl-aarch64.so.1"), (.armv7l, "libc.musl-armv7.so.1"),
    (.ppc64le, "libc.musl-ppc64le.so.1"), (.s390x, "libc.musl-s390x.so.1"),
    (.riscv64, "libc.musl-riscv64.so.1"), (.loongarch64, "libc.musl-loongarch64.so.1"),
  ])
  func muslLoaderNames(arch: Architecture, loader: String) throws {
    let set = try PolicySet(libc: .musl, architecture: arch)
    #expect(set.policies.map(\.name) == ["linux_\(arch)", "musllinux_1_2_\(arch)"])
    #expect(set.highest.libWhitelist == [loader, "libz.so.1"])
  }

  @Test func muslPolicyCanBeChosen() throws {
    let set = try PolicySet(libc: .musl, architecture: .aarch64, muslPolicy: "musllinux_1_1")
    #expect(set.policies.map(\.name) == ["linux_aarch64", "musllinux_1_1_aarch64"])
    #expect(throws: PolicyError.noPolicies(libc: .musl, architecture: .loongarch64, musl: "musllinux_1_1")) {
      try PolicySet(libc: .musl, architecture: .loongarch64, muslPolicy: "musllinux_1_1")
    }
    #expect(throws: PolicyError.invalidMuslPolicy("musllinux_1")) {
      try PolicySet(libc: .musl, architecture: .x86_64, muslPolicy: "musllinux_1")
    }
    #expect(throws: PolicyError.muslPolicyForGlibc("musllinux_1_2")) {
      try PolicySet(libc: .glibc, architecture: .x86_64, muslPolicy: "musllinux_1_2")
    }
  }

  @Test func architecturesWithoutPoliciesAreRefused() {
    #expect(throws: PolicyError.noPolicies(libc: .glibc, architecture: .x86_64_v3, musl: nil)) {
      try PolicySet(libc: .glibc, architecture: .x86_64_v3)
    }
    #expect(throws: PolicyError.noPolicies(libc: .musl, architecture: .ppc64, musl: nil)) {
      try PolicySet(libc: .musl, architecture: .ppc64)
    }
  }

  @Test func architectureSubsets() {
    #expect(Architecture.x86_64.isSubset(of: .x86_64_v3))
    #expect(!Architecture.x86_64_v3.isSubset(of: .x86_64_v2))
    #expect(Architecture.x86_64_v4.isSuperset(of: .x86_64_v2))
    #expect(!Architecture.x86_64.isSuperset(of: .x86_64_v2))
    #expect(!Architecture.aarch64.isSubset(of: .x86_64))
    #expect(Architecture.arm64_v8a.baseline == .aarch64)
    #expect(Architecture.aarch64.isSubset(of: .arm64_v8a))
  }

  /// Every policy set equals auditwheel's `WheelPolicies` (names, aliases, priorities,
  /// whitelists, blacklists, symbol versions) for every architecture and libc.
  @Test func setsMatchAuditwheel() throws {
    var cases: [[String: Any]] = Self.glibcArchitectures.map { ["libc": "glibc", "arch": $0.rawValue] }
    for arch in Self.muslArchitectures {
      cases.append(["libc": "musl", "arch": arch.rawValue, "musl": "musllinux_1_2"])
      if arch != .loongarch64 {
        cases.append(["libc": "musl", "arch": arch.rawValue, "musl": "musllinux_1_1"])
      }
    }
    let output = try #require(try PythonOracle.json(Self.dumpScript, cases) as? [[[String: Any]]])
    try #require(output.count == cases.count)
    for (input, expected) in zip(cases, output) {
      let set = try PolicySet(
        libc: Libc(rawValue: input["libc"] as? String ?? "") ?? .glibc,
        architecture: Architecture(rawValue: input["arch"] as? String ?? "") ?? .x86_64,
        muslPolicy: input["musl"] as? String)
      #expect(set.policies.count == expected.count, "\(input)")
      for (policy, python) in zip(set.policies, expected) {
        #expect(policy.name == python["name"] as? String)
        #expect(policy.aliases == python["aliases"] as? [String])
        #expect(policy.priority == python["priority"] as? Int)
        #expect(policy.libWhitelist.sorted() == python["whitelist"] as? [String], "\(policy.name)")
        #expect(policy.blacklist.mapValues { $0.sorted() } == python["blacklist"] as? [String: [String]])
        #expect(policy.symbolVersions.mapValues { $0.sorted() } == python["symbol_versions"] as? [String: [String]])
      }
    }
  }

  static let dumpScript = """
    import json, sys, logging
    logging.disable(logging.CRITICAL)
    from auditwheel.policy import WheelPolicies
    from auditwheel.libc import Libc
    from auditwheel.architecture import Architecture
    out = []
    for case in json.load(open(sys.argv[1])):
        libc = Libc.GLIBC if case["libc"] == "glibc" else Libc.MUSL
        policies = WheelPolicies(libc=libc, arch=Architecture(case["arch"]), musl_policy=case.get("musl"))
        out.append([{
            "name": p.name, "aliases": list(p.aliases), "priority": p.priority,
            "whitelist": sorted(p.whitelist),
            "blacklist": {k: sorted(v) for k, v in p.blacklist.items()},
            "symbol_versions": {k: sorted(v) for k, v in p.symbol_versions.items()},
        } for p in policies])
    print(json.dumps(out))
    """
}
