import Testing

@testable import PolicyKit

/// Table tests with literal facts modelled on auditwheel's unit tests and bundled wheels
/// (auditwheel-tests.md §1 and §3).
@Suite struct EvaluationTests {
  let x86: PolicySet

  init() throws { x86 = try PolicySet(libc: .glibc, architecture: .x86_64) }

  func ext(
    _ path: String, needed: [String], libraries: [LibraryFacts] = [],
    versions: [String: Set<String>] = [:], undefined: Set<String> = [],
    kind: PythonExtensionKind = .python3
  ) -> ELFPolicyFacts {
    ELFPolicyFacts(
      path: path, pythonExtension: kind, needed: needed, libraries: libraries,
      versionNeeds: versions, undefinedSymbols: undefined)
  }

  static func system(_ soname: String, needed: [String] = []) -> LibraryFacts {
    LibraryFacts(soname: soname, realpath: "/usr/lib/x86_64-linux-gnu/\(soname)", needed: needed)
  }

  /// `test_get_symbol_policies`: libmvec is grafted for 2_5/2_12/2_17 and needs GLIBC_2.15,
  /// so the best symbol policy is manylinux_2_17 although the wheel alone would be 2_5.
  @Test func graftedLibraryVersionsCapTheSymbolPolicy() {
    let mvec = LibraryFacts(
      soname: "libmvec.so.1", realpath: "/lib/x86_64-linux-gnu/libmvec.so.1",
      needed: ["libc.so.6"], versionNeeds: ["libc.so.6": ["GLIBC_2.15", "GLIBC_2.2.5"]])
    let facts = WheelFacts(elves: [
      ext("pkg/_m.so", needed: ["libmvec.so.1", "libc.so.6"], libraries: [mvec, Self.system("libc.so.6")],
          versions: ["libc.so.6": ["GLIBC_2.2.5"]])
    ])
    let verdict = x86.evaluate(facts, options: .repair(platformBase: "auto"))
    #expect(verdict.symbol.name == "manylinux_2_17_x86_64")
    #expect(verdict.versionedSymbols == ["libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.15"]])
    #expect(verdict.symbolRequirements["manylinux_2_24_x86_64"] == ["libc.so.6": ["GLIBC_2.2.5"]])
    #expect(verdict.obstacles["manylinux_2_5_x86_64"]?.tooRecentVersions == ["libc.so.6": ["GLIBC_2.15"]])
    #expect(verdict.externalReferences["manylinux_2_17_x86_64"]?.sonames == ["libmvec.so.1"])
    #expect(verdict.externalReferences["manylinux_2_24_x86_64"]?.sonames == [])
    // show: the wheel needs grafting below 2_24.
    let show = x86.evaluate(facts)
    #expect(show.reference.name == "manylinux_2_24_x86_64")
    #expect(show.overall.name == "manylinux_2_24_x86_64")
  }

