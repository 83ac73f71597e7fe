import Foundation
import TestSupport

@testable import AuditKit

/// Small C trees built with gcc in a scratch directory, for comparing the resolver with the
/// real glibc loader (`ldd`) and with `auditwheel lddtree`.
///
/// Layout (all under `root`):
///
///     c/libc3.so            SONAME libc3.so
///     b/libb.so             needs libc3.so, no search path
///     m_rpath               needs libb.so; DT_RPATH   $ORIGIN/b:$ORIGIN/c
///     m_runpath             needs libb.so; DT_RUNPATH $ORIGIN/b:$ORIGIN/c
///     m_plain               needs libb.so; no search path
///     m_tokens              needs libb.so; DT_RPATH $ORIGIN/$LIB:$ORIGIN/${PLATFORM}
///     lib/x86_64-linux-gnu/libb.so, x86_64/libc3.so   copies for m_tokens
///     x/libx.so             needs libc3.so, no search path
///     y/liby.so             needs libc3.so; DT_RPATH $ORIGIN/../c
///     m_bfs                 needs libx.so then liby.so; DT_RPATH $ORIGIN/x:$ORIGIN/y
///     bad_arm/libc3.so, bad_i686/libc3.so   aarch64 and i686 builds of libc3
///     bad_text/libc3.so     a text file
struct RealLoaderFixtures {
  let root: String

  static let cSource = "int cfun(void){return 3;}\n"
  static let bSource = "int cfun(void); int bfun(void){return cfun()+1;}\n"
  static let mainSource = "int bfun(void); int main(void){return bfun()==4?0:1;}\n"
  static let xSource = "int cfun(void); int xfun(void){return cfun();}\n"
  static let ySource = "int cfun(void); int yfun(void){return cfun();}\n"
  static let bfsSource = "int xfun(void); int yfun(void); int main(void){return xfun()+yfun()==6?0:1;}\n"

  /// Builds everything; throws with the compiler's message on failure.
  static func build(in root: String) throws -> RealLoaderFixtures {
    let fm = FileManager.default
    for dir in ["c", "b", "x", "y", "lib/x86_64-linux-gnu", "x86_64", "bad_arm", "bad_i686", "bad_text", "src"] {
      try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
    }
    func compile(_ source: String, _ output: String, _ flags: [String], compiler: String = "gcc") throws {
      try ResolverOracles.compile(
        source, to: root + "/src/" + PathSyntax.basename(output), compiler: compiler,
        flags: flags, in: root)
      try? fm.removeItem(atPath: root + "/" + output)
      try fm.moveItem(atPath: root + "/src/" + PathSyntax.basename(output), toPath: root + "/" + output)
    }
    let shared = ["-shared", "-fPIC"]
    try compile(cSource, "c/libc3.so", shared + ["-Wl,-soname,libc3.so"])
    try compile(bSource, "b/libb.so", shared + ["-Wl,-soname,libb.so", "-Lc", "-lc3"])
    let exe = ["-Lb", "-lb", "-Lc", "-Wl,--allow-shlib-undefined"]
    try compile(mainSource, "m_rpath", exe + ["-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/b:$ORIGIN/c"])
    try compile(mainSource, "m_runpath", exe + ["-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/b:$ORIGIN/c"])
    try compile(mainSource, "m_plain", exe)
    try compile(
      mainSource, "m_tokens", exe + ["-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/$LIB:$ORIGIN/${PLATFORM}"])
    try fm.copyItem(atPath: root + "/b/libb.so", toPath: root + "/lib/x86_64-linux-gnu/libb.so")
    try fm.copyItem(atPath: root + "/c/libc3.so", toPath: root + "/x86_64/libc3.so")
    try compile(xSource, "x/libx.so", shared + ["-Wl,-soname,libx.so", "-Lc", "-lc3"])
    try compile(
      ySource, "y/liby.so",
      shared + ["-Wl,-soname,liby.so", "-Lc", "-lc3", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../c"])
    try compile(
      bfsSource, "m_bfs",
      [
        "-Lx", "-lx", "-Ly", "-ly", "-Lc", "-Wl,--allow-shlib-undefined", "-Wl,--disable-new-dtags",
        "-Wl,-rpath,$ORIGIN/x:$ORIGIN/y",
      ])
    try compile(cSource, "bad_arm/libc3.so", shared + ["-Wl,-soname,libc3.so"], compiler: "aarch64-linux-gnu-gcc")
    try compile(cSource, "bad_i686/libc3.so", shared + ["-Wl,-soname,libc3.so"], compiler: "i686-linux-gnu-gcc")
    // Longer than an ELF header, so ld.so says "invalid ELF header" rather than "file too short".
    try String(repeating: "not an ELF file, a linker script perhaps\n", count: 8).write(
      toFile: root + "/bad_text/libc3.so", atomically: true, encoding: .utf8)
    return RealLoaderFixtures(root: root)
  }

  /// A resolver over the real file system (with the test ELF reader) and the host's
  /// /etc/ld.so.conf, working directory `root`.
  func resolver(
    _ mode: ResolutionMode, ldLibraryPath: String? = nil, exclude: [String] = [],
    ldPaths: String? = nil
  ) -> LibraryResolver {
    LibraryResolver(
      fileSystem: ResolverOracles.hostFileSystem,
      config: LibrarySearchConfig(
        currentDirectory: root, ldPaths: ldPaths, ldLibraryPath: ldLibraryPath, exclude: exclude),
      mode: mode)
  }
}

extension RealLoaderFixtures {
  /// One build per test process, shared by every test that needs it. It lives under the
  /// git-ignored `.build/resolver-fixtures/<pid>`; builds left by processes more than an hour
  /// old are removed first, so the directory does not grow without bound.
  static let shared: Result<RealLoaderFixtures, any Error> = Result {
    let fm = FileManager.default
    let parent = Fixture.root.appendingPathComponent(".build/resolver-fixtures").path
    for entry in (try? fm.contentsOfDirectory(atPath: parent)) ?? [] {
      let path = parent + "/" + entry
      if let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
        modified.timeIntervalSinceNow < -3600
      {
        try? fm.removeItem(atPath: path)
      }
    }
    let root = parent + "/\(ProcessInfo.processInfo.processIdentifier)"
    try? fm.removeItem(atPath: root)
    try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
    return try build(in: root)
  }
}
