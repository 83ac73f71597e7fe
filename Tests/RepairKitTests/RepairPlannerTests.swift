import BinaryKit
import ELFKit
import ELFPatchKit
import PolicyKit
import TestSupport
import Testing
import WheelKit

@testable import RepairKit

/// The planner on hand-made inputs: pure, no file is read (host libraries are described by a
/// table), so every decision of auditwheel's `repair_wheel` is checked in isolation.
@Suite struct RepairPlannerTests {
  static let h = String(repeating: "ab", count: 32)  // every fake library's hash: abababab…

  /// A host with liba → libb → libc (all under /opt/lib) plus a leaf libz.
  static let host: [String: GraftSource] = [
    "/opt/lib/liba.so.1.0.0": GraftSource(
      realpath: "/opt/lib/liba.so.1.0.0", sha256: "11111111" + h, needed: ["libb.so.1", "libc.so.6"],
      soname: "liba.so.1", rpath: "/opt/lib", permissions: 0o555),
    "/opt/lib/libb.so.1.0.0": GraftSource(
      realpath: "/opt/lib/libb.so.1.0.0", sha256: "22222222" + h, needed: ["libc_chain.so.1"],
      soname: "libb.so.1", runpath: "$ORIGIN"),
    "/opt/lib/libc_chain.so.1.0.0": GraftSource(
      realpath: "/opt/lib/libc_chain.so.1.0.0", sha256: "33333333" + h, needed: ["libc.so.6"],
      soname: "libc_chain.so.1"),
    "/opt/lib/libz.so.1.2.13": GraftSource(
      realpath: "/opt/lib/libz.so.1.2.13", sha256: "44444444" + h, needed: ["libc.so.6"], soname: "libz.so.1"),
  ]

  static func lookup(_ path: String) throws(RepairError) -> GraftSource {
    guard let source = host[path] else {
      throw .hostLibraryUnreadable(.init(path: path, operation: .open, errno: 2))
    }
    return source
  }

  static let chain = [
    ExternalLibrary(soname: "liba.so.1", realpath: "/opt/lib/liba.so.1.0.0"),
    ExternalLibrary(soname: "libb.so.1", realpath: "/opt/lib/libb.so.1.0.0"),
    ExternalLibrary(soname: "libc_chain.so.1", realpath: "/opt/lib/libc_chain.so.1.0.0"),
  ]

  func plan(_ elfs: [RepairELF], _ options: RepairOptions = RepairOptions(), abis: [String] = FixtureInput.manylinux1,
            wheel: String = "/in/pkg-1.0-cp311-cp311-linux_x86_64.whl") throws -> RepairPlan {
    let input = try RepairInput(wheelPath: wheel, abis: abis, architecture: .x86_64, elfs: elfs, options: options)
    return try RepairPlanner.plan(input, hostLibraries: Self.lookup)
  }

