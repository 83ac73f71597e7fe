import PolicyKit
import Testing

@testable import RepairKit

/// `--plat` handling: auditwheel's messages (`test_main.py`), any architecture accepted, and
/// the PyFPE refusal auditwheel lacks.
@Suite struct RepairPlatformTests {
  @Test func architectureMismatchUsesAuditwheelsMessage() {
    #expect {
      try RepairPlatform.check(wheelFilename: "foo-1.0-py3-none-manylinux1_aarch64.whl", platform: "manylinux_2_17_x86_64")
    } throws: { error in
      (error as? RepairError)?.description
        == "can't repair wheel foo-1.0-py3-none-manylinux1_aarch64.whl with aarch64 architecture to a wheel targeting x86_64"
    }
  }

  @Test func libcMismatchUsesAuditwheelsMessage() {
    #expect {
      try RepairPlatform.check(wheelFilename: "foo-1.0-py3-none-musllinux_1_1_x86_64.whl", platform: "manylinux_2_17_x86_64")
    } throws: { error in
      (error as? RepairError)?.description
        == "can't repair wheel foo-1.0-py3-none-musllinux_1_1_x86_64.whl with MUSL libc to a wheel targeting GLIBC"
    }
    #expect {
      try RepairPlatform.check(wheelFilename: "foo-1.0-py3-none-manylinux1_x86_64.whl", platform: "musllinux_1_2_x86_64")
    } throws: { error in
      (error as? RepairError)?.description
        == "can't repair wheel foo-1.0-py3-none-manylinux1_x86_64.whl with GLIBC libc to a wheel targeting MUSL"
    }
  }

  @Test func acceptedRequests() throws {
    let cross = try RepairPlatform.check(
      wheelFilename: "cross_aarch64-1.0.0-cp311-cp311-linux_aarch64.whl", platform: "manylinux2014_aarch64")
    #expect(cross == .init(base: "manylinux2014", architecture: .aarch64, isPureByName: false))
    let auto = try RepairPlatform.check(wheelFilename: "p-1.0-py3-none-any.whl", platform: "auto")
    #expect(auto == .init(base: "auto", architecture: nil, isPureByName: true))
    // An unparseable name is left to the analysis, as in auditwheel.
    #expect(try RepairPlatform.check(wheelFilename: "odd.whl", platform: "auto").isPureByName == false)
  }

  @Test(arguments: [
    ("auto", true), ("manylinux_2_17_x86_64", true), ("manylinux2014_aarch64", true),
    ("manylinux1_i686", true), ("manylinux_2_31_riscv64", true), ("musllinux_1_2_x86_64", true),
    ("musllinux_1_2_armv7l", true), ("linux_x86_64", false), ("manylinux_2_17", false),
    ("manylinux1_aarch64", false), ("bogus", false), ("manylinux_2_17_x86_64_v3", false),
    ("musllinux_1_9_x86_64", false),
  ])
  func knownPlatforms(platform: String, known: Bool) {
    #expect(RepairPlatform.isKnown(platform) == known)
  }

  /// A wheel referencing PyFPE_jbuf is refused (auditwheel repairs it: study §4.1).
  @Test func pyfpeIsRefused() throws {
    let x86 = try PolicySet(libc: .glibc, architecture: .x86_64)
    let fpe = ELFPolicyFacts(
      path: "fpe.cpython-39-x86_64-linux-gnu.so", pythonExtension: .python3, needed: ["libc.so.6"],
      libraries: [], versionNeeds: ["libc.so.6": ["GLIBC_2.2.5"]], undefinedSymbols: ["PyFPE_jbuf"],
      usesPyFPE: true)
    let verdict = x86.evaluate(WheelFacts(elves: [fpe]), options: .repair(platformBase: "auto"))
    #expect(verdict.usesPyFPE)
    #expect(throws: RepairError.usesPyFPE(wheel: "fpe.whl", platform: "manylinux_2_41_x86_64")) {
      try RepairPlatform.target(policies: x86, platformBase: "auto", verdict: verdict, wheel: "fpe.whl", onlyPlatform: false)
    }
    #expect(throws: RepairError.usesPyFPE(wheel: "fpe.whl", platform: "manylinux2014_x86_64")) {
      try RepairPlatform.target(policies: x86, platformBase: "manylinux2014", verdict: verdict, wheel: "fpe.whl", onlyPlatform: false)
    }
    let clean = x86.evaluate(
      WheelFacts(elves: [ELFPolicyFacts(
        path: "ok.so", pythonExtension: .python3, needed: ["libc.so.6"], libraries: [],
        versionNeeds: ["libc.so.6": ["GLIBC_2.2.5"]], undefinedSymbols: [])]),
      options: .repair(platformBase: "auto"))
    let target = try RepairPlatform.target(policies: x86, platformBase: "auto", verdict: clean, wheel: "ok.whl", onlyPlatform: false)
    #expect(target.abis == ["manylinux_2_5_x86_64", "manylinux1_x86_64"])
    #expect(target.replacePlatforms == ["linux_x86_64"])
  }
}