  /// testzlib: `zcalloc`/`zcfree` imported from a direct libz dependency.
  @Test func blacklistedZlibSymbols() {
    let facts = WheelFacts(elves: [
      ext("testzlib.cpython-310-x86_64-linux-gnu.so", needed: ["libz.so.1", "libc.so.6"],
          libraries: [Self.system("libz.so.1", needed: ["libc.so.6"]), Self.system("libc.so.6")],
          versions: ["libz.so.1": ["ZLIB_1.2.0"], "libc.so.6": ["GLIBC_2.2.5"]],
          undefined: ["zcalloc", "zcfree", "deflate", "printf"])
    ])
    let verdict = x86.evaluate(facts)
    #expect(verdict.blacklist == x86.linux)
    #expect(verdict.overall == x86.linux)
    #expect(verdict.reference == x86.highest)
    #expect(verdict.externalReferences["manylinux_2_5_x86_64"]?.blacklist == ["libz.so.1": ["zcalloc", "zcfree"]])
    #expect(verdict.policyUpgrades["manylinux_2_41_x86_64"]?.blacklistedSymbols == ["libz.so.1": ["zcalloc", "zcfree"]])
    #expect(verdict.policyUpgrades["manylinux_2_41_x86_64"]?.librariesToEliminate == [])
    #expect(throws: PolicyError.repairRefused(wheel: "w.whl", platform: "manylinux_2_41_x86_64", reason: .blacklistedSymbols)) {
      try x86.repairTarget(platformBase: "auto", verdict: x86.evaluate(facts, options: .repair(platformBase: "auto")), wheel: "w.whl")
    }
  }

  /// The blacklist applies to direct needs only: libz reached through another library is fine.
  @Test func blacklistIgnoresIndirectDependencies() {
    let facts = WheelFacts(elves: [
      ext("m.so", needed: ["libc.so.6", "libbar.so.1"],
          libraries: [Self.system("libbar.so.1", needed: ["libz.so.1"]), Self.system("libz.so.1"), Self.system("libc.so.6")],
          undefined: ["zcalloc"])
    ])
    #expect(x86.evaluate(facts).blacklist == x86.highest)
  }

  /// fpewheel: PyFPE makes the wheel `linux`, but repair does not check it.
  @Test func pyfpeCapsShowButNotRepair() throws {
    var elf = ext("fpe.so", needed: ["libc.so.6"], libraries: [Self.system("libc.so.6")],
                  versions: ["libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.4"]])
    elf.usesPyFPE = true
    let facts = WheelFacts(elves: [elf])
    let show = x86.evaluate(facts)
    #expect(show.symbol.name == "manylinux_2_5_x86_64")
    #expect(show.pyfpe == x86.linux && show.overall == x86.linux && show.usesPyFPE)
    let repair = x86.evaluate(facts, options: .repair(platformBase: "auto"))
    let target = try x86.repairTarget(platformBase: "auto", verdict: repair, wheel: "fpe.whl")
    #expect(target.requested.name == "manylinux_2_41_x86_64")
  }

  /// cffi 1.5.0 (cp27): UCS2 symbols and two unresolved libraries.
  @Test func ucs2AndUnresolvedLibraries() {
    var elf = ext(
      "_cffi_backend.so", needed: ["libffi.so.5", "libpython2.7.so.1.0", "libpthread.so.0", "libc.so.6", "ld-linux-x86-64.so.2"],
      libraries: [
        LibraryFacts(soname: "libffi.so.5", realpath: nil), LibraryFacts(soname: "libpython2.7.so.1.0", realpath: nil),
        Self.system("libpthread.so.0"), Self.system("libc.so.6"), Self.system("ld-linux-x86-64.so.2"),
      ],
      versions: ["libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.3"], "ld-linux-x86-64.so.2": ["GLIBC_2.3"]], kind: .python2)
    elf.usesUCS2 = true
    let verdict = x86.evaluate(WheelFacts(elves: [elf]))
    #expect(verdict.externalReferences["manylinux_2_5_x86_64"]?.libraries == [
      ExternalLibrary(soname: "libffi.so.5", realpath: nil), ExternalLibrary(soname: "libpython2.7.so.1.0", realpath: nil),
    ])
    #expect(verdict.symbol.name == "manylinux_2_5_x86_64")
    #expect(verdict.versionedSymbols == ["libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.3"]])
    #expect(verdict.ucs2 == x86.linux && verdict.overall == x86.linux)
    let repair = x86.evaluate(WheelFacts(elves: [elf]), options: .repair(platformBase: "auto"))
    let error = PolicyError.repairRefused(wheel: "cffi.whl", platform: "manylinux_2_41_x86_64", reason: .ucs2)
    #expect(throws: error) { try x86.repairTarget(platformBase: "auto", verdict: repair, wheel: "cffi.whl") }
    #expect(error.description == "cannot repair \"cffi.whl\" to \"manylinux_2_41_x86_64\" ABI because it was compiled against a UCS2 build of Python. You'll need to compile the wheel against a wide-unicode build of Python.")
  }

  /// Study §3 step 15: `--plat manylinux_2_17_x86_64` upgrades a grafting wheel to 2_5 too,
  /// the alias `manylinux2014_x86_64` does not (no canonical name starts with `manylinux2014_`).
  @Test func aliasGraftQuirk() throws {
    let facts = WheelFacts(elves: [
      ext("snappy.so", needed: ["libsnappy.so.1", "libc.so.6"],
          libraries: [Self.system("libsnappy.so.1", needed: ["libc.so.6"]), Self.system("libc.so.6")],
          versions: ["libc.so.6": ["GLIBC_2.2.5"]])
    ])
    let canonical = x86.evaluate(facts, options: .repair(platformBase: "manylinux_2_17"))
    #expect(canonical.graft == x86.highest)
    let target = try x86.repairTarget(platformBase: "manylinux_2_17", verdict: canonical, wheel: "s.whl")
    #expect(target.abis == ["manylinux_2_5_x86_64", "manylinux1_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"])
    #expect(target.replacePlatforms == ["linux_x86_64"])

    let alias = x86.evaluate(facts, options: .repair(platformBase: "manylinux2014"))
    #expect(alias.graft == x86.linux)
    let aliasTarget = try x86.repairTarget(platformBase: "manylinux2014", verdict: alias, wheel: "s.whl")
    #expect(aliasTarget.abis == ["manylinux_2_17_x86_64", "manylinux2014_x86_64"])
    let only = try x86.repairTarget(platformBase: "manylinux_2_17", verdict: canonical, wheel: "s.whl", onlyPlatform: true)
    #expect(only.abis == ["manylinux_2_17_x86_64", "manylinux2014_x86_64"])
  }

  /// Study §3 step 16: an x86-64-v2 libmvec caps the ISA ceiling at 2_24 (the most compatible
  /// policy whitelisting it); a v3 extension makes the wheel `linux`.
  @Test func machinePolicy() {
    var mvec = LibraryFacts(soname: "libmvec.so.1", realpath: "/lib/libmvec.so.1", needed: ["libc.so.6"])
    mvec.extendedArchitecture = .x86_64_v2
    let facts = WheelFacts(elves: [
      ext("m.so", needed: ["libmvec.so.1", "libc.so.6"], libraries: [mvec, Self.system("libc.so.6")])
    ])
    let verdict = x86.evaluate(facts, options: .repair(platformBase: "auto"))
    #expect(verdict.machine.name == "manylinux_2_24_x86_64")
    #expect(verdict.isaViolations == [
      ISAViolation(file: "/lib/libmvec.so.1", soname: "libmvec.so.1", required: .x86_64_v2, ceiling: verdict.machine)
    ])
    #expect(x86.evaluate(facts, options: .init(allowGraft: true, disableISAExtensionCheck: true)).machine == x86.highest)

    var v3 = ext("isa.so", needed: ["libc.so.6"], libraries: [Self.system("libc.so.6")])
    v3.extendedArchitecture = .x86_64_v3
    let isa = x86.evaluate(WheelFacts(elves: [v3]))
    #expect(isa.machine == x86.linux && isa.overall == x86.linux && isa.hasUnsupportedISA)
  }

  /// python_mscl (aarch64): libpython is external (unresolved), GLIBC_2.29 → 2_31.
  @Test func libpythonAndGlibcGapOnAarch64() throws {
    let set = try PolicySet(libc: .glibc, architecture: .aarch64)
    let facts = WheelFacts(elves: [
      ext("python_mscl/_mscl.so",
          needed: ["libpython3.13.so.1.0", "libstdc++.so.6", "libm.so.6", "libgcc_s.so.1", "libc.so.6", "ld-linux-aarch64.so.1"],
          libraries: [LibraryFacts(soname: "libpython3.13.so.1.0", realpath: nil)],
          versions: ["libc.so.6": ["GLIBC_2.17", "GLIBC_2.29"], "libstdc++.so.6": ["GLIBCXX_3.4.22", "CXXABI_1.3"]])
    ])
    let show = set.evaluate(facts)
    #expect(show.symbol.name == "manylinux_2_31_aarch64")
    #expect(show.overall == set.linux)
    let repair = set.evaluate(facts, options: .repair(platformBase: "auto"))
    let target = try set.repairTarget(platformBase: "auto", verdict: repair, wheel: "python_mscl.whl")
    #expect(target.abis == ["manylinux_2_31_aarch64"])
    #expect(target.replacePlatforms == ["linux_aarch64"])
    #expect(throws: PolicyError.repairRefused(wheel: "m.whl", platform: "manylinux_2_17_aarch64", reason: .tooRecentSymbols)) {
      try set.repairTarget(platformBase: "manylinux_2_17", verdict: repair, wheel: "m.whl")
    }
  }

  /// "RPATH FTW": a library resolved inside the wheel is not external, and a non-extension ELF
  /// that another ELF needs by file name is not a root.
  @Test func inWheelLibrariesAreInternal() {
    let inner = LibraryFacts(soname: "libinner.so", realpath: "/w/pkg/libinner.so", isInsideWheel: true, needed: ["libfoo.so.1"])
    let foo = Self.system("libfoo.so.1")
    let facts = WheelFacts(elves: [
      ext("pkg/m.so", needed: ["libinner.so"], libraries: [inner, foo]),
      ELFPolicyFacts(path: "pkg/libinner.so", needed: ["libfoo.so.1"], libraries: [foo]),
      ELFPolicyFacts(path: "pkg/tool", needed: ["libbar.so.1"], libraries: [Self.system("libbar.so.1")]),
    ])
    #expect(facts.roots.map(\.path) == ["pkg/m.so", "pkg/tool"])
    let verdict = x86.evaluate(facts)
    #expect(verdict.externalReferences["manylinux_2_5_x86_64"]?.sonames == ["libbar.so.1", "libfoo.so.1"])
    #expect(verdict.perELF["pkg/libinner.so"]?["manylinux_2_5_x86_64"]?.sonames == ["libfoo.so.1"])
    #expect(verdict.perELF["pkg/m.so"]?["linux_x86_64"]?.sonames == [])
  }

  /// A blacklist entry `"*"` matches any import from that library (auditwheel adds `"*"` to
  /// the undefined set).
  @Test func starBlacklistEntry() throws {
    let definitions = [
      PolicyDefinition(name: "linux", aliases: [], priority: 0, symbolVersions: [:], libWhitelist: [], blacklist: [:]),
      PolicyDefinition(
        name: "manylinux_2_5", aliases: [], priority: 100, symbolVersions: ["x86_64": ["GLIBC": ["2.2.5"]]],
        libWhitelist: ["libc.so.6", "libz.so.1"], blacklist: ["libz.so.1": ["*"]]),
    ]
    let set = try PolicySet(libc: .glibc, architecture: .x86_64, definitions: definitions)
    let facts = WheelFacts(elves: [ext("m.so", needed: ["libz.so.1"], libraries: [Self.system("libz.so.1")])])
    #expect(set.evaluate(facts).externalReferences["manylinux_2_5_x86_64"]?.blacklist == ["libz.so.1": ["*"]])
  }

  /// auditwheel `get_replace_platforms` doctests and unit test.
  @Test(arguments: [
    ("linux_aarch64", [String]()), ("linux_i686", []), ("manylinux1_ppc64le", ["linux_ppc64le"]),
    ("manylinux2014_x86_64", ["linux_x86_64"]), ("manylinux_2_24_x86_64", ["linux_x86_64"]),
    ("musllinux_1_2_armv7l", ["linux_armv7l"]), ("manylinux_2_17_x86_64_v3", ["linux_x86_64_v3"]),
  ])
  func replacePlatforms(name: String, expected: [String]) {
    #expect(RepairTarget.replacePlatforms(for: name) == expected)
  }

  @Test func splitPlatform() {
    #expect(RepairTarget.splitPlatform("manylinux_2_17_x86_64") == ("manylinux_2_17", .x86_64))
    #expect(RepairTarget.splitPlatform("manylinux2014_ppc64le") == ("manylinux2014", .ppc64le))
    #expect(RepairTarget.splitPlatform("musllinux_1_2_armv7l") == ("musllinux_1_2", .armv7l))
    #expect(RepairTarget.splitPlatform("auto") == ("auto", nil))
  }
}
