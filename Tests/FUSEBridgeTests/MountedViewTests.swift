import FUSEBridge
import Foundation
import Glibc
import MountKit
import TestSupport
import Testing

/// The mounted view, checked with real syscalls and external tools against a real directory
/// holding the same files (the oracle).
@Suite struct MountedViewTests {
  /// `find` output for `root`, without `.audit/`, sorted.
  static func find(_ root: String, _ format: String, type: String? = nil) throws -> [String] {
    var argv = ["find", root, "-mindepth", "1", "-not", "-path", root + "/.audit*"]
    if let type { argv += ["-type", type] }
    let result = try Tool.run(argv + ["-printf", format])
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout.split(separator: "\n").map(String.init).sorted()
  }

  @Test func listingModesAndSizesMatchARealCopy() throws {
    let expected = try TestWheel.realCopy()
    defer { try? FileManager.default.removeItem(atPath: expected) }
    try withMount(TestWheel.tree()) { (mount: TestMount) throws in
      let mounted = try Self.find(mount.mountpoint, "%P|%y|%m\\n")
      #expect(mounted == (try Self.find(expected, "%P|%y|%m\\n")))
      #expect(mounted.contains("pkg/_ext.cpython-311-x86_64-linux-gnu.so|f|755"))
      #expect(mounted.contains("pkg/sub/deep/x.txt|f|644"))
      #expect(mounted.contains("space name.txt|f|755"))
      #expect(mounted.contains("pkg/link.py|l|777"))
      #expect(try Self.find(mount.mountpoint, "%P|%s|%l\\n") == (try Self.find(expected, "%P|%s|%l\\n", type: "f")
        + (try Self.find(expected, "%P|%s|%l\\n", type: "l")) + (try Self.find(expected, "%P|0|\\n", type: "d"))).sorted())
      // File times, to the nanosecond (symlink times cannot be set on the real copy).
      #expect(try Self.find(mount.mountpoint, "%P|%T@\\n", type: "f") == (try Self.find(expected, "%P|%T@\\n", type: "f")))
    }
  }

  @Test func contentsMatchARealCopy() throws {
    let expected = try TestWheel.realCopy()
    defer { try? FileManager.default.removeItem(atPath: expected) }
    try withMount(TestWheel.tree()) { (mount: TestMount) throws in
      let diff = try Tool.run(["diff", "-r", "--no-dereference", "-x", ".audit", expected, mount.mountpoint])
      #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
      for (entry, content) in TestWheel.members where entry.kind == .file {
        #expect(FileManager.default.contents(atPath: mount.path(entry.path)) == Data(content), "\(entry.path)")
        let cmp = try Tool.run(["cmp", expected + "/" + entry.path, mount.path(entry.path)])
        #expect(cmp.status == 0, "\(cmp.stdout)")
      }
      #expect(try mount.sh("cat \"$M/pkg/link.py\"").stdout == "import os\nNEEDLE = '\(TestWheel.needle)'\n")
    }
  }

  @Test func statShowsTheTreeAttributes() throws {
    let tree = TestWheel.tree()
    try withMount(tree) { (mount: TestMount) throws in
      for path in ["", "pkg", "pkg/data/big.bin", "pkg/link.py", "pkg-1.0.dist-info", "top.txt", ".audit", ".audit/needed"] {
        let attributes = try tree.attributes(at: "/" + path)
        let kind = ["directory", "regular file", "symbolic link"][[.directory, .regularFile, .symlink].firstIndex(of: attributes.kind)!]
        let expected = "\(attributes.inode)|\(String(attributes.permissions, radix: 8))|\(attributes.size)|\(attributes.linkCount)|\(attributes.modificationTime.seconds)|\(kind)|\(getuid())|\(getgid())\n"
        let stat = try Tool.run(["stat", "-c", "%i|%a|%s|%h|%Y|%F|%u|%g", mount.path(path)])
        #expect(stat.stdout == expected, "\(path)")
      }
      #expect(try Tool.run(["stat", "-c", "%Y", mount.path("pkg-1.0.dist-info")]).stdout == "1650000000\n")
      #expect(try Tool.run(["stat", "-c", "%.9Y", mount.path("top.txt")]).stdout == "1600000000.250000000\n")
    }
  }

  @Test func lsHidesTheAuditDirectoryAndCatReadsIt() throws {
    try withMount(TestWheel.tree()) { (mount: TestMount) throws in
      #expect(try Tool.run(["ls", mount.mountpoint], environment: ["LC_ALL": "C"]).stdout == "pkg\npkg-1.0.dist-info\nspace name.txt\ntop.txt\n")
      #expect(try Tool.run(["ls", "-A", mount.mountpoint], environment: ["LC_ALL": "C"]).stdout.hasPrefix(".audit\n"))
      let listing = try Tool.run(["ls", "-la", mount.path(".audit")])
      #expect(listing.status == 0)
      for name in ["needed", "policy", "record", "repair", "report.json", "symbols"] {
        #expect(listing.stdout.contains(" \(name)\n"), "\(listing.stdout)")
      }
      let audit = FixedAudit()
      let texts = [
        ("policy", try audit.policy()), ("needed", try audit.needed()), ("report.json", try audit.reportJSON()),
        ("record", try audit.record()), ("symbols", "error: no dynamic symbol table\n"),
      ]
      for (name, text) in texts {
        #expect(try Tool.run(["cat", mount.path(".audit/" + name)]).stdout == text)
        #expect(try mount.sh("wc -c < \"$M/.audit/\(name)\"").stdout == "\(text.utf8.count)\n")
      }
    }
  }

  @Test func treeWalkersSeeTheWholeWheel() throws {
    let expected = try TestWheel.realCopy()
    let extracted = try TestMount.emptyDirectory()
    defer {
      try? FileManager.default.removeItem(atPath: expected)
      try? FileManager.default.removeItem(atPath: extracted)
    }
    let tree = TestWheel.tree()
    try withMount(tree) { (mount: TestMount) throws in
      #expect(try Tool.run(["tar", "-cf", "/dev/null", mount.mountpoint]).status == 0)
      let copy = try mount.sh("tar -cf - -C \"$M\" --exclude=./.audit . | tar -xf - -C \(extracted)")
      #expect(copy.status == 0, "\(copy.stderr)")
      let diff = try Tool.run(["diff", "-r", "--no-dereference", expected, extracted])
      #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
      let grep = try Tool.run(["grep", "-rl", TestWheel.needle, mount.mountpoint])
      #expect(grep.stdout == mount.path("pkg/__init__.py") + "\n")
      // du counts apparent sizes of every node, .audit/ included.
      var total: UInt64 = 0
      var pending = ["/"]
      while let directory = pending.popLast() {
        for entry in try tree.listing(at: directory) {
          let child = directory == "/" ? "/" + entry.name : directory + "/" + entry.name
          total += try tree.attributes(at: child).size
          if entry.kind == .directory { pending.append(child) }
        }
      }
      #expect(try Tool.run(["du", "-sb", mount.mountpoint]).stdout == "\(total)\t\(mount.mountpoint)\n")
    }
  }

  @Test func extendedAttributesAndStatfs() throws {
    try withMount(TestWheel.tree()) { (mount: TestMount) throws in
      let script = """
        import os, sys
        p = sys.argv[1]
        print(sorted(os.listxattr(p)))
        for n in ("user.wheelfs.compressed_size", "user.wheelfs.crc32", "user.wheelfs.record_hash"):
            print(os.getxattr(p, n).decode())
        try:
            os.getxattr(sys.argv[2], "user.wheelfs.crc32")
        except OSError as e:
            print(e.errno)
        try:
            os.setxattr(p, "user.x", b"1")
        except OSError as e:
            print(e.errno)
        """
      let result = try Tool.run(["python3", "-c", script, mount.path("pkg/_ext.cpython-311-x86_64-linux-gnu.so"), mount.path("top.txt")])
      #expect(result.stdout == """
        ['user.wheelfs.compressed_size', 'user.wheelfs.crc32', 'user.wheelfs.record_hash']
        123456
        00c0ffee
        sha256=q1w2e3
        61
        30

        """, "\(result.stderr)")
      #expect(try Tool.run(["stat", "-f", "-c", "%l", mount.mountpoint]).stdout == "255\n")
    }
  }

  @Test func aDirectoryOfWheelsMountsOneSubdirectoryEach() throws {
    let log = TagLog()
    let wheels = ["alpha-1.0", "beta-2.0"].map { name in
      MountedWheel(
        name: name, source: InMemorySource([TestWheel.file("m/\(name).txt", Array("\(name)\n".utf8))]),
        audit: FixedAudit(), repair: { log.append("\(name):\($0)"); return .success("ok") })
    }
    let tree = try VirtualTree(wheels: wheels)
    try withMount(tree) { (mount: TestMount) throws in
      #expect(try Tool.run(["ls", "-A", mount.mountpoint]).stdout == "alpha-1.0\nbeta-2.0\n")
      #expect(try Tool.run(["cat", mount.path("beta-2.0/m/beta-2.0.txt")]).stdout == "beta-2.0\n")
      #expect(try Tool.run(["cat", mount.path("alpha-1.0/.audit/policy")]).stdout == "manylinux_2_17_x86_64\n")
      #expect(try mount.sh("echo musllinux_1_2_x86_64 > \"$M/beta-2.0/.audit/repair\"").status == 0)
      #expect(log.all == ["beta-2.0:musllinux_1_2_x86_64"])
    }
  }
}
