import Foundation
import Testing

@testable import AuditKit

/// The tree value: closure, text rendering, Codable.
@Suite struct DependencyTreeTests {
  static func sample() throws -> DependencyTree {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libA.so", "libB.so", "libgone.so", "libx.so"], rpath: "/l"))
    fs.lib("/l/libA.so", .x86_64(needed: ["libC.so", "libB.so"]))
    fs.lib("/l/libB.so", .x86_64(needed: ["libA.so", "libpython3.11.so.1.0"]))
    fs.lib("/l/libC.so", .x86_64(needed: ["libD.so"]))
    fs.lib("/l/libD.so", .x86_64())
    fs.lib("/l/libx.so", .x86_64(needed: ["liby.so"]))
    return try makeResolver(fs, .ldso) { $0.exclude = ["libx*"] }.resolve("/w/ext.so")
  }

  @Test func closureIsBreadthFirstAndSkipsExcluded() throws {
    let tree = try Self.sample()
    #expect(
      tree.closure().map(\.soname) == [
        "libA.so", "libB.so", "libgone.so", "libC.so", "libpython3.11.so.1.0", "libD.so",
      ])
    // Pruning libC.so removes libD.so, reachable only through it.
    #expect(
      tree.closure(where: { $0 != "libC.so" }).map(\.soname) == [
        "libA.so", "libB.so", "libgone.so", "libpython3.11.so.1.0",
      ])
    #expect(tree.unresolved.map(\.soname) == ["libgone.so", "libpython3.11.so.1.0"])
  }

  @Test func renderedTreeIsDeterministicText() throws {
    let expected = """
      /w/ext.so
          libA.so => /l/libA.so
              libC.so => /l/libC.so
                  libD.so => /l/libD.so
              libB.so => /l/libB.so
                  libA.so => /l/libA.so
                  libpython3.11.so.1.0 => not found (libpython, not followed)
          libB.so => /l/libB.so
          libgone.so => not found
          libx.so => excluded (--exclude libx*)

      """
    #expect(try Self.sample().renderedTree() == expected)
  }

  @Test func codableRoundTrip() throws {
    let tree = try Self.sample()
    let data = try JSONEncoder().encode(tree)
    #expect(try JSONDecoder().decode(DependencyTree.self, from: data) == tree)
  }

  /// The JSON rendering leaves excluded names out and gives unresolved ones nulls, as
  /// auditwheel prints them.
  @Test func auditwheelJSONShapeForUnresolvedAndExcluded() throws {
    var fs = FakeFileSystem()
    fs.lib("/w/ext.so", .x86_64(needed: ["libgone.so", "libx.so"]))
    let tree = try makeResolver(fs, .auditwheel) {
      $0.exclude = ["libx*"]
      $0.currentDirectory = "/"
    }.resolve("w/../w/ext.so")
    let expected = """
      {
          "interpreter": null,
          "libc": null,
          "path": "w/../w/ext.so",
          "realpath": "w/../w/ext.so",
          "platform": {
              "_elf_osabi": "ELFOSABI_SYSV",
              "_elf_class": 64,
              "_elf_little_endian": true,
              "_elf_machine": "EM_X86_64",
              "_base_arch": "<Architecture.x86_64: 'x86_64'>",
              "_ext_arch": null,
              "_error_msg": null
          },
          "needed": [
              "libgone.so"
          ],
          "rpath": [],
          "runpath": [],
          "libraries": {
              "libgone.so": {
                  "soname": "libgone.so",
                  "path": null,
                  "realpath": null,
                  "platform": null,
                  "needed": []
              }
          }
      }
      """
    #expect(AuditwheelLddtreeJSON.render(tree) == expected)
  }
}