  @Test func chainIsGraftedRenamedAndLinked() throws {
    let ext = RepairELF(path: "pkg/_ext.so", needed: ["liba.so.1", "libc.so.6"], searchPath: [], externalLibraries: Self.chain)
    let p = try plan([ext])
    #expect(p.librariesDirectory == "pkg.libs")
    #expect(p.grafts.map(\.destination) == [
      "pkg.libs/liba-11111111.so.1.0.0", "pkg.libs/libb-22222222.so.1.0.0", "pkg.libs/libc_chain-33333333.so.1.0.0",
    ])
    #expect(p.grafts[0].edits == [
      .setSoname("liba-11111111.so.1.0.0"), .replaceNeeded(old: "libb.so.1", new: "libb-22222222.so.1.0.0"),
      .setRunpathOrRpath("$ORIGIN", kind: .rpath),
    ])
    #expect(p.grafts[1].edits == [
      .setSoname("libb-22222222.so.1.0.0"),
      .replaceNeeded(old: "libc_chain.so.1", new: "libc_chain-33333333.so.1.0.0"),
      .setRunpathOrRpath("$ORIGIN", kind: .rpath),
    ])
    // A leaf drops any search path (#693).
    #expect(p.grafts[2].edits == [.setSoname("libc_chain-33333333.so.1.0.0"), .removeRunpathAndRpath])
    // Only the entry the extension really needs is renamed.
    #expect(p.patches == [
      PlannedPatch(path: "pkg/_ext.so", destination: "pkg/_ext.so", edits: [
        .replaceNeeded(old: "liba.so.1", new: "liba-11111111.so.1.0.0"),
        .setRunpathOrRpath("$ORIGIN/../pkg.libs", kind: .rpath),
      ], shim: nil)
    ])
    // The copy is writable by its owner (shutil.copy2 + u+w).
    #expect(p.grafts[0].permissions == 0o755)
    #expect(p.grafts[0].sonames == ["liba.so.1"])
    #expect(p.outputFilename == "pkg-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl")
    #expect(p.outputPath == "wheelhouse/" + p.outputFilename)
  }

  @Test func sharedLibraryIsGraftedOnceForEveryELF() throws {
    let z = [ExternalLibrary(soname: "libz.so.1", realpath: "/opt/lib/libz.so.1.2.13")]
    let alias = [ExternalLibrary(soname: "libz.so", realpath: "/opt/lib/libz.so.1.2.13")]
    let p = try plan([
      RepairELF(path: "one.so", needed: ["libz.so.1"], searchPath: [], externalLibraries: z),
      RepairELF(path: "pkg/two.so", needed: ["libz.so"], searchPath: [], externalLibraries: alias),
    ])
    #expect(p.grafts.count == 1)
    #expect(p.grafts[0].sonames == ["libz.so", "libz.so.1"])
    #expect(p.patches.map(\.edits) == [
      [.replaceNeeded(old: "libz.so.1", new: "libz-44444444.so.1.2.13"), .setRunpathOrRpath("$ORIGIN/pkg.libs", kind: .rpath)],
      [.replaceNeeded(old: "libz.so", new: "libz-44444444.so.1.2.13"), .setRunpathOrRpath("$ORIGIN/../pkg.libs", kind: .rpath)],
    ])
  }

  @Test func existingSearchPathIsMergedAndWrittenAsRpath() throws {
    let ext = RepairELF(
      path: "pkg/sub/_ext.so", needed: ["libz.so.1"], searchPath: ["$ORIGIN/../vendor", "/usr/local/lib", "$ORIGIN/../../pkg.libs"],
      externalLibraries: [ExternalLibrary(soname: "libz.so.1", realpath: "/opt/lib/libz.so.1.2.13")])
    let p = try plan([ext])
    #expect(p.patches[0].edits.last == .setRunpathOrRpath("$ORIGIN/../vendor:$ORIGIN/../../pkg.libs", kind: .rpath))
  }

  @Test func stripComesFirstAndCoversEveryAnalysedELF() throws {
    let ext = RepairELF(path: "pkg/_ext.so", needed: ["liba.so.1"], searchPath: [], externalLibraries: Self.chain)
    let other = RepairELF(path: "pkg/plain.so", needed: ["libc.so.6"], searchPath: [], externalLibraries: [])
    let p = try plan([ext, other], RepairOptions(strip: true))
    #expect(p.grafts.allSatisfy { $0.edits.first == .strip(.all) })
    #expect(p.patches.map(\.path) == ["pkg/_ext.so", "pkg/plain.so"])
    #expect(p.patches.allSatisfy { $0.edits.first == .strip(.all) })
    #expect(p.patches[1].edits == [.strip(.all)])
    // Without --strip, an ELF with nothing external is left alone.
    #expect(try plan([ext, other]).patches.map(\.path) == ["pkg/_ext.so"])
  }

  @Test func libpythonIsRemovedWithAWarningAndStillGetsTheRpath() throws {
    let ext = RepairELF(path: "pkg/_ext.so", needed: ["libpython3.11.so.1.0", "libc.so.6"], searchPath: ["$ORIGIN"],
                        externalLibraries: [], libpythonToRemove: ["libpython3.11.so.1.0"])
    let p = try plan([ext])
    #expect(p.grafts.isEmpty)
    #expect(p.patches[0].edits == [
      .removeNeeded("libpython3.11.so.1.0"), .setRunpathOrRpath("$ORIGIN:$ORIGIN/../pkg.libs", kind: .rpath),
    ])
    #expect(p.warnings == [
      "Removing libpython3.11.so.1.0 dependency from pkg/_ext.so. Linking with libpython is forbidden for manylinux/musllinux wheels."
    ])
  }

  @Test func scriptMovesBehindAShim() throws {
    let exe = RepairELF(path: "pkg-1.0.data/scripts/tool", needed: ["libz.so.1"], searchPath: [],
                        externalLibraries: [ExternalLibrary(soname: "libz.so.1", realpath: "/opt/lib/libz.so.1.2.13")])
    let nodeps = RepairELF(path: "pkg-1.0.data/scripts/plain", needed: ["libc.so.6"], searchPath: [], externalLibraries: [])
    let p = try plan([exe, nodeps], abis: ["manylinux_2_34_x86_64"], wheel: "pkg-1.0-py3-none-any.whl")
    #expect(p.patches.count == 1)
    #expect(p.patches[0].destination == "pkg.scripts/tool")
    #expect(p.patches[0].shim == ScriptShim.text(executing: "pkg.scripts/tool"))
    #expect(p.patches[0].edits.last == .setRunpathOrRpath("$ORIGIN/../pkg.libs", kind: .rpath))
    // `any` gives way to the platform tag.
    #expect(p.outputFilename == "pkg-1.0-py3-none-manylinux_2_34_x86_64.whl")
  }

  @Test func optionsShapeNamesAndTags() throws {
    let ext = RepairELF(path: "_ext.so", needed: ["libz.so.1"], searchPath: [],
                        externalLibraries: [ExternalLibrary(soname: "libz.so.1", realpath: "/opt/lib/libz.so.1.2.13")])
    let p = try plan([ext], RepairOptions(wheelDirectory: "out/", libSdir: ".vendored", updateTags: false))
    #expect(p.librariesDirectory == "pkg.vendored")
    #expect(p.grafts[0].destination == "pkg.vendored/libz-44444444.so.1.2.13")
    #expect(p.patches[0].edits.last == .setRunpathOrRpath("$ORIGIN/pkg.vendored", kind: .rpath))
    #expect(p.outputPath == "out/pkg-1.0-cp311-cp311-linux_x86_64.whl")
    #expect(p.addedTags.isEmpty && p.removedTags.isEmpty)
    // The eligible higher-priority policy first: sorted into the name with the requested one.
    let q = try plan([ext], abis: ["manylinux_2_5_x86_64", "manylinux1_x86_64", "manylinux_2_28_x86_64"])
    #expect(q.outputFilename == "pkg-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl")
  }

  @Test func refusalsAndFailures() throws {
    let missing = RepairELF(path: "pkg/_ext.so", needed: ["libgone.so.3"], searchPath: [],
                            externalLibraries: [ExternalLibrary(soname: "libgone.so.3", realpath: nil)])
    #expect(throws: RepairError.libraryNotLocated(soname: "libgone.so.3", neededBy: "pkg/_ext.so")) {
      try plan([missing])
    }
    #expect(
      RepairError.libraryNotLocated(soname: "libgone.so.3", neededBy: "pkg/_ext.so").description
        == "Cannot repair wheel, because required library \"libgone.so.3\" could not be located")
    #expect(throws: RepairError.invalidCompressionLevel(10)) { try plan([], RepairOptions(zipCompressionLevel: 10)) }
    #expect(try plan([]).isEmpty)
    #expect(throws: RepairError.self) {
      try RepairInput(wheelPath: "/x/not-a-wheel.zip", abis: [], architecture: .x86_64, elfs: [])
    }
  }

  /// The same input always gives the same plan, whatever the order sources are looked up in.
  @Test func planIsDeterministic() throws {
    let ext = RepairELF(path: "pkg/_ext.so", needed: ["liba.so.1"], searchPath: [], externalLibraries: Self.chain.reversed())
    #expect(try plan([ext]) == plan([RepairELF(path: "pkg/_ext.so", needed: ["liba.so.1"], searchPath: [], externalLibraries: Self.chain)]))
    #expect(try plan([ext]).description == plan([ext]).description)
  }

  /// `--dry-run` prints the plan as stable text.
  @Test func dryRunText() throws {
    let ext = RepairELF(path: "pkg/_ext.so", needed: ["liba.so.1", "libpython3.11.so.1.0"], searchPath: [],
                        externalLibraries: Array(Self.chain.prefix(2)), libpythonToRemove: ["libpython3.11.so.1.0"])
    let text = try plan([ext], RepairOptions(wheelDirectory: "/out", strip: true)).description
    #expect(text == """
      repair /in/pkg-1.0-cp311-cp311-linux_x86_64.whl
        output: /out/pkg-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl
        tags: add manylinux_2_5_x86_64 manylinux1_x86_64
        tags: remove linux_x86_64
        libraries directory: pkg.libs/
        graft /opt/lib/liba.so.1.0.0 -> pkg.libs/liba-11111111.so.1.0.0
          for: liba.so.1
          sha256: 11111111\(Self.h)
          mode: 0o755
          strip all symbols
          set SONAME liba-11111111.so.1.0.0
          replace NEEDED libb.so.1 -> libb-22222222.so.1.0.0
          set RPATH $ORIGIN
        graft /opt/lib/libb.so.1.0.0 -> pkg.libs/libb-22222222.so.1.0.0
          for: libb.so.1
          sha256: 22222222\(Self.h)
          mode: 0o644
          strip all symbols
          set SONAME libb-22222222.so.1.0.0
          remove RPATH/RUNPATH
        patch pkg/_ext.so
          strip all symbols
          remove NEEDED libpython3.11.so.1.0
          replace NEEDED liba.so.1 -> liba-11111111.so.1.0.0
          set RPATH $ORIGIN/../pkg.libs
        warning: Removing libpython3.11.so.1.0 dependency from pkg/_ext.so. Linking with libpython is forbidden for manylinux/musllinux wheels.
      """)
  }
}
