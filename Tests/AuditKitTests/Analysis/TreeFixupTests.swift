import BinaryKit
import ELFKit
import TestSupport
import Testing

@testable import AuditKit

/// auditwheel's `_fixup_elf_trees` on hand-made trees.
@Suite struct TreeFixupTests {
  let facts: ELFFacts

  init() throws { facts = try ELFFacts.parse(try FileBytes(path: try Fixture.path("libnewglibc.so"))) }

  func elf(_ member: String, needed: [String], _ nodes: [LibraryNode]) -> ResolvedELF {
    var tree = DependencyTree(
      mode: .auditwheel, path: "/w/\(member)", realpath: "/w/\(member)",
      identity: ELFIdentity(elfClass: 2, byteOrder: .little, machine: 62, osabi: 0, flags: 0), needed: needed)
    for node in nodes { tree.record(node) }
    return ResolvedELF(member: member, logicalPath: "/w/\(member)", facts: facts, tree: tree, pythonExtension: nil)
  }

  func found(_ soname: String, _ path: String, needs: [String] = []) -> LibraryNode {
    LibraryNode(soname: soname, path: path, realpath: path, needed: needs)
  }

  @Test func libraryBorrowsFromTheTreeThatLoadsIt() {
    // The extension finds pkg/libfoo.so (RPATH) and libfoo's dependency libbar.so.1 → libbaz.so.1.
    let ext = elf(
      "pkg/_ext.so", needed: ["libfoo.so"],
      [
        found("libfoo.so", "/w/pkg/libfoo.so", needs: ["libbar.so.1"]),
        found("libbar.so.1", "/opt/libbar.so.1", needs: ["libbaz.so.1"]),
        found("libbaz.so.1", "/opt/libbaz.so.1"),
      ])
    // libfoo alone (no RPATH) resolves nothing.
    var others = [elf("pkg/libfoo.so", needed: ["libbar.so.1"], [.unresolved("libbar.so.1", .notFound)])]
    let warnings = TreeFixup.apply(extensions: [ext], others: &others)
    #expect(warnings.isEmpty)
    #expect(others[0].libraries.map(\.soname) == ["libbar.so.1", "libbaz.so.1"])
    #expect(others[0].libraries.allSatisfy { $0.realpath != nil })
  }

  @Test func unresolvableNamesWarnAndStay() {
    let ext = elf("pkg/_ext.so", needed: ["libfoo.so"], [found("libfoo.so", "/w/pkg/libfoo.so")])
    var others = [elf("pkg/libfoo.so", needed: ["libqux.so"], [.unresolved("libqux.so", .notFound)])]
    let warnings = TreeFixup.apply(extensions: [ext], others: &others)
    #expect(warnings == ["libqux.so not found in _ext.so ELF tree"])
    #expect(others[0].libraries.map(\.soname) == ["libqux.so"])
    #expect(others[0].libraries[0].realpath == nil)
  }

  @Test func notLoadedByAnyResolvedTreeIsLeftAlone() {
    let ext = elf("pkg/_ext.so", needed: ["libc.so.6"], [found("libc.so.6", "/lib/libc.so.6")])
    var others = [elf("pkg/libfoo.so", needed: ["libqux.so"], [.unresolved("libqux.so", .notFound)])]
    #expect(TreeFixup.apply(extensions: [ext], others: &others).isEmpty)
    #expect(others[0].libraries[0].realpath == nil)
  }
}
