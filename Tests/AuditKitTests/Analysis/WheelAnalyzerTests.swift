import Foundation
import PolicyKit
import TestSupport
import Testing

@testable import AuditKit

/// The analyzer on the fixture wheels: the three kinds of input, auditwheel's refusals, and
/// what the report records. (Verdict conformance with auditwheel itself is
/// Tests/oracle/test_show_conformance.py.)
@Suite struct WheelAnalyzerTests {
  static let x86 = "cp311-cp311-linux_x86_64"
  static let ext = "_ext.cpython-311-x86_64-linux-gnu.so"
  let privateLib: SearchEnvironment

  init() throws {
    privateLib = SearchEnvironment(auditwheelLdLibraryPath: try Fixture.path("private/lib"))
  }

  @Test func simpleWheel() throws {
    let analysis = try WheelAnalyzer().analyze(path: try Fixture.path("wheels/simple-1.0.0-\(Self.x86).whl"))
    let report = analysis.report
    #expect(report.verdict.overallTag == "manylinux_2_5_x86_64")
    #expect(report.input == .wheel && report.libc == "glibc" && report.architecture == "x86_64")
    #expect(report.elves.map(\.path) == ["simple/\(Self.ext)"])
    #expect(report.elves.first?.role == .python3Extension && report.elves.first?.isRoot == true)
    #expect(report.barriers.isEmpty && report.warnings.isEmpty)
  }

  @Test func unpackedDirectoryGivesTheSameReport() throws {
    let wheel = try Fixture.path("wheels/rpath-1.0.0-\(Self.x86).whl")
    try ResolverOracles.withScratchDirectory { scratch in
      let directory = scratch + "/rpath-1.0.0"
      _ = try ResolverOracles.runPython(
        "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", [wheel, directory])
      let analyzer = WheelAnalyzer(environment: privateLib)
      var fromWheel = try analyzer.analyze(path: wheel).report
      let fromDirectory = try analyzer.analyze(path: directory).report
      #expect(fromDirectory.input == .directory && fromDirectory.wheel == "rpath-1.0.0")
      fromWheel.input = .directory
      fromWheel.wheel = "rpath-1.0.0"
      #expect(fromDirectory == fromWheel)
      #expect(fromWheel.verdict.externalLibraries.map(\.soname) == ["libouter.so.1"])
    }
  }

  @Test func bareELFFile() throws {
    let report = try WheelAnalyzer().analyze(path: try Fixture.path("libnewglibc.so")).report
    #expect(report.input == .elf && report.wheel == "libnewglibc.so")
    #expect(report.verdict.overallTag == "manylinux_2_36_x86_64")
    #expect(report.libcSource == .elf)
    #expect(report.elves.map(\.role) == [.library])
  }

