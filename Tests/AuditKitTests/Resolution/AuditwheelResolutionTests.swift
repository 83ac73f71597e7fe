import Testing

@testable import AuditKit

/// `.auditwheel` mode on in-memory trees. Each expectation restates a line of auditwheel
/// 6.8.2's `lddtree.py` (the real tool is compared in RealLoaderDifferentialTests).
@Suite struct AuditwheelResolutionTests {
  /// Search list: root RPATH + own RPATH + own RUNPATH + env + root RUNPATH + conf + interp.
  @Test func searchListOrder() throws {
    var fs = FakeFileSystem()
    fs.lib(
      "/w/ext.so",
      .x86_64(needed: ["libA.so", "libE.so"], rpath: "/rootrpath", interpreter: "/lib64/ld-linux-x86-64.so.2"))
    fs.lib("/rootrpath/libA.so", .x86_64(needed: ["libB.so", "libC.so", "libD.so"], runpath: "/arun"))
    fs.lib("/rootrpath/libB.so", .x86_64())  // root RPATH beats A's own RUNPATH
    fs.lib("/arun/libB.so", .x86_64())
    fs.lib("/arun/libC.so", .x86_64())  // A's RUNPATH beats the environment
    fs.lib("/env/libC.so", .x86_64())
    fs.lib("/env/libD.so", .x86_64())  // the environment beats the conf
    fs.lib("/usr/lib/libD.so", .x86_64())
    fs.lib("/usr/lib64/libE.so", .x86_64())  // found via conf "/usr/lib64" (also an interp dir)
    let tree = try makeResolver(fs, .auditwheel) { $0.ldLibraryPath = "/env" }.resolve("/w/ext.so")
    #expect(tree.libraries["libB.so"]?.path == "/rootrpath/libB.so")
    #expect(tree.libraries["libC.so"]?.path == "/arun/libC.so")
    #expect(tree.libraries["libD.so"]?.path == "/env/libD.so")
    #expect(tree.libraries["libE.so"]?.path == "/usr/lib64/libE.so")
    #expect(tree.interpreter == "/lib64/ld-linux-x86-64.so.2")
    #expect(tree.loadOrder == ["ld-linux-x86-64.so.2", "libA.so", "libB.so", "libC.so", "libD.so", "libE.so"])
  }

