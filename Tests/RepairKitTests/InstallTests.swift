import Foundation
import RepairKit
import Testing
import TestSupport
import WheelKit

/// Wheels repaired by wheelfs must work on their own: auditwheel sees no external library left,
/// and once installed by pip into a fresh venv they import (or run) and return the right values
/// with no library path anywhere (`LD_LIBRARY_PATH` and `AUDITWHEEL_LD_LIBRARY_PATH` unset).
@Suite struct InstallTests {
  struct Case: Sendable {
    var wheel: String
    var abis: [String]
    var tag: String
    /// Python code printing a value, or nil for the script wheel.
    var check: String?
    var expected: String
  }

  static let x86 = "1.0.0-cp311-cp311-linux_x86_64.whl"
  static let cases: [Case] = [
    Case(wheel: "private-\(x86)", abis: FixtureInput.manylinux1, tag: "manylinux_2_5_x86_64",
         check: "import private._ext as m; print(m.value())", expected: "111"),
    Case(wheel: "shared-\(x86)", abis: FixtureInput.manylinux1, tag: "manylinux_2_5_x86_64",
         check: "import shared._one as a, shared._two as b; print(a.value(), b.value())",
         expected: "1001 1002"),
    Case(wheel: "rpath-\(x86)", abis: FixtureInput.manylinux1, tag: "manylinux_2_5_x86_64",
         check: "import rpath._ext as m; print(m.value())", expected: "320"),
    Case(wheel: "runpath-\(x86)", abis: FixtureInput.manylinux1, tag: "manylinux_2_5_x86_64",
         check: "import runpath._ext as m; print(m.value())", expected: "320"),
    Case(wheel: "libpython-\(x86)", abis: FixtureInput.manylinux1, tag: "manylinux_2_5_x86_64",
         check: "import libpython._ext as m; print(m.value())", expected: "311"),
    Case(wheel: "script-1.0.0-py3-none-linux_x86_64.whl", abis: ["manylinux_2_34_x86_64"],
         tag: "manylinux_2_34_x86_64", check: nil, expected: "300"),
  ]

  @Test func repairedWheelsInstallAndRunWithoutTheHostLibraries() throws {
    let scratch = try Scratch()
    var repaired: [(Case, String)] = []
    for c in Self.cases {
      let input = try FixtureInput.input(
        wheel: try FixtureInput.wheel(c.wheel), abis: c.abis,
        options: RepairOptions(wheelDirectory: scratch.path + "/wheelhouse"))
      repaired.append((c, try #require(try Repair.run(input)).outputPath))
    }

    // auditwheel finds every library inside the wheel and grants the requested tag.
    for (c, path) in repaired {
      let show = try RepairOracle.auditwheelShow(path)
      #expect(show["overall_tag"] as? String == c.tag, "\(c.wheel): \(show)")
      #expect((show["external_libs"] as? [String: Any])?.isEmpty == true, "\(c.wheel): \(show)")
    }

    // pip installs them into a fresh venv, where they work with no library path.
    let venv = scratch.path + "/venv"
    try RepairOracle.output([try RepairOracle.python(), "-m", "venv", venv])
    try RepairOracle.output(
      ["env", "-u", "LD_LIBRARY_PATH", venv + "/bin/python", "-m", "pip", "install", "--no-index",
       "--no-deps", "--quiet"] + repaired.map(\.1))
    for (c, _) in repaired {
      let argv = c.check.map { [venv + "/bin/python", "-c", $0] } ?? [venv + "/bin/fxscript"]
      let out = try RepairOracle.output(
        ["env", "-u", "LD_LIBRARY_PATH", "-u", "AUDITWHEEL_LD_LIBRARY_PATH", "-u", "PYTHONPATH"] + argv,
        environment: nil)
      #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == c.expected, "\(c.wheel)")
    }
    // The script entry point is auditwheel's shim, rewritten by pip to the venv's python.
    let shim = try String(contentsOfFile: venv + "/bin/fxscript", encoding: .utf8)
    #expect(shim.hasPrefix("#!" + venv + "/bin/python"))
    #expect(shim.contains("\"script.scripts/fxscript\"") || shim.contains("'script.scripts/fxscript'"))
    scratch.remove()
  }
}