  @Test func pureWheelIsNotAPlatformWheel() throws {
    #expect(throws: AuditError.nonPlatformWheel(architecture: nil, otherArchitectureFiles: [], pure: true)) {
      try WheelAnalyzer().analyze(path: try Fixture.repoPath("Fixtures/pypi/six-1.17.0-py2.py3-none-any.whl"))
    }
  }

  @Test func missingFile() {
    #expect(throws: AuditError.fileNotFound(path: "/nonexistent/x.whl")) {
      try WheelAnalyzer().analyze(path: "/nonexistent/x.whl")
    }
  }

  @Test func sharedLibraryInPurelib() throws {
    let ext = try Fixture.path("ext/simple.so")
    try ResolverOracles.withScratchDirectory { scratch in
      _ = try ResolverOracles.runPython(
        """
        import sys; sys.path.insert(0, sys.argv[1]); import mkwheel
        data = open(sys.argv[2], 'rb').read()
        mkwheel.build_wheel(sys.argv[3], 'pl', '1.0', ['cp311-cp311-linux_x86_64'],
            [mkwheel.Member('pl-1.0.data/purelib/pl/_ext.so', data, 0o755)])
        """, [try Fixture.repoPath("Fixtures/tools"), ext, scratch])
      #expect(throws: AuditError.sharedLibrariesInPurelib(["_ext.so"])) {
        try WheelAnalyzer().analyze(path: scratch + "/pl-1.0-cp311-cp311-linux_x86_64.whl")
      }
    }
  }

  @Test func otherArchitectureIsSkippedWithAWarning() throws {
    // The aarch64 cross wheel renamed to x86_64: auditwheel's "Invalid binary wheel" error.
    let source = try Fixture.path("wheels/cross_aarch64-1.0.0-cp311-cp311-linux_aarch64.whl")
    try ResolverOracles.withScratchDirectory { scratch in
      let renamed = scratch + "/cross_aarch64-1.0.0-cp311-cp311-linux_x86_64.whl"
      try FileManager.default.copyItem(atPath: source, toPath: renamed)
      let result = Result { () throws(AuditError) in try WheelAnalyzer().analyze(path: renamed) }
      guard case .failure(let error) = result else {
        Issue.record("expected an error")
        return
      }
      do {
        guard case .nonPlatformWheel(let architecture, let files, let pure) = error else {
          Issue.record("unexpected \(error)")
          return
        }
        #expect(architecture == "x86_64" && !pure)
        #expect(files.sorted() == ["_tiny.cpython-311-aarch64-linux-gnu.so", "libtiny.so.1"])
        #expect("\(error)".hasPrefix("Invalid binary wheel: no ELF executable or shared library file"))
      }
    }
  }

  @Test func grafteableLibrariesAreDiagnosed() throws {
    let report = try WheelAnalyzer(environment: privateLib)
      .analyze(path: try Fixture.path("wheels/private-1.0.0-\(Self.x86).whl")).report
    #expect(report.verdict.overallTag == "linux_x86_64")
    let next = try #require(report.barriers.first)
    #expect(next.policy == "manylinux_2_41_x86_64")
    #expect(next.externalLibraries.map(\.soname) == ["liba.so.1", "libb.so.1", "libc_chain.so.1"])
    #expect(next.externalLibraries.allSatisfy { $0.neededBy == ["private/\(Self.ext)"] })
  }

  /// A library a policy would graft counts with its own version needs (auditwheel's
  /// `get_symbol_policies`): an extension needing only GLIBC_2.2.5, linked to an external
  /// `libnew.so.1` that calls `close_range` (GLIBC_2.34), gets the symbol tag manylinux_2_34,
  /// and the diagnostics name `close_range` in `libnew.so.1`.
  @Test func graftedLibrariesNeedsAreAttributed() throws {
    try ResolverOracles.withScratchDirectory { scratch in
      try FileManager.default.createDirectory(atPath: scratch + "/lib", withIntermediateDirectories: true)
      try ResolverOracles.compile(
        "#define _GNU_SOURCE\n#include <unistd.h>\nint newer(void) { return close_range(5, 4, 0); }\n",
        to: scratch + "/lib/libnew.so.1", flags: ["-shared", "-fPIC", "-Wl,-soname,libnew.so.1"], in: scratch)
      try ResolverOracles.compile(
        "int newer(void);\nvoid *PyInit__g(void) { return (void *)(long)newer(); }\n",
        to: scratch + "/_g.so", flags: ["-shared", "-fPIC", "-L" + scratch + "/lib", "-l:libnew.so.1"], in: scratch)
      _ = try ResolverOracles.runPython(
        """
        import sys; sys.path.insert(0, sys.argv[1]); import mkwheel
        mkwheel.build_wheel(sys.argv[2], 'g', '1.0', ['cp311-cp311-linux_x86_64'],
            [mkwheel.Member('g/_g.so', open(sys.argv[2] + '/_g.so', 'rb').read(), 0o755)])
        """, [try Fixture.repoPath("Fixtures/tools"), scratch])
      let analyzer = WheelAnalyzer(environment: SearchEnvironment(auditwheelLdLibraryPath: scratch + "/lib"))
      let report = try analyzer.analyze(path: scratch + "/g-1.0-cp311-cp311-linux_x86_64.whl").report
      #expect(report.verdict.overallTag == "linux_x86_64")
      #expect(report.verdict.symbolTag == "manylinux_2_34_x86_64")
      let uses = report.symbolUses.filter { $0.origin == .external && $0.version == "GLIBC_2.34" }
      #expect(uses.map(\.symbol) == ["close_range"])
      #expect(uses.allSatisfy { $0.file.hasSuffix("/lib/libnew.so.1") && $0.library == "libc.so.6" })
      // Every barrier up to 2_34 names it as grafted.
      let barrier = try #require(report.barriers.first { $0.policy == "manylinux_2_31_x86_64" })
      #expect(barrier.symbolVersions.map(\.symbol) == ["close_range"])
      #expect(barrier.externalLibraries.map(\.soname) == ["libnew.so.1"])
    }
  }

  @Test func membersAreParsedOnce() throws {
    let analyzer = WheelAnalyzer()
    let input = try AuditInput.open(try Fixture.path("wheels/rpath-1.0.0-\(Self.x86).whl"))
    _ = try analyzer.analyze(input)
    // The wheel's own ELFs come from the scan, never from the store.
    #expect(analyzer.store.paths.isEmpty)
    // Host libraries are read once, under their canonical paths, and reused by later audits.
    let newglibc = try AuditInput.open(try Fixture.path("wheels/newglibc-1.0.0-\(Self.x86).whl"))
    _ = try analyzer.analyze(newglibc)
    let libc = try #require(HostFileSystem(linkInfo: { _ in nil }).realpath("/lib/x86_64-linux-gnu/libc.so.6"))
    #expect(analyzer.store.paths.contains(libc))
    let paths = analyzer.store.paths
    _ = try analyzer.analyze(newglibc)
    #expect(analyzer.store.paths == paths)
  }
}

