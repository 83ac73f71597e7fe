import Testing

@testable import AuditKit

/// `.ldso` mode on in-memory trees. Each expectation restates a rule of glibc's elf/dl-load.c
/// (2.36), most of them also observed with the real loader in RealLoaderDifferentialTests.
@Suite struct LdsoResolutionTests {
  static let interp = "/lib64/ld-linux-x86-64.so.2"

  /// A Debian-like base: the interpreter behind the /lib64 link, libc in the multiarch dir.
  static func base() -> FakeFileSystem {
    var fs = FakeFileSystem()
    fs.lib("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", .x86_64(soname: "ld-linux-x86-64.so.2"))
    fs.link("/lib", to: "usr/lib")
    fs.link("/lib64/ld-linux-x86-64.so.2", to: "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
    fs.lib("/usr/lib/x86_64-linux-gnu/libc.so.6", .x86_64(needed: ["ld-linux-x86-64.so.2"], soname: "libc.so.6"))
    return fs
  }

  @Test func rpathIsInheritedThroughEveryLoader() throws {
    var fs = Self.base()
    fs.lib("/app/bin/main", .x86_64(needed: ["libA.so"], rpath: "$ORIGIN/../lib", interpreter: Self.interp))
    fs.lib("/app/lib/libA.so", .x86_64(needed: ["libB.so"], rpath: "/opt/a"))
    fs.lib("/opt/a/libB.so", .x86_64(needed: ["libC.so", "libc.so.6"]))
    fs.lib("/app/lib/libC.so", .x86_64())
    let tree = try makeResolver(fs, .ldso).resolve("/app/bin/main")
    // libB.so comes from libA's DT_RPATH; libC.so, needed by libB (no search path), from the
    // executable's DT_RPATH two loaders up.
    #expect(tree.libraries["libB.so"]?.path == "/opt/a/libB.so")
    #expect(tree.libraries["libC.so"]?.path == "/app/bin/../lib/libC.so")
    #expect(tree.libraries["libC.so"]?.realpath == "/app/lib/libC.so")
    #expect(tree.libraries["libc.so.6"]?.path == "/lib/x86_64-linux-gnu/libc.so.6")
    #expect(tree.libraries["libc.so.6"]?.realpath == "/usr/lib/x86_64-linux-gnu/libc.so.6")
    // libc's need for the interpreter is met by the loaded interpreter, not searched.
    #expect(tree.libraries["ld-linux-x86-64.so.2"]?.path == Self.interp)
  }

  @Test func runpathHidesRpathAndIsNotInherited() throws {
    var fs = Self.base()
    fs.lib("/app/main", .x86_64(needed: ["libA.so", "libR.so"], rpath: "/r", runpath: "/u", interpreter: Self.interp))
    fs.lib("/u/libA.so", .x86_64(needed: ["libB.so"]))
    fs.lib("/u/libB.so", .x86_64())
    fs.lib("/r/libR.so", .x86_64())
    let tree = try makeResolver(fs, .ldso).resolve("/app/main")
    #expect(tree.rpath == [])
    #expect(tree.runpath == ["/u"])
    #expect(tree.libraries["libA.so"]?.path == "/u/libA.so")
    #expect(tree.libraries["libR.so"]?.reason == .notFound)
    #expect(tree.libraries["libB.so"]?.reason == .notFound)
  }

  /// LD_LIBRARY_PATH comes after every DT_RPATH and before the object's DT_RUNPATH.
  @Test func ldLibraryPathSitsBetweenRpathAndRunpath() throws {
    var fs = Self.base()
    fs.lib("/app/main", .x86_64(needed: ["libA.so", "libX.so"], rpath: "/r", interpreter: Self.interp))
    fs.lib("/r/libX.so", .x86_64())
    fs.lib("/env/libX.so", .x86_64())
    fs.lib("/env/libA.so", .x86_64(needed: ["libY.so"], runpath: "/u"))
    fs.lib("/u/libY.so", .x86_64())
    fs.lib("/env/libY.so", .x86_64())
    let tree = try makeResolver(fs, .ldso) { $0.ldLibraryPath = "/nowhere;/env" }.resolve("/app/main")
    #expect(tree.libraries["libX.so"]?.path == "/r/libX.so")
    #expect(tree.libraries["libY.so"]?.path == "/env/libY.so")
  }

  @Test func cacheDirectoriesThenBuiltInDirectoriesOfTheLayout() throws {
    var fs = Self.base()
    fs.text("/etc/ld.so.conf", "/opt/conf\n")
    fs.lib("/app/main", .x86_64(needed: ["libc.so.6", "libq.so"], interpreter: Self.interp))
    fs.lib("/opt/conf/libc.so.6", .x86_64(soname: "libc.so.6"))
    fs.lib("/usr/lib64/libq.so", .x86_64())
    let debian = try makeResolver(fs, .ldso) { $0.ldSoConfPath = "/etc/ld.so.conf" }.resolve("/app/main")
    #expect(debian.libraries["libc.so.6"]?.path == "/opt/conf/libc.so.6")
    #expect(debian.libraries["libq.so"]?.reason == .notFound)
    let fedora = try makeResolver(fs, .ldso) { $0.layout = .lib64 }.resolve("/app/main")
    #expect(fedora.libraries["libq.so"]?.path == "/usr/lib64/libq.so")
    // `--ldpaths` stands in for the cache directories; the built-in ones still follow.
    let given = try makeResolver(fs, .ldso) {
      $0.ldSoConfPath = "/etc/ld.so.conf"
      $0.ldPaths = "/usr/lib64"
    }.resolve("/app/main")
    #expect(given.libraries["libq.so"]?.path == "/usr/lib64/libq.so")
    #expect(given.libraries["libc.so.6"]?.path == "/lib/x86_64-linux-gnu/libc.so.6")
  }

  /// An aarch64 tree resolved on this x86_64 host: every token comes from the ELF.
  @Test func tokensComeFromTheELFNotTheHost() throws {
    var fs = FakeFileSystem()
    fs.lib(
      "/opt/app/ext.so",
      .aarch64(needed: ["libfoo.so", "libbar.so"], rpath: "$ORIGIN/$LIB:${ORIGIN}/${PLATFORM}:$ORIGINAL:/x/$UNKNOWN"))
    fs.lib("/opt/app/lib/aarch64-linux-gnu/libfoo.so", .aarch64())
    fs.lib("/opt/app/aarch64/libbar.so", .aarch64())
    let tree = try makeResolver(fs, .ldso).resolve("/opt/app/ext.so")
    #expect(tree.rpath == ["/opt/app/lib/aarch64-linux-gnu", "/opt/app/aarch64", "$ORIGINAL", "/x/$UNKNOWN"])
    #expect(tree.libraries["libfoo.so"]?.isResolved == true)
    #expect(tree.libraries["libbar.so"]?.isResolved == true)
    let fedora = try makeResolver(fs, .ldso) {
      $0.layout = .lib64
      $0.platform = "generic"
    }.resolve("/opt/app/ext.so")
    #expect(fedora.rpath.prefix(2) == ["/opt/app/lib64", "/opt/app/generic"])
  }

  /// With no `AT_PLATFORM` (RISC-V), an element using `$PLATFORM` is dropped.
  @Test func elementWithUnknownPlatformIsDropped() throws {
    var fs = FakeFileSystem()
    let info = ELFLinkInfo(elfClass: 2, byteOrder: .little, machine: ELFMachine.riscv, rpath: "/a/$PLATFORM:/b")
    fs.lib("/ext.so", info)
    #expect(try makeResolver(fs, .ldso).resolve("/ext.so").rpath == ["/b"])
  }

  /// Other machines and classes are skipped; a non-ELF file, a foreign-endian copy of the same
  /// machine, a bad OS ABI or a directory stops the search (glibc: "invalid ELF header",
  /// "ELF file data encoding not little-endian", "ELF file OS ABI invalid",
  /// "cannot read file data").
  @Test(arguments: [
    (FakeFileSystem.Entry.elf(.aarch64()), nil as CandidateProblem?),
    (.elf(.i386()), nil), (.elf(.s390x()), nil),
    (.notELF, .notELF),
    (.elf(ELFLinkInfo(elfClass: 2, byteOrder: .big, machine: 0x3E00)), .wrongByteOrder),
    (.elf(.x86_64(osabi: 9)), .wrongOSABI(9)),
    (.directory, .notRegularFile),
    (.brokenELF("truncated dynamic section"), .unreadable(message: "truncated dynamic section")),
  ])
  func candidateRules(first: FakeFileSystem.Entry, stops: CandidateProblem?) throws {
    var fs = FakeFileSystem()
    fs.lib("/ext.so", .x86_64(needed: ["libz.so.1"], rpath: "/first:/second"))
    fs.add("/first/libz.so.1", first)
    fs.lib("/second/libz.so.1", .x86_64(osabi: 3))
    let node = try #require(try makeResolver(fs, .ldso).resolve("/ext.so").libraries["libz.so.1"])
    if let stops {
      #expect(node.reason == .invalidCandidate(path: "/first/libz.so.1", problem: stops))
    } else {
      #expect(node.path == "/second/libz.so.1")
      #expect(node.rejected.count == 1)
    }
  }

  @Test func onlyIncompatibleCandidatesAreReportedAsSuch() throws {
    var fs = FakeFileSystem()
    fs.lib("/ext.so", .x86_64(needed: ["libz.so.1"], rpath: "/a"))
    fs.lib("/a/libz.so.1", .i386())
    let node = try #require(try makeResolver(fs, .ldso).resolve("/ext.so").libraries["libz.so.1"])
    #expect(node.reason == .incompatible)
    #expect(node.rejected == [RejectedCandidate(path: "/a/libz.so.1", problem: .wrongMachine(ELFMachine.i386))])
  }

  @Test func armFloatABIMustMatchTheLoader() throws {
    var fs = FakeFileSystem()
    fs.lib("/ext.so", .armhf(needed: ["libm.so.6"]).with(rpath: "/soft:/hard"))
    fs.lib("/soft/libm.so.6", .armhf(flags: 0x0500_0200))
    fs.lib("/hard/libm.so.6", .armhf())
    let node = try #require(try makeResolver(fs, .ldso).resolve("/ext.so").libraries["libm.so.6"])
    #expect(node.reason == .invalidCandidate(path: "/soft/libm.so.6", problem: .floatABIMismatch(flags: 0x0500_0200)))
  }

  @Test func sysrootKeepsAbsoluteLinksInside() throws {
    var fs = FakeFileSystem()
    let root = "/srv/arm64"
    fs.lib(root + "/usr/bin/tool", .aarch64(needed: ["libc.so.6"], interpreter: "/lib/ld-linux-aarch64.so.1"))
    fs.link(root + "/lib", to: "usr/lib")
    fs.link(root + "/usr/lib/ld-linux-aarch64.so.1", to: "/usr/lib/aarch64-linux-gnu/ld-2.36.so")
    fs.lib(root + "/usr/lib/aarch64-linux-gnu/ld-2.36.so", .aarch64(soname: "ld-linux-aarch64.so.1"))
    fs.link(root + "/usr/lib/aarch64-linux-gnu/libc.so.6", to: "libc-2.36.so")
    fs.lib(
      root + "/usr/lib/aarch64-linux-gnu/libc-2.36.so", .aarch64(needed: ["ld-linux-aarch64.so.1"], soname: "libc.so.6")
    )
    fs.lib("/usr/lib/aarch64-linux-gnu/libc.so.6", .x86_64())  // the host's, never looked at
    let tree = try makeResolver(fs, .ldso) { $0.sysroot = root }.resolve("/usr/bin/tool")
    #expect(tree.libraries["libc.so.6"]?.path == "/lib/aarch64-linux-gnu/libc.so.6")
    #expect(tree.libraries["libc.so.6"]?.realpath == "/usr/lib/aarch64-linux-gnu/libc-2.36.so")
    #expect(tree.libraries["ld-linux-aarch64.so.1"]?.realpath == "/usr/lib/aarch64-linux-gnu/ld-2.36.so")
    #expect(tree.unresolved.isEmpty)
  }

  @Test func cyclesTerminateAndEachNameResolvesOnce() throws {
    var fs = FakeFileSystem()
    fs.lib("/ext.so", .x86_64(needed: ["libA.so", "libB.so"], soname: "ext.so", rpath: "/l"))
    fs.lib("/l/libA.so", .x86_64(needed: ["libB.so", "ext.so"], soname: "libA.so"))
    fs.lib("/l/libB.so", .x86_64(needed: ["libA.so"], soname: "libB.so"))
    let tree = try makeResolver(fs, .ldso).resolve("/ext.so")
    #expect(tree.loadOrder == ["libA.so", "libB.so", "ext.so"])
    #expect(tree.libraries["ext.so"]?.realpath == "/ext.so")
    #expect(tree.closure().map(\.soname) == ["libA.so", "libB.so", "ext.so"])
  }

  /// A name is matched against loaded objects' DT_SONAME, and a file already loaded under
  /// another name (same realpath) is reused, not loaded twice.
  @Test func loadedObjectsAreReusedBySonameAndByFile() throws {
    var fs = FakeFileSystem()
    fs.lib("/ext.so", .x86_64(needed: ["libz.so", "libq.so", "libz.so.1", "libzz.so"], rpath: "/l:/m"))
    fs.link("/l/libz.so", to: "libz.so.1.2.13")
    fs.lib("/l/libz.so.1.2.13", .x86_64(soname: "libz.so.1"))
    fs.lib("/m/libz.so.1", .x86_64(soname: "libz.so.1"))  // never searched: the soname matches
    fs.link("/m/libzz.so", to: "/l/libz.so.1.2.13")
    fs.lib("/l/libq.so", .x86_64())
    let tree = try makeResolver(fs, .ldso).resolve("/ext.so")
    #expect(tree.libraries["libz.so.1"]?.path == "/l/libz.so")
    #expect(tree.libraries["libzz.so"]?.path == "/l/libz.so")
    #expect(Set(tree.orderedLibraries.compactMap(\.realpath)) == ["/l/libz.so.1.2.13", "/l/libq.so"])
  }

  @Test func namesWithSlashesAreOpenedDirectly() throws {
    var fs = FakeFileSystem()
    fs.lib("/app/ext.so", .x86_64(needed: ["$ORIGIN/sub/libo.so", "rel/libr.so", "/abs/liba.so"]))
    fs.lib("/app/sub/libo.so", .x86_64())
    fs.lib("/work/rel/libr.so", .x86_64())
    fs.lib("/abs/liba.so", .x86_64())
    let tree = try makeResolver(fs, .ldso).resolve("/app/ext.so")
    #expect(tree.libraries["$ORIGIN/sub/libo.so"]?.path == "/app/sub/libo.so")
    #expect(tree.libraries["rel/libr.so"]?.realpath == "/work/rel/libr.so")
    #expect(tree.libraries["/abs/liba.so"]?.isResolved == true)
  }

  /// The main program's `$ORIGIN` is its resolved location; a dlopen()ed extension's is the
  /// directory it was opened from.
  @Test func originOfTheRoot() throws {
    var fs = FakeFileSystem()
    fs.lib("/opt/tool/bin/tool", .x86_64(needed: ["libt.so"], rpath: "$ORIGIN/../lib", interpreter: Self.interp))
    fs.lib("/opt/tool/lib/libt.so", .x86_64())
    fs.link("/usr/bin/tool", to: "/opt/tool/bin/tool")
    fs.lib("/real/ext.so", .x86_64(needed: ["libe.so"], rpath: "$ORIGIN/libs"))
    fs.link("/site/ext.so", to: "/real/ext.so")
    fs.lib("/site/libs/libe.so", .x86_64())
    #expect(try makeResolver(fs, .ldso).resolve("/usr/bin/tool").libraries["libt.so"]?.isResolved == true)
    #expect(try makeResolver(fs, .ldso).resolve("/site/ext.so").libraries["libe.so"]?.isResolved == true)
  }

  @Test func libpythonAndExcludes() throws {
    var fs = FakeFileSystem()
    fs.lib("/ext.so", .x86_64(needed: ["libpython3.13t.so.1.0", "libA.so", "libB.so"], rpath: "/l"))
    fs.lib("/l/libpython3.13t.so.1.0", .x86_64())
    fs.lib("/l/libA.so", .x86_64(needed: ["libC.so"]))
    fs.lib("/l/libC.so", .x86_64())
    fs.lib("/l/libB.so", .x86_64())
    let tree = try makeResolver(fs, .ldso) { $0.exclude = ["libA*", "/l/libB.so"] }.resolve("/ext.so")
    #expect(tree.libraries["libpython3.13t.so.1.0"]?.reason == .libpython)
    #expect(tree.libraries["libA.so"]?.reason == .excluded(pattern: "libA*"))
    #expect(tree.libraries["libB.so"]?.reason == .excluded(pattern: "/l/libB.so"))
    #expect(tree.libraries["libC.so"] == nil)
    #expect(tree.excluded == ["libA.so", "libB.so"])
    let resolving = try makeResolver(fs, .ldso) { $0.libpython = .resolve }.resolve("/ext.so")
    #expect(resolving.libraries["libpython3.13t.so.1.0"]?.isResolved == true)
  }

  @Test func rootProblemsThrow() throws {
    var fs = FakeFileSystem()
    fs.add("/script.sh", .notELF)
    fs.add("/broken.so", .brokenELF("bad e_phoff"))
    let resolver = makeResolver(fs, .ldso)
    #expect(throws: ResolutionError.rootNotFound(path: "/missing.so")) { try resolver.resolve("/missing.so") }
    #expect(throws: ResolutionError.rootNotELF(path: "/script.sh")) { try resolver.resolve("/script.sh") }
    #expect(throws: ResolutionError.rootUnreadable(path: "/broken.so", message: "bad e_phoff")) {
      try resolver.resolve("/broken.so")
    }
  }
}

extension ELFLinkInfo {
  func with(rpath: String? = nil, runpath: String? = nil) -> ELFLinkInfo {
    var copy = self
    copy.rpath = rpath ?? copy.rpath
    copy.runpath = runpath ?? copy.runpath
    return copy
  }
}