  /// The root's RUNPATH serves indirect dependencies; an intermediate object's RPATH does not.
  @Test func onlyTheRootsPathsReachIndirectDependencies() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"], runpath: "/rootrun"))
    fs.lib("/rootrun/libA.so", .x86_64(needed: ["libB.so", "libC.so"], rpath: "/arpath"))
    fs.lib("/arpath/libB.so", .x86_64(needed: ["libD.so"]))
    fs.lib("/rootrun/libC.so", .x86_64())
    fs.lib("/arpath/libD.so", .x86_64())
    let tree = try makeResolver(fs, .auditwheel).resolve("/w/ext.so")
    #expect(tree.libraries["libB.so"]?.isResolved == true)
    #expect(tree.libraries["libC.so"]?.path == "/rootrun/libC.so")
    #expect(tree.libraries["libD.so"]?.reason == .notFound)
  }

  /// auditwheel's realpath follows links in the last component only, and `$ORIGIN` of a
  /// dependency is taken from that path.
  @Test func realpathAndOriginFollowTheLastComponentOnly() throws {
    var fs = FakeFileSystem()
    fs.link("/lib", to: "usr/lib")
    fs.text("/etc/ld.so.conf", "/lib/x86_64-linux-gnu\n")
    fs.lib("/w/ext.so", .x86_64(needed: ["libc.so.6", "libA.so"], rpath: "/opt/lib"))
    fs.lib("/usr/lib/x86_64-linux-gnu/libc.so.6", .x86_64())
    fs.link("/opt/lib/libA.so", to: "../real/libA.so.1")
    fs.lib("/opt/real/libA.so.1", .x86_64(needed: ["libB.so"], rpath: "$ORIGIN/deps"))
    fs.lib("/opt/real/deps/libB.so", .x86_64())
    let tree = try makeResolver(fs, .auditwheel) { $0.ldSoConfPath = "/etc/ld.so.conf" }.resolve("/w/ext.so")
    #expect(tree.libraries["libc.so.6"]?.realpath == "/lib/x86_64-linux-gnu/libc.so.6")
    #expect(tree.libraries["libA.so"]?.path == "/opt/lib/libA.so")
    #expect(tree.libraries["libA.so"]?.realpath == "/opt/real/libA.so.1")
    #expect(tree.libraries["libB.so"]?.path == "/opt/real/deps/libB.so")
  }

  /// Quirks kept on purpose: DT_RPATH stays when every DT_RUNPATH directory is missing; a
  /// relative element is taken from `/`; `$LIB` is not expanded; `$ORIGIN` needs no separator.
  @Test func pathListQuirks() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"], rpath: "rel:/w/$LIB:$ORIGINAL", runpath: "/missing"))
    fs.lib("/rel/libA.so", .x86_64())
    fs.dir("/w/$LIB")
    fs.dir("/wAL")
    let tree = try makeResolver(fs, .auditwheel).resolve("/w/ext.so")
    #expect(tree.rpath == ["/rel", "/w/$LIB", "/wAL"])
    #expect(tree.runpath == [])
    #expect(tree.libraries["libA.so"]?.path == "/rel/libA.so")
  }

  /// `--ldpaths` replaces conf and system directories; the environment is then
  /// AUDITWHEEL_LD_LIBRARY_PATH alone. Without it, AUDITWHEEL_LD_LIBRARY_PATH comes first.
  @Test func ldpathsAndEnvironment() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so", "libB.so", "libc.so.6"]))
    fs.lib("/aw/libA.so", .x86_64())
    fs.lib("/llp/libA.so", .x86_64())
    fs.lib("/llp/libB.so", .x86_64())
    fs.lib("/lib/libc.so.6", .x86_64())
    fs.lib("/given/libc.so.6", .x86_64())
    let env = try makeResolver(fs, .auditwheel) {
      $0.auditwheelLdLibraryPath = "/aw"
      $0.ldLibraryPath = "/llp"
    }.resolve("/w/ext.so")
    #expect(env.libraries["libA.so"]?.path == "/aw/libA.so")
    #expect(env.libraries["libc.so.6"]?.path == "/lib/libc.so.6")
    let given = try makeResolver(fs, .auditwheel) {
      $0.auditwheelLdLibraryPath = "/aw"
      $0.ldLibraryPath = "/llp"
      $0.ldPaths = "/given"
    }.resolve("/w/ext.so")
    #expect(given.libraries["libB.so"]?.reason == .notFound)
    #expect(given.libraries["libc.so.6"]?.path == "/given/libc.so.6")
  }

  @Test func originInTheEnvironmentThrowsLikeAuditwheel() {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"]))
    let resolver = makeResolver(fs, .auditwheel) { $0.ldLibraryPath = "$ORIGIN/lib" }
    #expect(
      throws: ResolutionError.originWithoutObject(
        list: "AUDITWHEEL_LD_LIBRARY_PATH:LD_LIBRARY_PATH", value: "$ORIGIN/lib")
    ) {
      try resolver.resolve("/w/ext.so")
    }
  }

  /// Same class, byte order and machine, and the same OS ABI or both in {SYSV, LINUX}.
  @Test func compatibilityRule() {
    let sysv = ELFLinkInfo.x86_64().identity
    let linux = ELFLinkInfo.x86_64(osabi: 3).identity
    let freebsd = ELFLinkInfo.x86_64(osabi: 9).identity
    #expect(CandidateCheck.auditwheel(candidate: linux, parent: sysv) == .accept)
    #expect(CandidateCheck.auditwheel(candidate: freebsd, parent: freebsd) == .accept)
    #expect(CandidateCheck.auditwheel(candidate: freebsd, parent: sysv) == .skip(.wrongOSABI(9)))
    #expect(CandidateCheck.auditwheel(candidate: ELFLinkInfo.i386().identity, parent: sysv) == .skip(.wrongClass(1)))
    #expect(
      CandidateCheck.auditwheel(candidate: ELFLinkInfo.aarch64().identity, parent: sysv)
        == .skip(.wrongMachine(ELFMachine.aarch64)))
  }

  @Test func libpythonIsRecordedNotFollowed() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libpython3.11.so.1.0", "libpython3.13t.so.1.0"], rpath: "/l"))
    fs.lib("/l/libpython3.11.so.1.0", .x86_64(needed: ["libz.so"]))
    fs.lib("/l/libpython3.13t.so.1.0", .x86_64())
    let tree = try makeResolver(fs, .auditwheel).resolve("/w/ext.so")
    #expect(tree.libraries["libpython3.11.so.1.0"]?.reason == .libpython)
    #expect(tree.libraries["libpython3.13t.so.1.0"]?.isResolved == true)
    #expect(tree.libraries["libz.so"] == nil)
    let extended = try makeResolver(fs, .auditwheel) { $0.libpython = .skip(extended: true) }.resolve("/w/ext.so")
    #expect(extended.libraries["libpython3.13t.so.1.0"]?.reason == .libpython)
  }

  /// An exclusion by resolved path is local to the object that hit it: another object may still
  /// resolve the same name, which then enters the dictionary at that point.
  @Test func realpathExclusionIsPerObject() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so", "libB.so"], runpath: "/l"))
    fs.lib("/l/libA.so", .x86_64(needed: ["libz.so"], rpath: "/bad"))
    fs.lib("/bad/libz.so", .x86_64())
    fs.lib("/l/libB.so", .x86_64(needed: ["libz.so"]))
    fs.lib("/l/libz.so", .x86_64())
    let tree = try makeResolver(fs, .auditwheel) { $0.exclude = ["/bad/*"] }.resolve("/w/ext.so")
    #expect(tree.libraries["libA.so"]?.excluded == ["libz.so"])
    #expect(tree.libraries["libz.so"]?.path == "/l/libz.so")
    #expect(tree.loadOrder == ["libA.so", "libB.so", "libz.so"])
    let json = AuditwheelLddtreeJSON.value(tree)
    guard case .object(let members) = json,
      case .object(let libraries)? = members.first(where: { $0.key == "libraries" })?.value
    else {
      Issue.record("unexpected JSON shape")
      return
    }
    #expect(libraries.map(\.key) == ["libA.so", "libB.so", "libz.so"])
  }

  @Test func libcDetection() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/a.so", .x86_64(needed: ["libc.musl-x86_64.so.1"]))
    fs.lib("/w/b.so", .x86_64(needed: ["libc.so.6", "libc.musl-x86_64.so.1"]))
    fs.lib("/w/c.cpython-311-x86_64-linux-gnu.so", .x86_64())
    fs.lib("/w/d.cpython-310-x86_64-linux-gnu.so", .x86_64())
    fs.lib("/w/e.so", .x86_64(interpreter: "/lib/ld-musl-x86_64.so.1"))
    let resolver = makeResolver(fs, .auditwheel)
    #expect(try resolver.resolve("/w/a.so").libc == .musl)
    #expect(throws: ResolutionError.conflictingLibc(detected: .glibc, needed: "libc.musl-x86_64.so.1")) {
      try resolver.resolve("/w/b.so")
    }
    #expect(try resolver.resolve("/w/c.cpython-311-x86_64-linux-gnu.so").libc == .glibc)
    #expect(try resolver.resolve("/w/d.cpython-310-x86_64-linux-gnu.so").libc == nil)
    let musl = try resolver.resolve("/w/e.so")
    #expect(musl.libc == .musl)
    #expect(musl.libraries["ld-musl-x86_64.so.1"]?.path == "/lib/ld-musl-x86_64.so.1")
  }
}
