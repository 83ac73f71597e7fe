import Foundation
import Testing

@testable import AuditKit

/// ld.so.conf in both flavours: glibc's `ldconfig` and auditwheel's `parse_ld_so_conf`.
@Suite struct LdSoConfTests {
  /// A conf exercising every rule: comments, absolute and relative includes, several patterns
  /// on one include line, hidden files, `hwcap`, `=type`, trailing slashes, missing and
  /// duplicate directories. conf.d files are created z before a, so directory order and sorted
  /// order differ.
  static func sampleFileSystem(prefix: String = "") -> FakeFileSystem {
    var fs = FakeFileSystem()
    for dir in ["/opt/a", "/opt/b", "/opt/z", "/opt/rel", "/opt/other", "/opt/hidden", "/usr/lib/x"] {
      fs.dir(prefix + dir)
    }
    fs.link(prefix + "/opt/alias", to: "/opt/a")
    fs.text(prefix + "/etc/ld.so.conf.d/z.conf", "/opt/z\n")
    fs.text(prefix + "/etc/ld.so.conf.d/a.conf", "# a\n/usr/lib/x\n")
    fs.text(prefix + "/etc/ld.so.conf.d/.hidden.conf", "/opt/hidden\n")
    fs.text(prefix + "/etc/rel/r.conf", "/opt/rel\n")
    fs.text(prefix + "/etc/other/x.conf", "/opt/other\n")
    fs.text(
      prefix + "/etc/ld.so.conf",
      """
      # comment line
      include /etc/ld.so.conf.d/*.conf
      /opt/a/   # trailing slash, then a comment
        /opt/b=libc6
      hwcap 1 nosegneg
      include   rel/*.conf other/x.conf
      /missing
      /opt/a
      /opt/alias
      include /etc/ld.so.conf

      """)
    return fs
  }

  @Test func glibcFlavourFollowsLdconfig() {
    let view = SysrootView(fileSystem: Self.sampleFileSystem(), sysroot: "/", currentDirectory: "/")
    #expect(
      LdSoConf.glibcDirectories(confPath: "/etc/ld.so.conf", view: view) == [
        "/usr/lib/x", "/opt/z", "/opt/a", "/opt/b", "/opt/rel", "/opt/other",
      ])
  }

  @Test func auditwheelFlavourFollowsParseLdSoConf() {
    let view = SysrootView(fileSystem: Self.sampleFileSystem(), sysroot: "/", currentDirectory: "/")
    // Directory order (z.conf first); `include   rel...` globs "/etc/  rel/*.conf other/x.conf"
    // and matches nothing; `=libc6` stays part of the name; string duplicates only are removed.
    #expect(
      LdSoConf.auditwheelDirectories(confPath: "/etc/ld.so.conf", view: view) == [
        "/opt/z", "/usr/lib/x", "/opt/a", "/opt/alias",
      ])
  }

  @Test func confIsReadUnderTheSysroot() {
    let view = SysrootView(
      fileSystem: Self.sampleFileSystem(prefix: "/srv/root"), sysroot: "/srv/root/", currentDirectory: "/")
    #expect(
      LdSoConf.glibcDirectories(confPath: "/etc/ld.so.conf", view: view) == [
        "/usr/lib/x", "/opt/z", "/opt/a", "/opt/b", "/opt/rel", "/opt/other",
      ])
  }

  /// glibc's own reading of this machine's /etc/ld.so.conf, as `ldconfig -v -N -X` reports
  /// the directories it scans (the built-in ones excepted).
  @Test func glibcFlavourMatchesLdconfigOnThisHost() throws {
    let result = try TestSupportBridge.run(["ldconfig", "-v", "-N", "-X"], environment: [:])
    let expected = result.split(separator: "\n")
      .filter { !$0.hasPrefix("\t") && !$0.hasPrefix(" ") && $0.contains(": (from ") && !$0.contains("<builtin>") }
      .map { String($0.prefix { $0 != ":" }) }
    let resolver = LibraryResolver(fileSystem: ResolverOracles.hostFileSystem, config: .init(), mode: .ldso)
    #expect(!expected.isEmpty)
    #expect(resolver.ldSoConfDirectories == expected)
    #expect(resolver.ldSoConfDirectories.contains("/lib/x86_64-linux-gnu"))
  }

  /// auditwheel's own `parse_ld_so_conf` on this machine's /etc/ld.so.conf, order included.
  @Test func auditwheelFlavourMatchesAuditwheelOnThisHost() throws {
    let script = """
      import json
      from auditwheel.lddtree import parse_ld_so_conf
      print(json.dumps(parse_ld_so_conf('/etc/ld.so.conf')))
      """
    let expected = try ResolverOracles.jsonStrings(try ResolverOracles.runPython(script))
    let resolver = LibraryResolver(fileSystem: ResolverOracles.hostFileSystem, config: .init(), mode: .auditwheel)
    #expect(resolver.ldSoConfDirectories == expected.compactMap { $0 })
    #expect(resolver.ldSoConfDirectories.contains("/usr/lib/x86_64-linux-gnu"))
  }

  @Test func muslPathFile() throws {
    var fs = FakeFileSystem()
    let view = SysrootView(fileSystem: fs, sysroot: "/", currentDirectory: "/")
    #expect(try LdSoConf.auditwheelMuslDirectories(view: view) == ["//lib", "//usr/local/lib", "//usr/lib"])
    fs.text("/etc/ld-musl-x86_64.path", " /lib : /opt/musl/lib::\n")
    let withFile = SysrootView(fileSystem: fs, sysroot: "/", currentDirectory: "/")
    #expect(try LdSoConf.auditwheelMuslDirectories(view: withFile) == ["//lib", "//opt/musl/lib"])
    fs.text("/etc/ld-musl-aarch64.path", "/lib\n")
    let twoFiles = SysrootView(fileSystem: fs, sysroot: "/", currentDirectory: "/")
    #expect(throws: ResolutionError.multipleMuslPathFiles(["/etc/ld-musl-aarch64.path", "/etc/ld-musl-x86_64.path"])) {
      try LdSoConf.auditwheelMuslDirectories(view: twoFiles)
    }
  }
}
