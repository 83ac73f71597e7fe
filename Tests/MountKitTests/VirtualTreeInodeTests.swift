import MountKit
import Synchronization
import Testing

/// The tree addressed by inode number (libfuse's low-level API) agrees with the path API.
@Suite struct VirtualTreeInodeTests {
  static let members: [Member] = [
    Fake.bytes("pkg/big.bin", count: 300_000), Fake.file("pkg/a.py", "print('a')\n"),
    Fake.file("pkg/sub/z.txt", "z\n"), Fake.symlink("pkg/link", to: "a.py"),
    Fake.file("pkg/small.txt", "tiny\n"),
  ]

  /// Every node reached by name from the root has the attributes, listing and path the path
  /// API gives, and its parent is the directory it was found in.
  @Test func everyNodeFoundByNameMatchesThePathAPI() throws {
    let tree = Fake.tree(Self.members)
    var pending: [(inode: UInt64, path: String)] = [(VirtualTree.rootInode, "/")]
    var seen = 0
    while let (directory, path) = pending.popLast() {
      for entry in try tree.listing(ofInode: directory) {
        let childPath = (path == "/" ? "" : path) + "/" + entry.name
        let found = try tree.lookup(entry.name, inDirectory: directory)
        #expect(found == (try tree.attributes(at: childPath)), "\(childPath)")
        #expect(found.inode == entry.inode)
        #expect(try tree.attributes(ofInode: found.inode) == found)
        #expect(tree.path(ofInode: found.inode) == childPath)
        #expect(tree.parentInode(ofInode: found.inode) == directory)
        if found.kind == .directory {
          #expect(try tree.listing(ofInode: found.inode) == (try tree.listing(at: childPath)))
          pending.append((found.inode, childPath))
        }
        seen += 1
      }
    }
    #expect(seen == tree.statistics.nodes - 1)
    #expect(tree.parentInode(ofInode: VirtualTree.rootInode) == VirtualTree.rootInode)
    #expect(tree.path(ofInode: VirtualTree.rootInode) == "/")
  }

  @Test func readsAndLinksByInodeMatchThePathAPI() throws {
    let tree = Fake.tree(Self.members)
    let big = try tree.attributes(at: "/pkg/big.bin").inode
    #expect(try tree.read(inode: big, offset: 4096, count: 10_000) == (try tree.read("/pkg/big.bin", offset: 4096, count: 10_000)))
    let link = try tree.attributes(at: "/pkg/link").inode
    #expect(try tree.symlinkTarget(ofInode: link) == "a.py")
    let policy = try tree.attributes(at: "/.audit/policy").inode
    #expect(tree.isComputed(inode: policy))
    #expect(!tree.isComputed(inode: big))
    let repair = try tree.attributes(at: "/.audit/repair").inode
    #expect(tree.isRepairControl(inode: repair) && tree.isComputed(inode: repair))
    #expect(!tree.isRepairControl(inode: policy))
    #expect(try tree.write(inode: repair, bytes: Array("manylinux_2_28_x86_64\n".utf8)) == 22)
    try tree.truncate(inode: repair)
  }

  /// Errors name the path, rebuilt from the inode's parents.
  @Test func errorsNameThePath() throws {
    let tree = Fake.tree(Self.members)
    let pkg = try tree.attributes(at: "/pkg").inode
    let small = try tree.attributes(at: "/pkg/small.txt").inode
    for (body, code, path) in [
      ({ _ = try tree.lookup("missing", inDirectory: pkg) }, MountError.Code.notFound, "/pkg/missing"),
      ({ _ = try tree.lookup("x", inDirectory: small) }, .notADirectory, "/pkg/small.txt"),
      ({ _ = try tree.write(inode: small, bytes: [1]) }, .readOnly, "/pkg/small.txt"),
      ({ try tree.truncate(inode: small) }, .readOnly, "/pkg/small.txt"),
      ({ _ = try tree.read(inode: pkg, offset: 0, count: 1) }, .isADirectory, "/pkg"),
      ({ try tree.checkAccess(inode: small, write: false, execute: true) }, .permissionDenied, "/pkg/small.txt"),
    ] as [(() throws -> Void, MountError.Code, String)] {
      do {
        try body()
        Issue.record("expected \(code) for \(path)")
      } catch let error as MountError {
        #expect(error.code == code)
        #expect(error.path == path)
      }
    }
  }

  /// Inode numbers the tree never handed out are "not found", never a crash.
  @Test(arguments: [UInt64(0), 10_000, UInt64.max])
  func unknownInodesAreNotFound(inode: UInt64) {
    let tree = Fake.tree(Self.members)
    expectError(.notFound) { _ = try tree.attributes(ofInode: inode) }
    expectError(.notFound) { _ = try tree.listing(ofInode: inode) }
    expectError(.notFound) { _ = try tree.read(inode: inode, offset: 0, count: 1) }
    expectError(.notFound) { _ = try tree.lookup("pkg", inDirectory: inode) }
    #expect(tree.path(ofInode: inode) == nil)
    #expect(!tree.isComputed(inode: inode))
    #expect(tree.pageCacheContent(inode: inode, afterReading: 1, at: 0) == nil)
  }

  /// A member's whole content is handed to the page cache once, after a read that left part of
  /// it unread, and only when the source already holds it.
  @Test func pageCacheContentIsGivenOnceForPartlyReadResidentMembers() throws {
    let source = ProbeSource(Self.members, resident: true)
    let tree = VirtualTree(wheel: MountedWheel(name: "w", source: source, audit: TextAudit(), repair: { _ in .success("") }))
    let big = try tree.attributes(at: "/pkg/big.bin").inode
    let small = try tree.attributes(at: "/pkg/small.txt").inode
    // A read of the whole member leaves nothing for the page cache to add.
    #expect(tree.pageCacheContent(inode: small, afterReading: 4096, at: 0) == nil)
    #expect(tree.pageCacheContent(inode: big, afterReading: 4096, at: 8192)?.bytes == Self.members[0].content)
    #expect(tree.pageCacheContent(inode: big, afterReading: 4096, at: 0) == nil)
    // Only members: not directories, links or `.audit/` texts.
    for path in ["/pkg", "/pkg/link", "/.audit/policy"] {
      #expect(tree.pageCacheContent(inode: try tree.attributes(at: path).inode, afterReading: 1, at: 1) == nil)
    }
    #expect(source.requests.withLock { $0.isEmpty }, "the content is never read for this")

    let cold = VirtualTree(wheel: MountedWheel(
      name: "w", source: ProbeSource(Self.members), audit: TextAudit(), repair: { _ in .success("") }))
    #expect(cold.pageCacheContent(inode: big, afterReading: 4096, at: 8192) == nil)
  }
}
