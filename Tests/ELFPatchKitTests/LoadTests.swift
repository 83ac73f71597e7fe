import BinaryKit
import ELFKit
import Foundation
import Testing
import TestSupport

@testable import ELFPatchKit

/// The behavioural oracle: patched files are run by the kernel and ld.so, or loaded with
/// `dlopen`, and must find their libraries through the new search path only (patchelf's
/// exit-code tests).
@Suite struct LoadTests {
  static let bigSymbol = "wheelfs_fixture_big_dynamic_string_table_entry_with_a_deliberately_long_name_03999"

  /// An executable fixture (or one derived from it), and how to make it.
  struct Program: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: @Sendable () throws -> [UInt8]
    var testDescription: String { name }
  }

  static let programs: [Program] = [
    Program(name: "hello_pie") { try Fixtures.bytes("bin/hello_pie") },
    Program(name: "hello_nopie") { try Fixtures.bytes("bin/hello_nopie") },
    Program(name: "hello_pie, .dynamic without spare slots") {
      try Derived.squeezedDynamic(try Fixtures.bytes("bin/hello_pie"))
    },
    Program(name: "hello_nopie, .dynamic without spare slots") {
      try Derived.squeezedDynamic(try Fixtures.bytes("bin/hello_nopie"))
    },
    Program(name: "hello, -z relro -z now PIE") { try hello(["-fPIE", "-pie", "-Wl,-z,relro,-z,now"]) },
    Program(name: "hello, -z relro -z now non-PIE") { try hello(["-fno-pie", "-no-pie", "-Wl,-z,relro,-z,now"]) },
    // gold: one R+X first segment, and the layout patchelf's comments single out.
    Program(name: "hello, gold PIE") { try hello(["-fuse-ld=gold", "-fPIE", "-pie"]) },
    Program(name: "hello, gold non-PIE") { try hello(["-fuse-ld=gold", "-fno-pie", "-no-pie"]) },
  ]

  /// `src/hello.c` linked against libversioned.so with extra `flags` (`-z relro -z now`:
  /// BIND_NOW, every symbol resolved at start-up, then the GOT made read-only; gold), built in
  /// a temporary directory.
  static func hello(_ flags: [String]) throws -> [UInt8] {
    let scratch = try Scratch("hello")
    defer { scratch.remove() }
    let out = scratch.path + "/hello"
    let lib = (try Fixture.path("libversioned.so") as NSString).deletingLastPathComponent
    _ = try Oracle.output(
      ["gcc", "-O2"] + flags
        + ["-o", out, try Fixture.repoPath("Fixtures/src/hello.c"), "-L" + lib, "-lversioned"])
    return try Fixtures.read(out)
  }

  /// A gold-linked library: it has PT_PHDR, which must follow the moved table.
  @Test func goldLibraryWithProgramHeaderSegmentLoads() throws {
    let scratch = try Scratch()
    let src = try scratch.file("gold.c"), lib = try scratch.file("libgold.so")
    try "int gold_value(void) { return 7; }\n".write(toFile: src, atomically: true, encoding: .utf8)
    _ = try Oracle.output(["gcc", "-fuse-ld=gold", "-shared", "-fPIC", "-o", lib, src])
    let input = try Fixtures.read(lib)
    for (name, bytes) in [("plain", input), ("squeezed", try Derived.squeezedDynamic(input))] {
      let edits: [ELFEdit] = [.setSoname("libgold-\(name).so"), .setRunpathOrRpath("$ORIGIN/../gold.libs", kind: .rpath)]
      let out = try scratch.write(try ELFPatcher.patch(bytes: bytes, edits: edits, path: name), to: name + ".so")
      let phdr = try #require(try ELFFile(InMemoryBytes(Fixtures.read(out))).segment(ofType: .phdr))
      #expect(phdr.offset >= UInt64(input.count), "PT_PHDR follows the table into the new segment")
      try Oracle.expectSaneSegments(out)
      #expect(try Oracle.dlopenCall(out, "gold_value") == "7")
    }
    scratch.remove()
  }

  /// The executable runs and prints 2 with libversioned.so moved to a directory that only the
  /// new DT_RPATH names; unpatched, the same copy cannot start.
  @Test(arguments: programs)
  func executableFindsItsLibraryThroughTheNewRPath(_ p: Program) throws {
    let scratch = try Scratch()
    let input = try p.bytes()
    try scratch.copy(fixture: "libversioned.so", to: "deps/vendor-0/libversioned.so")
    let original = try scratch.write(input, to: "bin/original")
    #expect(try Oracle.status(original) == 99, "the unpatched copy must not find its library")

    let patched = try ELFPatcher.patch(
      bytes: input, edits: [.setRunpathOrRpath("$ORIGIN/../deps/vendor-0", kind: .rpath)], path: p.name)
    let path = try scratch.write(patched, to: "bin/patched")
    #expect(try Oracle.output([path]) == "2")
    try Oracle.expectSaneSegments(path)
    scratch.remove()
  }

  /// bigdynstr (`-rdynamic`, 332 kB `.dynstr`): the whole table moves to the new segment,
  /// with and without room for a new `.dynamic`, and the program still prints 3999.
  @Test(arguments: [false, true])
  func bigDynstrExecutableRuns(squeezed: Bool) throws {
    let scratch = try Scratch()
    var input = try Fixtures.bytes("bin/bigdynstr")
    if squeezed { input = try Derived.squeezedDynamic(input) }
    let patched = try ELFPatcher.patch(
      bytes: input, edits: [.setRunpathOrRpath("$ORIGIN/nowhere:$ORIGIN/../lib", kind: .rpath)], path: "bigdynstr")
    let summary = try ELFPatcher.plan(
      bytes: input, edits: [.setRunpathOrRpath("$ORIGIN/nowhere:$ORIGIN/../lib", kind: .rpath)], path: "bigdynstr")
    #expect(summary.layout.dynamicMoved == squeezed)
    let path = try scratch.write(patched, to: "bin/bigdynstr")
    #expect(try Oracle.output([path]) == "3999")
    #expect(try Oracle.readelfLinks(path).rpath == "$ORIGIN/nowhere:$ORIGIN/../lib")
    scratch.remove()
  }

  /// What repair does to a NEEDED chain: librpath.so (the "extension") needs liba.so.1, which
  /// needs libb.so.1, which needs libc_chain.so.1. Each library is copied under a hashed name
  /// with its SONAME set to that name; every NEEDED is replaced by the new name; the extension
  /// gets DT_RPATH `$ORIGIN/../pkg.libs`, grafted libraries needing grafted libraries get
  /// `$ORIGIN`, the last one loses its search path. `dlopen` then returns 111 through the
  /// chain; the unpatched extension in the same place cannot be loaded.
  @Test func graftedChainLoadsThroughDlopen() throws {
    let scratch = try Scratch()
    let lib = "private/lib/"
    let grafts: [(fixture: String, soname: String, new: String, needs: String?)] = [
      ("liba.so.1.0.0", "liba.so.1", "liba-12345678.so.1", "libb.so.1"),
      ("libb.so.1.0.0", "libb.so.1", "libb-23456789.so.1.0.0", "libc_chain.so.1"),
      ("libc_chain.so.1.0.0", "libc_chain.so.1", "libc_chain-3456789a.so.1.0.0", nil),
    ]
    let newName = Dictionary(uniqueKeysWithValues: grafts.map { ($0.soname, $0.new) })
    for g in grafts {
      var edits: [ELFEdit] = [.setSoname(g.new)]
      if let needs = g.needs {
        edits += [.replaceNeeded(old: needs, new: newName[needs] ?? needs), .setRunpathOrRpath("$ORIGIN", kind: .rpath)]
      } else {
        edits.append(.removeRunpathAndRpath)
      }
      let out = try scratch.write(try Fixtures.patched(lib + g.fixture, edits), to: "pkg.libs/" + g.new)
      try Oracle.expectLinks(
        out,
        LinkView(
          needed: g.needs.map { [newName[$0] ?? $0] } ?? [],
          soname: g.new, rpath: g.needs == nil ? nil : "$ORIGIN"))
    }
    let unpatched = try scratch.copy(fixture: "librpath.so", to: "pkg/unpatched.so")
    #expect(throws: Oracle.Failed.self) { try Oracle.dlopenCall(unpatched, "rpath_user_value") }

    let ext = try scratch.write(
      try Fixtures.patched(
        "librpath.so",
        [.replaceNeeded(old: "liba.so.1", new: "liba-12345678.so.1"),
         .setRunpathOrRpath("$ORIGIN/../pkg.libs", kind: .rpath)]),
      to: "pkg/_ext.so")
    try Oracle.expectLinks(ext, LinkView(needed: ["liba-12345678.so.1"], rpath: "$ORIGIN/../pkg.libs"))
    #expect(try Oracle.dlopenCall(ext, "rpath_user_value") == "111")
    scratch.remove()
  }

  /// Libraries whose layout cases differ still load and work: relro+now, the big `.dynstr`,
  /// a `.dynamic` that had to move, program headers grown in place, no section headers.
  @Test(arguments: [
    ("librelro_now.so", "relro_value", "5", "relro"),
    ("libbigdynstr.so", bigSymbol, "3999", "big"),
    ("libnoshdr.so", "newglibc_value", "63", "noshdr"),
  ])
  func patchedLibrariesLoad(_ fixture: String, _ symbol: String, _ value: String, _ tag: String) throws {
    let scratch = try Scratch(tag)
    for (variant, input) in [
      ("plain", try Fixtures.bytes(fixture)),
      ("squeezed", try Derived.squeezedDynamic(try Fixtures.bytes(fixture))),
    ] {
      let edits: [ELFEdit] = [.setSoname("renamed-\(variant).so"), .setRunpathOrRpath("$ORIGIN/x", kind: .rpath)]
      let path = try scratch.write(try ELFPatcher.patch(bytes: input, edits: edits, path: fixture), to: "\(variant).so")
      #expect(try Oracle.readelfLinks(path).soname == "renamed-\(variant).so")
      #expect(try Oracle.dlopenCall(path, symbol).hasSuffix(value))
    }
    scratch.remove()
  }

  /// Program headers grown in place (the derived liba without PT_GNU_EH_FRAME) still load.
  @Test func libraryWithProgramHeadersGrownInPlaceLoads() throws {
    let scratch = try Scratch()
    for f in ["libb.so.1.0.0", "libc_chain.so.1.0.0"] {
      try scratch.copy(fixture: "private/lib/" + f, to: "lib/" + f.replacingOccurrences(of: ".1.0.0", with: ".1"))
    }
    let input = try Derived.withoutProgramHeader(try Fixtures.bytes("private/lib/liba.so.1.0.0"), .gnuEHFrame)
    let edits: [ELFEdit] = [.setRunpathOrRpath("$ORIGIN/lib", kind: .rpath)]
    #expect(try ELFPatcher.plan(bytes: input, edits: edits, path: "liba").layout.kind == .newSegment(.grownInPlace))
    let path = try scratch.write(try ELFPatcher.patch(bytes: input, edits: edits, path: "liba"), to: "liba.so.1")
    #expect(try Oracle.dlopenCall(path, "liba_value") == "111")
    scratch.remove()
  }

  /// Patching an already patched file stacks a second new segment after the first (callers
  /// should batch edits, but must not break a file by not doing so).
  @Test func repeatedPatchesStack() throws {
    let scratch = try Scratch()
    for f in ["libb.so.1.0.0", "libc_chain.so.1.0.0"] {
      try scratch.copy(fixture: "private/lib/" + f, to: "deps/" + f.replacingOccurrences(of: ".1.0.0", with: ".1"))
    }
    var bytes = try Fixtures.bytes("private/lib/liba.so.1.0.0")
    for (i, edit) in [
      ELFEdit.setSoname("liba-first.so.1"), .setRunpathOrRpath("$ORIGIN/deps", kind: .rpath),
      .setSoname("liba-second-and-longer.so.1"),
    ].enumerated() {
      bytes = try ELFPatcher.patch(bytes: bytes, edits: [edit], path: "round \(i)")
    }
    let path = try scratch.write(bytes, to: "liba.so.1")
    #expect(try Oracle.readelfLoads(path).count == 7, "4 original PT_LOADs and one per round")
    try Oracle.expectLinks(path, LinkView(needed: ["libb.so.1"], soname: "liba-second-and-longer.so.1", rpath: "$ORIGIN/deps"))
    try Oracle.expectSaneSegments(path)
    #expect(try Oracle.dlopenCall(path, "liba_value") == "111")
    scratch.remove()
  }
}
