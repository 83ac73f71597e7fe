import MountKit
import Testing

@Suite struct MultiWheelTests {
  static func wheels(_ triggered: Log) -> [MountedWheel] {
    [
      Fake.wheel(
        [Fake.file("pkg/x.py", "from a\n")], name: "a-1.0", time: MountTime(seconds: 10),
        audit: TextAudit(prefix: "a: "), repair: { tag in triggered.append("a:\(tag)"); return .success("a ok") }),
      Fake.wheel(
        [Fake.file("pkg/x.py", "from b, longer\n"), Fake.file("other/y", "y")], name: "b-2.0", time: MountTime(seconds: 20),
        audit: TextAudit(prefix: "b: "), repair: { tag in triggered.append("b:\(tag)"); return .success("b ok") }),
    ]
  }

  @Test func eachWheelIsASubdirectoryWithItsOwnAudit() throws {
    let triggered = Log()
    let tree = try VirtualTree(wheels: Self.wheels(triggered))
    #expect(try tree.listing(at: "/").map(\.name) == ["a-1.0", "b-2.0"])
    #expect(try tree.listing(at: "/a-1.0").map(\.name) == [".audit", "pkg"])
    #expect(try tree.listing(at: "/b-2.0").map(\.name) == [".audit", "other", "pkg"])
    #expect(try tree.text("/a-1.0/pkg/x.py") == "from a\n")
    #expect(try tree.text("/b-2.0/pkg/x.py") == "from b, longer\n")
    #expect(try tree.text("/a-1.0/.audit/policy") == "a: policy text\n")
    #expect(try tree.text("/b-2.0/.audit/policy") == "b: policy text\n")
    expectError(.notFound) { _ = try tree.attributes(at: "/.audit") }
  }

  @Test func repairsGoToTheirOwnWheel() throws {
    let triggered = Log()
    let tree = try VirtualTree(wheels: Self.wheels(triggered))
    _ = try tree.write("/b-2.0/.audit/repair", bytes: Array("manylinux_2_28_x86_64\n".utf8))
    #expect(triggered.all == ["b:manylinux_2_28_x86_64"])
    #expect(try tree.text("/b-2.0/.audit/repair") == "b ok\n")
    #expect(try tree.text("/a-1.0/.audit/repair").hasPrefix("Write a platform tag"))
  }

  @Test func inodesAreUniqueAcrossWheelsAndTimesComposed() throws {
    let tree = try VirtualTree(wheels: Self.wheels(Log()))
    var inodes: [UInt64] = []
    var pending = ["/"]
    while let path = pending.popLast() {
      inodes.append(try tree.attributes(at: path).inode)
      for entry in try tree.listing(at: path) {
        let child = path == "/" ? "/\(entry.name)" : "\(path)/\(entry.name)"
        #expect(try tree.attributes(at: child).inode == entry.inode)
        if entry.kind == .directory { pending.append(child) } else { inodes.append(entry.inode) }
      }
    }
    #expect(Set(inodes).count == inodes.count)
    #expect(inodes.count == tree.statistics.nodes)
    #expect(try tree.attributes(at: "/a-1.0").modificationTime == MountTime(seconds: 10))
    #expect(try tree.attributes(at: "/").modificationTime == MountTime(seconds: 20))
    #expect(try tree.attributes(at: "/").linkCount == 4)
    #expect(tree.statistics.memberBytes == 7 + 15 + 1)
  }

  @Test(arguments: [["a", "a"], ["", "b"], [".audit"], ["x/y"], [".."], ["."]])
  func badWheelNamesAreRejected(names: [String]) {
    let wheels = names.map { Fake.wheel([Fake.file("f", "f")], name: $0) }
    expectError(.invalidWheelName) { _ = try VirtualTree(wheels: wheels) }
  }
}
