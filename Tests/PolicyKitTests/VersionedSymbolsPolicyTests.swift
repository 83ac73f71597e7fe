import TestSupport
import Testing

@testable import PolicyKit

@Suite struct VersionedSymbolsPolicyTests {
  /// auditwheel `test_policy.py::test_policy_checks_glibc` and the unknown-prefix cases.
  @Test func auditwheelUnitFacts() throws {
    let set = try PolicySet(libc: .glibc, architecture: .x86_64)
    #expect(set.versionedSymbolsPolicy(["some_library.so": ["GLIBC_2.17"]]).priority > set.linux.priority)
    #expect(set.versionedSymbolsPolicy(["some_library.so": ["GLIBC_999"]]) == set.linux)
    #expect(set.versionedSymbolsPolicy(["some_library.so": ["OPENSSL_1_1_0"]]) == set.highest)
    #expect(set.versionedSymbolsPolicy(["some_library.so": ["IAMALIBRARY"]]) == set.highest)
    #expect(set.versionedSymbolsPolicy([:]) == set.highest)
  }

  /// No manylinux_2_25/2_29/2_30 exist: the next newer policy takes those requirements.
  @Test(arguments: [
    ("GLIBC_2.25", "manylinux_2_26_x86_64"), ("GLIBC_2.29", "manylinux_2_31_x86_64"),
    ("GLIBC_2.30", "manylinux_2_31_x86_64"), ("GLIBC_2.33", "manylinux_2_34_x86_64"),
    ("GLIBC_2.5", "manylinux_2_5_x86_64"), ("GLIBC_2.13", "manylinux_2_17_x86_64"),
  ])
  func glibcGapsRoundUp(version: String, policy: String) throws {
    let set = try PolicySet(libc: .glibc, architecture: .x86_64)
    #expect(set.versionedSymbolsPolicy(["libc.so.6": [version]]).name == policy)
  }

  /// Prefixes are matched across libraries, not per library.
  @Test func prefixesMatchAcrossLibraries() throws {
    let set = try PolicySet(libc: .glibc, architecture: .x86_64)
    let split = set.versionedSymbolsPolicy([
      "libm.so.6": ["GLIBC_2.2.5"], "libstdc++.so.6": ["GLIBCXX_3.4.21", "CXXABI_1.3.9"],
      "libfoo.so.1": ["GLIBC_2.14"],
    ])
    #expect(split.name == "manylinux_2_24_x86_64")
    #expect(try set.lookup("manylinux_2_17_x86_64").disallowedVersions(["GLIBCXX_3.4.21", "GLIBC_2.14", "FOO_1"]) == ["GLIBCXX_3.4.21"])
  }

  /// musllinux lists no symbol versions at all: everything passes.
  @Test func muslIgnoresVersions() throws {
    let set = try PolicySet(libc: .musl, architecture: .x86_64)
    #expect(set.versionedSymbolsPolicy(["libc.so": ["GLIBC_2.99"]]).name == "musllinux_1_2_x86_64")
  }

  /// Version-aware ordering (auditwheel only ever sorted lexicographically).
  @Test func symbolVersionOrdering() {
    let sorted = [
      "GLIBC_2.14", "GLIBC_ABI_DT_RELR", "GLIBC_2.2.5", "CXXABI_FLOAT128", "CXXABI_1.3.15",
      "GLIBC_2.2", "GLIBCXX_3.4.9", "GLIBCXX_3.4.10", "IAMALIBRARY", "CXXABI_TM_1", "GLIBC_2.02",
    ].sortedAsSymbolVersions()
    #expect(
      sorted == [
        "CXXABI_1.3.15", "CXXABI_FLOAT128", "CXXABI_TM_1", "GLIBC_2.02", "GLIBC_2.2", "GLIBC_2.2.5",
        "GLIBC_2.14", "GLIBC_ABI_DT_RELR", "GLIBCXX_3.4.9", "GLIBCXX_3.4.10", "IAMALIBRARY",
      ])
    #expect(SymbolVersion("CXXABI_FLOAT128").prefix == "CXXABI")
    #expect(SymbolVersion("CXXABI_FLOAT128").version == "FLOAT128")
    #expect(SymbolVersion("IAMALIBRARY").prefix == "IAMALIBRARY")
    #expect(SymbolVersion("IAMALIBRARY").version == "")
  }

  /// Differential: a few hundred generated requirement sets per architecture, answered by
  /// auditwheel's own `WheelPolicies.versioned_symbols_policy`.
  @Test func matchesAuditwheelOnGeneratedRequirements() throws {
    var rng = SplitMix64(seed: 0x5EED_0001)
    var cases: [[String: Any]] = []
    var expected: [String] = []
    for arch in PolicySetTests.glibcArchitectures {
      let set = try PolicySet(libc: .glibc, architecture: arch)
      let pool = Self.versionPool(set)
      for _ in 0..<60 {
        var required: [String: Set<String>] = [:]
        for _ in 0..<rng.below(5) {
          let lib = ["libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1", "libfoo.so"][rng.below(6)]
          required[lib, default: []].insert(pool[rng.below(pool.count)])
        }
        cases.append(["arch": arch.rawValue, "required": required.mapValues { $0.sorted() }])
        expected.append(set.versionedSymbolsPolicy(required).name)
      }
    }
    let output = try #require(try PythonOracle.json(Self.script, cases) as? [String])
    #expect(output.count == cases.count)
    var mismatches = 0
    for (index, (ours, theirs)) in zip(expected, output).enumerated() where ours != theirs {
      mismatches += 1
      if mismatches <= 5 { Issue.record("case \(cases[index]): ours \(ours), auditwheel \(theirs)") }
    }
    #expect(mismatches == 0)
    #expect(Set(expected).count > 20, "the generated cases should reach many different policies")
  }

  /// Versions drawn from the policies themselves, plus a few too new or unknown.
  static func versionPool(_ set: PolicySet) -> [String] {
    var pool: Set<String> = ["GLIBC_2.99", "GLIBCXX_3.4.99", "OPENSSL_1_1_0", "IAMALIBRARY", "GCC_99.0.0"]
    for policy in set.policies {
      for (prefix, versions) in policy.symbolVersions { pool.formUnion(versions.map { "\(prefix)_\($0)" }) }
    }
    return pool.sorted()
  }

  static let script = """
    import json, sys, logging
    logging.disable(logging.CRITICAL)
    from auditwheel.policy import WheelPolicies
    from auditwheel.libc import Libc
    from auditwheel.architecture import Architecture
    sets = {}
    out = []
    for case in json.load(open(sys.argv[1])):
        arch = case["arch"]
        if arch not in sets:
            sets[arch] = WheelPolicies(libc=Libc.GLIBC, arch=Architecture(arch))
        required = {lib: set(v) for lib, v in case["required"].items()}
        out.append(sets[arch].versioned_symbols_policy(required).name)
    print(json.dumps(out))
    """
}

/// A small deterministic generator for reproducible test cases.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}