/// Repair's view of an analysis: `--exclude` and the repair evaluation.
@Suite struct RepairViewTests {
  /// auditwheel's `test_analyze_wheel_abi` on the cffi wheel: excluding `libffi.so.5` leaves
  /// only libpython external; `*` leaves nothing.
  @Test(arguments: [([String](), ["libffi.so.5", "libpython2.7.so.1.0"]), (["libffi.so.5"], ["libpython2.7.so.1.0"]),
                    (["libffi.so.[4,5]"], ["libpython2.7.so.1.0"]), (["libffi.so.[6,7]"], ["libffi.so.5", "libpython2.7.so.1.0"]),
                    (["*"], [])])
  func excludePatterns(_ exclude: [String], _ expected: [String]) throws {
    let wheel = try Fixture.repoPath("Fixtures/auditwheel/tests/bundled-wheels/cffi-1.5.0-cp27-none-linux_x86_64.whl")
    let analysis = try WheelAnalyzer(options: AuditOptions(exclude: exclude)).analyze(path: wheel)
    let refs = analysis.verdict.externalReferences["manylinux_2_5_x86_64"]
    #expect(refs?.libraries.map(\.soname) == expected)
  }

  @Test func repairEvaluationAndPaths() throws {
    let lib = try Fixture.path("private/lib")
    let analysis = try WheelAnalyzer(environment: SearchEnvironment(auditwheelLdLibraryPath: lib))
      .analyze(path: try Fixture.path("wheels/private-1.0.0-cp311-cp311-linux_x86_64.whl"))
    #expect(analysis.verdict.overall.name == "linux_x86_64")
    let repair = analysis.verdict(options: .repair(platformBase: "auto"))
    #expect(repair.overall.name == "manylinux_2_5_x86_64")
    let liba = try #require(repair.externalReferences["manylinux_2_5_x86_64"]?.libraries.first?.realpath)
    #expect(analysis.hostPath(ofLibrary: liba) == lib + "/liba.so.1.0.0")
    #expect(analysis.hostPath(ofLibrary: WheelAnalyzer.virtualRoot + "/x/y.so") == nil)
    #expect(analysis.memberName(ofLibrary: WheelAnalyzer.virtualRoot + "/x/y.so") == "x/y.so")
  }
}
