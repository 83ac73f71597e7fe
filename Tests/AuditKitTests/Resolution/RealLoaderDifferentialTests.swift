import Foundation
import TestSupport
import Testing

@testable import AuditKit

/// The resolver against the real tools on gcc-built trees: `.ldso` against glibc's own loader
/// (`ldd`, i.e. ld.so in trace mode), `.auditwheel` against `auditwheel lddtree` text, byte for
/// byte.
@Suite struct RealLoaderDifferentialTests {
  let fixtures: RealLoaderFixtures

  init() throws { fixtures = try RealLoaderFixtures.shared.get() }

  /// Every `name => path` line of `ldd` must be what the `.ldso` tree says for that name, and
  /// every resolved name of the tree (but the interpreter) must appear in `ldd`.
  func expectLdsoMatchesLdd(
    _ file: String, ldLibraryPath: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
  )
    throws
  {
    let path = fixtures.root + "/" + file
    let ldd = try ResolverOracles.ldd(path, environment: ldLibraryPath.map { ["LD_LIBRARY_PATH": $0] } ?? [:])
    let tree = try fixtures.resolver(.ldso, ldLibraryPath: ldLibraryPath).resolve(path)
    #expect(!ldd.isEmpty, "ldd printed nothing for \(file)", sourceLocation: sourceLocation)
    for (name, lddPath) in ldd {
      let node = tree.libraries[name]
      let ours: String? = node?.isResolved == true ? node?.path : nil
      #expect(ours == lddPath, "\(file): \(name)", sourceLocation: sourceLocation)
    }
    let interpreterKey = tree.interpreter.map(PathSyntax.basename)
    for node in tree.orderedLibraries where node.isResolved && node.soname != interpreterKey {
      #expect(
        ldd[node.soname] != nil, "\(file): \(node.soname) resolved but not in ldd", sourceLocation: sourceLocation)
    }
  }

  func expectAuditwheelMatches(
    _ file: String, ldLibraryPath: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
  )
    throws
  {
    let expected = try ResolverOracles.auditwheelLddtree(
      file, environment: ldLibraryPath.map { ["LD_LIBRARY_PATH": $0] } ?? [:], currentDirectory: fixtures.root)
    let tree = try fixtures.resolver(.auditwheel, ldLibraryPath: ldLibraryPath).resolve(file)
    #expect(AuditwheelLddtreeJSON.render(tree) == expected, sourceLocation: sourceLocation)
  }

  /// DT_RPATH of the executable serves libb's own dependency (inherited down the loader chain).
  @Test func rpathIsInheritedLikeLdd() throws {
    try expectLdsoMatchesLdd("m_rpath")
    let tree = try fixtures.resolver(.ldso).resolve(fixtures.root + "/m_rpath")
    #expect(tree.libraries["libc3.so"]?.path == fixtures.root + "/c/libc3.so")
    try expectAuditwheelMatches("m_rpath")
  }

  /// DT_RUNPATH is not inherited: ld.so cannot find libc3.so; auditwheel can (it applies the
  /// root's DT_RUNPATH to every library).
  @Test func runpathIsNotInheritedLikeLddButAuditwheelFindsIt() throws {
    try expectLdsoMatchesLdd("m_runpath")
    let ldd = try ResolverOracles.ldd(fixtures.root + "/m_runpath")
    #expect(ldd["libc3.so"] == .some(nil))
    let ldso = try fixtures.resolver(.ldso).resolve(fixtures.root + "/m_runpath")
    #expect(ldso.libraries["libc3.so"]?.reason == .notFound)
    let auditwheel = try fixtures.resolver(.auditwheel).resolve("m_runpath")
    #expect(auditwheel.libraries["libc3.so"]?.realpath == fixtures.root + "/c/libc3.so")
    try expectAuditwheelMatches("m_runpath")
  }

  /// `$LIB` and `$PLATFORM` expand to Debian's `lib/x86_64-linux-gnu` and `x86_64`, taken from
  /// the ELF; auditwheel leaves them literal and finds nothing.
  @Test func libAndPlatformTokensExpandLikeLdd() throws {
    try expectLdsoMatchesLdd("m_tokens")
    let tree = try fixtures.resolver(.ldso).resolve(fixtures.root + "/m_tokens")
    #expect(tree.rpath == [fixtures.root + "/lib/x86_64-linux-gnu", fixtures.root + "/x86_64"])
    #expect(tree.libraries["libb.so"]?.path == fixtures.root + "/lib/x86_64-linux-gnu/libb.so")
    let auditwheel = try fixtures.resolver(.auditwheel).resolve("m_tokens")
    #expect(auditwheel.libraries["libb.so"]?.reason == .notFound)
    try expectAuditwheelMatches("m_tokens")
  }

  /// ld.so loads breadth-first and retries a name another loader failed to find; auditwheel
  /// walks depth-first and never retries.
  @Test func breadthFirstRetryLikeLddButNotAuditwheel() throws {
    try expectLdsoMatchesLdd("m_bfs")
    let tree = try fixtures.resolver(.ldso).resolve(fixtures.root + "/m_bfs")
    #expect(tree.libraries["libc3.so"]?.path == fixtures.root + "/y/../c/libc3.so")
    #expect(tree.libraries["libc3.so"]?.realpath == fixtures.root + "/c/libc3.so")
    let auditwheel = try fixtures.resolver(.auditwheel).resolve("m_bfs")
    #expect(auditwheel.libraries["libc3.so"]?.reason == .notFound)
    try expectAuditwheelMatches("m_bfs")
  }

  /// Foreign-machine and other-class files in LD_LIBRARY_PATH are skipped by both loaders.
  @Test func incompatibleCandidatesAreSkipped() throws {
    let list = ["bad_arm", "bad_i686", "b", "c"].map { fixtures.root + "/" + $0 }.joined(separator: ":")
    try expectLdsoMatchesLdd("m_plain", ldLibraryPath: list)
    let tree = try fixtures.resolver(.ldso, ldLibraryPath: list).resolve(fixtures.root + "/m_plain")
    #expect(
      tree.libraries["libc3.so"]?.rejected == [
        RejectedCandidate(path: fixtures.root + "/bad_arm/libc3.so", problem: .wrongMachine(ELFMachine.aarch64)),
        RejectedCandidate(path: fixtures.root + "/bad_i686/libc3.so", problem: .wrongMachine(ELFMachine.i386)),
      ])
    try expectAuditwheelMatches("m_plain", ldLibraryPath: list)
  }

  /// A non-ELF file ahead in the search path makes glibc give up ("invalid ELF header") even
  /// though a good copy follows.
  @Test func nonELFCandidateStopsTheSearchLikeGlibc() throws {
    let list = ["bad_text", "b", "c"].map { fixtures.root + "/" + $0 }.joined(separator: ":")
    let result = try TestSupportBridge.run(["ldd", fixtures.root + "/m_plain"], environment: ["LD_LIBRARY_PATH": list])
    #expect(result.contains("invalid ELF header"))
    let tree = try fixtures.resolver(.ldso, ldLibraryPath: list).resolve(fixtures.root + "/m_plain")
    #expect(
      tree.libraries["libc3.so"]?.reason
        == .invalidCandidate(path: fixtures.root + "/bad_text/libc3.so", problem: .notELF))
  }

  /// `--ldpaths` replaces the conf directories, and the system directories with them.
  @Test func ldpathsAgreeWithAuditwheel() throws {
    let ldPaths = fixtures.root + "/c:" + fixtures.root + "/b"
    let expected = try ResolverOracles.auditwheelLddtree(
      "m_plain", arguments: ["--ldpaths", ldPaths], currentDirectory: fixtures.root)
    let tree = try fixtures.resolver(.auditwheel, ldPaths: ldPaths).resolve("m_plain")
    #expect(AuditwheelLddtreeJSON.render(tree) == expected)
    #expect(tree.libraries["libc.so.6"]?.reason == .notFound)
  }

  /// `--exclude` through auditwheel's own `ldd(exclude=...)`: by name and by resolved path.
  @Test(arguments: [["libc3*"], ["*/b/*"], ["libc.so.6", "*/c/libc3.so"]])
  func excludeAgreesWithAuditwheel(patterns: [String]) throws {
    let script = """
      import sys, json as _j
      from pathlib import Path
      from auditwheel import json
      from auditwheel.lddtree import ldd
      print(json.dumps(ldd(Path(sys.argv[1]), exclude=frozenset(_j.loads(sys.argv[2])))), end='')
      """
    let expected = try ResolverOracles.runPython(
      script, ["m_rpath", try ResolverOracles.jsonArgument(patterns)],
      environment: ["LD_LIBRARY_PATH": "", "AUDITWHEEL_LD_LIBRARY_PATH": ""], currentDirectory: fixtures.root)
    let tree = try fixtures.resolver(.auditwheel, exclude: patterns).resolve("m_rpath")
    #expect(AuditwheelLddtreeJSON.render(tree) == expected)
  }
}

/// `Tool.run` returning stdout and stderr together, for messages ld.so prints on either.
enum TestSupportBridge {
  static func run(_ argv: [String], environment: [String: String]) throws -> String {
    let result = try TestSupport.Tool.run(argv, environment: environment)
    return result.stdout + result.stderr
  }
}
