import Foundation
import Testing
import TestSupport

@testable import ELFPatchKit

/// ELF32 outputs run for real: i686 programs built with the Debian cross compiler and started
/// through the cross toolchain's own `ld-linux.so.2` (the host kernel runs 32-bit code; the
/// host has no i386 loader installed). ld.so maps the patched program and its patched library
/// itself, so every ELF32 layout case is exercised by the real loader.
@Suite struct ELF32RunTests {
  static let loader = "/usr/i686-linux-gnu/lib/ld-linux.so.2"
  static let libc = "/usr/i686-linux-gnu/lib"

  /// Builds `libv32.so` (SONAME libv32.so.1, `v32()` = 32) and `prog` (prints `v32()`), with
  /// extra program `flags`.
  static func build(_ scratch: Scratch, _ flags: [String]) throws -> (lib: String, prog: String) {
    let lib = try scratch.file("build/libv32.so"), prog = try scratch.file("build/prog")
    let libSrc = try scratch.file("build/v32.c"), progSrc = try scratch.file("build/main.c")
    try "int v32(void) { return 32; }\n".write(toFile: libSrc, atomically: true, encoding: .utf8)
    try "#include <stdio.h>\nint v32(void);\nint main(void) { printf(\"%d\\n\", v32()); return 0; }\n"
      .write(toFile: progSrc, atomically: true, encoding: .utf8)
    _ = try Oracle.output(["i686-linux-gnu-gcc", "-shared", "-fPIC", "-Wl,-soname,libv32.so.1", "-o", lib, libSrc])
    _ = try Oracle.output(["i686-linux-gnu-gcc"] + flags + ["-o", prog, progSrc, lib])
    return (lib, prog)
  }

  static func run(_ prog: String) throws -> Int32 {
    try Tool.run(["sh", "-c", "\"$0\" --library-path \"$1\" \"$2\" >/dev/null 2>&1; s=$?; [ $s = 127 ] && exit 99; exit $s", loader, libc, prog]).status
  }

  @Test(arguments: [
    ("pie", ["-fPIE", "-pie"], false), ("nopie", ["-fno-pie", "-no-pie"], false),
    ("pie-squeezed", ["-fPIE", "-pie", "-Wl,-z,relro,-z,now"], true),
  ])
  func i686ProgramAndLibraryRun(_ name: String, _ flags: [String], _ squeeze: Bool) throws {
    let scratch = try Scratch("i686-\(name)")
    let built = try Self.build(scratch, flags)
    // The library is grafted under a new name in a directory only the new RPATH names.
    var lib = try Fixtures.read(built.lib)
    if squeeze { lib = try Derived.squeezedDynamic(lib) }
    let graft = try scratch.write(
      try ELFPatcher.patch(bytes: lib, edits: [.setSoname("libv32-0a1b2c3d.so.1"), .removeRunpathAndRpath], path: "lib"),
      to: "deps/libv32-0a1b2c3d.so.1")
    var prog = try Fixtures.read(built.prog)
    if squeeze { prog = try Derived.squeezedDynamic(prog) }
    let original = try scratch.write(prog, to: "bin/original")
    #expect(try Self.run(original) == 99, "the unpatched program must not find its library")

    let edits: [ELFEdit] = [
      .replaceNeeded(old: "libv32.so.1", new: "libv32-0a1b2c3d.so.1"), .setRunpathOrRpath("$ORIGIN/../deps", kind: .rpath),
    ]
    let summary = try ELFPatcher.plan(bytes: prog, edits: edits, path: name)
    #expect(summary.layout.dynamicMoved == squeeze)
    let patched = try scratch.write(try ELFPatcher.patch(bytes: prog, edits: edits, path: name), to: "bin/prog")
    let out = try Oracle.output([Self.loader, "--library-path", Self.libc, patched])
    #expect(out == "32")
    try Oracle.expectLinks(patched, LinkView(needed: ["libv32-0a1b2c3d.so.1", "libc.so.6"], rpath: "$ORIGIN/../deps"))
    try Oracle.expectSaneSegments(patched)
    try Oracle.expectSaneSegments(graft)
    scratch.remove()
  }
}
