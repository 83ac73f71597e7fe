import Testing

@testable import AuditKit

/// Trees on which glibc's ld.so and auditwheel 6.8.2 disagree, with both answers asserted.
/// The first four are also confirmed with the real tools in RealLoaderDifferentialTests.
@Suite struct ModeDifferenceTests {
  static func both(_ fs: FakeFileSystem, _ path: String, configure: (inout LibrarySearchConfig) -> Void = { _ in })
    throws -> (ldso: DependencyTree, auditwheel: DependencyTree)
  {
    (
      try makeResolver(fs, .ldso, configure: configure).resolve(path),
      try makeResolver(fs, .auditwheel, configure: configure).resolve(path)
    )
  }

  /// The extension's DT_RUNPATH serves its indirect dependencies in auditwheel, not in ld.so.
  @Test func rootRunpathForIndirectDependencies() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"], runpath: "$ORIGIN/libs"))
    fs.lib("/w/libs/libA.so", .x86_64(needed: ["libB.so"]))
    fs.lib("/w/libs/libB.so", .x86_64())
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so")
    #expect(ldso.libraries["libB.so"]?.reason == .notFound)
    #expect(auditwheel.libraries["libB.so"]?.path == "/w/libs/libB.so")
  }

  /// An intermediate library's DT_RPATH serves the libraries it loads, transitively, in ld.so;
  /// auditwheel only applies the root's and each object's own.
  @Test func intermediateLoaderRpath() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"], rpath: "/a"))
    fs.lib("/a/libA.so", .x86_64(needed: ["libB.so"], rpath: "/b"))
    fs.lib("/b/libB.so", .x86_64(needed: ["libC.so"]))
    fs.lib("/b/libC.so", .x86_64())
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so")
    #expect(ldso.libraries["libC.so"]?.path == "/b/libC.so")
    #expect(auditwheel.libraries["libC.so"]?.reason == .notFound)
  }

  /// `$LIB` (and `$PLATFORM`) are expanded by ld.so only.
  @Test func libToken() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"], rpath: "$ORIGIN/$LIB"))
    fs.lib("/w/lib/x86_64-linux-gnu/libA.so", .x86_64())
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so")
    #expect(ldso.libraries["libA.so"]?.path == "/w/lib/x86_64-linux-gnu/libA.so")
    #expect(auditwheel.libraries["libA.so"]?.reason == .notFound)
  }

  /// ld.so retries a name another loader failed on (breadth-first); auditwheel keeps the first
  /// failure (depth-first, one entry per name).
  @Test func firstFailureIsFinalOnlyInAuditwheel() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libX.so", "libY.so"], rpath: "/l"))
    fs.lib("/l/libX.so", .x86_64(needed: ["libC.so"]))
    fs.lib("/l/libY.so", .x86_64(needed: ["libC.so"], rpath: "/c"))
    fs.lib("/c/libC.so", .x86_64())
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so")
    #expect(ldso.libraries["libC.so"]?.path == "/c/libC.so")
    #expect(auditwheel.libraries["libC.so"]?.reason == .notFound)
  }

  /// LD_LIBRARY_PATH is searched before the object's DT_RUNPATH by ld.so, after it by auditwheel.
  @Test func ldLibraryPathAgainstRunpath() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"], runpath: "/run"))
    fs.lib("/run/libA.so", .x86_64())
    fs.lib("/env/libA.so", .x86_64())
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so") { $0.ldLibraryPath = "/env" }
    #expect(ldso.libraries["libA.so"]?.path == "/env/libA.so")
    #expect(auditwheel.libraries["libA.so"]?.path == "/run/libA.so")
  }

  /// Built-in directories: Debian's ld.so searches the multiarch directories and never /lib64;
  /// auditwheel appends `/lib /lib64/ /usr/lib /usr/lib64`. The realpath differs too: ld.so's is
  /// canonical, auditwheel's keeps directory links.
  @Test func builtInDirectoriesAndRealpath() throws {
    var fs = FakeFileSystem()
    fs.link("/lib", to: "usr/lib")
    fs.lib("/w/ext.so", .x86_64(needed: ["libc.so.6", "libq.so"]))
    fs.lib("/usr/lib/x86_64-linux-gnu/libc.so.6", .x86_64())
    fs.lib("/lib64/libq.so", .x86_64())
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so")
    #expect(ldso.libraries["libc.so.6"]?.path == "/lib/x86_64-linux-gnu/libc.so.6")
    #expect(ldso.libraries["libc.so.6"]?.realpath == "/usr/lib/x86_64-linux-gnu/libc.so.6")
    #expect(auditwheel.libraries["libc.so.6"]?.reason == .notFound)
    #expect(ldso.libraries["libq.so"]?.reason == .notFound)
    #expect(auditwheel.libraries["libq.so"]?.path == "/lib64/libq.so")
  }

  /// A candidate with a foreign OS ABI (FreeBSD) ahead of a good copy: ld.so fails the load
  /// ("ELF file OS ABI invalid"); auditwheel skips it as incompatible and takes the next.
  @Test func wrongOSABICandidate() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"], rpath: "/first:/second"))
    fs.lib("/first/libA.so", .x86_64(osabi: 9))
    fs.lib("/second/libA.so", .x86_64())
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so")
    #expect(ldso.libraries["libA.so"]?.reason == .invalidCandidate(path: "/first/libA.so", problem: .wrongOSABI(9)))
    #expect(auditwheel.libraries["libA.so"]?.path == "/second/libA.so")
  }

  /// `$ORIGIN` of a dependency found through a link: the directory it was found in (ld.so) or
  /// the directory of the link's target (auditwheel).
  @Test func originOfALinkedDependency() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"], rpath: "/opt/lib"))
    fs.link("/opt/lib/libA.so", to: "../real/libA.so.1")
    fs.lib("/opt/real/libA.so.1", .x86_64(needed: ["libB.so"], rpath: "$ORIGIN/deps"))
    fs.lib("/opt/real/deps/libB.so", .x86_64())
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so")
    #expect(ldso.libraries["libB.so"]?.reason == .notFound)
    #expect(auditwheel.libraries["libB.so"]?.path == "/opt/real/deps/libB.so")
  }

  /// A relative DT_RPATH element: the working directory (ld.so) or `/` (auditwheel).
  @Test func relativeRpathElement() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so"], rpath: "lib"))
    fs.lib("/work/lib/libA.so", .x86_64())
    fs.lib("/lib/libA.so", .x86_64())
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so")
    #expect(ldso.libraries["libA.so"]?.path == "lib/libA.so")
    #expect(ldso.libraries["libA.so"]?.realpath == "/work/lib/libA.so")
    #expect(auditwheel.libraries["libA.so"]?.path == "/lib/libA.so")
  }

  /// ld.so answers a name with an already loaded object whose DT_SONAME matches; auditwheel
  /// searches every distinct DT_NEEDED string.
  @Test func reuseBySoname() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libz.so", "libz.so.1"], rpath: "/m:/l"))
    fs.link("/l/libz.so", to: "libz.so.1.2")
    fs.lib("/l/libz.so.1.2", .x86_64(soname: "libz.so.1"))
    fs.lib("/m/libz.so.1", .x86_64(soname: "libz.so.1"))
    let (ldso, auditwheel) = try Self.both(fs, "/w/ext.so")
    #expect(ldso.libraries["libz.so.1"]?.realpath == "/l/libz.so.1.2")
    #expect(auditwheel.libraries["libz.so.1"]?.realpath == "/m/libz.so.1")
  }
}
