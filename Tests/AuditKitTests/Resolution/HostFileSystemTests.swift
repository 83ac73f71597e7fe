import Foundation
import Synchronization
import Testing

@testable import AuditKit

/// ``HostFileSystem`` on this machine's real files, against Python's `os` module.
@Suite struct HostFileSystemTests {
  let fs = HostFileSystem(linkInfo: { _ in nil })

  static let existing = [
    "/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu", "/etc/ld.so.conf",
    "/lib", "/bin/sh", "/usr/bin/../lib/x86_64-linux-gnu/./libc.so.6", "/", "/etc/../etc/ld.so.conf.d",
  ]

  @Test func realpathAgreesWithPython() throws {
    let script = """
      import json, os, sys
      print(json.dumps([os.path.realpath(p) for p in json.loads(sys.argv[1])]))
      """
    let expected = try ResolverOracles.jsonStrings(
      try ResolverOracles.runPython(script, [try ResolverOracles.jsonArgument(Self.existing)]))
    #expect(Self.existing.map { fs.realpath($0) } == expected)
    #expect(fs.realpath("/nonexistent/libfoo.so") == nil)
    #expect(fs.realpath("/etc/ld.so.conf/child") == nil)
  }

  @Test func entriesAgreeWithPython() throws {
    let paths = Self.existing + ["/missing"]
    let script = """
      import json, os, stat, sys
      def kind(p):
          try: m = os.lstat(p).st_mode
          except OSError: return None
          return 'link' if stat.S_ISLNK(m) else 'dir' if stat.S_ISDIR(m) else 'file' if stat.S_ISREG(m) else 'other'
      ps = json.loads(sys.argv[1])
      print(json.dumps([kind(p) for p in ps] + [os.readlink(p) if os.path.islink(p) else None for p in ps]
                       + [str(os.path.isdir(p)) for p in ps]))
      """
    let expected = try ResolverOracles.jsonStrings(
      try ResolverOracles.runPython(script, [try ResolverOracles.jsonArgument(paths)]))
    let kinds: [String?] = paths.map {
      switch fs.entryKind(atPath: $0) {
      case .symbolicLink: return "link"
      case .directory: return "dir"
      case .regular: return "file"
      case .other: return "other"
      case nil: return nil
      }
    }
    let targets = paths.map { fs.symbolicLinkTarget(atPath: $0) }
    let isDirectory: [String?] = paths.map { fs.directoryExists($0) ? "True" : "False" }
    #expect(kinds + targets + isDirectory == expected)
  }

  /// Directory order matters: auditwheel reads ld.so.conf includes in `os.scandir` order.
  @Test func directoryListingAndGlobAgreeWithPython() throws {
    let script = """
      import glob, json, os
      print(json.dumps(os.listdir('/etc/ld.so.conf.d')))
      print(json.dumps(sorted(glob.glob('/etc/ld.so.conf.d/*.conf'))))
      print(json.dumps(glob.glob('/etc/ld.so.conf.d/*.conf')))
      """
    let lines = try ResolverOracles.runPython(script).split(separator: "\n").map(String.init)
    try #require(lines.count == 3)
    #expect(
      fs.directoryContents(atPath: "/etc/ld.so.conf.d") == (try ResolverOracles.jsonStrings(lines[0])).compactMap { $0 }
    )
    #expect(fs.glob("/etc/ld.so.conf.d/*.conf") == (try ResolverOracles.jsonStrings(lines[1])).compactMap { $0 })
    let view = SysrootView(fileSystem: fs, sysroot: "/", currentDirectory: "/")
    #expect(
      view.glob("/etc/ld.so.conf.d/*.conf", sorted: false)
        == (try ResolverOracles.jsonStrings(lines[2])).compactMap { $0 })
  }

  @Test func readsTextFiles() throws {
    let expected = try ResolverOracles.runPython("print(open('/etc/ld.so.conf').read(), end='')")
    #expect(fs.readTextFile(atPath: "/etc/ld.so.conf") == expected)
    #expect(fs.readTextFile(atPath: "/nonexistent") == nil)
    #expect(fs.readTextFile(atPath: "/etc") == nil)
    try ResolverOracles.withScratchDirectory { dir in
      #expect(FileManager.default.createFile(atPath: dir + "/empty", contents: Data()))
      #expect(fs.readTextFile(atPath: dir + "/empty") == "")
    }
  }

  /// The injected reader is what `linkInfo` returns, errors included.
  @Test func linkInfoIsInjected() throws {
    struct Boom: Error {}
    let info = ELFLinkInfo.x86_64(needed: ["libc.so.6"])
    let reading = HostFileSystem(linkInfo: { $0 == "/x" ? info : nil })
    #expect(try reading.linkInfo(atPath: "/x") == info)
    #expect(try reading.linkInfo(atPath: "/y") == nil)
    let failing = HostFileSystem(linkInfo: { _ in throw Boom() })
    #expect(throws: Boom.self) { try failing.linkInfo(atPath: "/x") }
  }
}

/// ``CachingFileSystem`` reads each ELF once, failures included.
@Suite struct CachingFileSystemTests {
  @Test func readsEachFileOnce() throws {
    let calls = CallCounter()
    let host = HostFileSystem(linkInfo: { path in
      calls.increment()
      if path.hasSuffix("bad.so") { throw FakeFileSystem.ReaderFailure(description: "bad") }
      return .x86_64(soname: PathSyntax.basename(path))
    })
    let cached = CachingFileSystem(host)
    for _ in 0..<3 {
      #expect(try cached.linkInfo(atPath: "/a/libx.so")?.soname == "libx.so")
      #expect(throws: CachingFileSystem.CachedReadError(description: "bad")) { try cached.linkInfo(atPath: "/bad.so") }
    }
    #expect(calls.value == 2)
    #expect(cached.cachedCount == 2)
    #expect(cached.entryKind(atPath: "/etc/ld.so.conf") == .regular)
  }
}

final class CallCounter: Sendable {
  private let count = Mutex(0)
  func increment() { count.withLock { $0 += 1 } }
  var value: Int { count.withLock { $0 } }
}
