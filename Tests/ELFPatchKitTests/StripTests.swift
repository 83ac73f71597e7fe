import BinaryKit
import ELFKit
import Foundation
import Testing
import TestSupport

@testable import ELFPatchKit

/// `.strip(.all)` / `.strip(.debug)` against binutils `strip -s` / `strip -g` (auditwheel runs
/// `strip -s` for `--strip`): the same sections remain, the file shrinks, allocated bytes do
/// not move, and the library still loads.
@Suite struct StripTests {
  static let source = """
    #include <stdio.h>
    static int helper(int x) { return x * 3; }
    int debug_value(void) { printf("%s", ""); return helper(14); }
    """

  /// A `-g` library built once per call with the host gcc (or a cross compiler).
  static func debugLibrary(_ scratch: Scratch, cc: String = "gcc") throws -> String {
    let src = try scratch.file("debug.c"), out = try scratch.file("libdebug-\(cc).so")
    try source.write(toFile: src, atomically: true, encoding: .utf8)
    _ = try Oracle.output([cc, "-g", "-O1", "-shared", "-fPIC", "-o", out, src])
    return out
  }

  static func sectionNames(_ path: String) throws -> [String] {
    try Oracle.output(["readelf", "-SW", path]).split(separator: "\n").compactMap { line in
      guard let close = line.firstIndex(of: "]"), line.contains("[") else { return nil }
      let rest = line[line.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
      return rest.first.map(String.init)
    }.filter { $0 != "Nr]" && $0 != "Name" }
  }

  @Test(arguments: [(StripLevel.all, "-s"), (StripLevel.debug, "-g")])
  func sameSectionsAsBinutilsStrip(_ level: StripLevel, _ flag: String) throws {
    let scratch = try Scratch("strip\(flag)")
    let input = try Self.debugLibrary(scratch)
    let bytes = try Fixtures.read(input)
    let reference = try scratch.file("reference.so")
    _ = try Oracle.output(["strip", flag, "-o", reference, input])

    let ours = try scratch.write(try ELFPatcher.patch(bytes: bytes, edits: [.strip(level)], path: input), to: "ours.so")
    #expect(try Self.sectionNames(ours) == Self.sectionNames(reference))
    #expect(try Self.sectionNames(ours).contains { $0.hasPrefix(".debug") } == false)
    _ = try Oracle.readelf(ours)
    try Oracle.expectSaneSegments(ours)
    #expect(try Oracle.dlopenCall(ours, "debug_value") == "42")

    // Nothing below the end of the loaded image moved.
    let out = try Fixtures.read(ours)
    let end = Int(try ELFFile(InMemoryBytes(bytes)).programHeaders.map { $0.offset + $0.fileSize }.max() ?? 0)
    #expect(Array(out[64..<end]) == Array(bytes[64..<end]))
    let refSize = try Fixtures.read(reference).count
    #expect(out.count < bytes.count)
    print("strip \(flag): input \(bytes.count) ours \(out.count) binutils \(refSize)")
    scratch.remove()
  }

  /// Stripping and a new segment together: the new PT_LOAD follows the compacted file.
  @Test func stripWithNewSegment() throws {
    let scratch = try Scratch()
    let input = try Self.debugLibrary(scratch)
    let bytes = try Fixtures.read(input)
    let edits: [ELFEdit] = [.strip(.all), .setSoname("libdebug-01234567.so"), .setRunpathOrRpath("$ORIGIN", kind: .rpath)]
    let summary = try ELFPatcher.plan(bytes: bytes, edits: edits, path: input)
    #expect(summary.layout.kind == .newSegment(.movedToNewSegment))
    #expect(summary.layout.strippedSections.contains(".symtab"))
    let out = try scratch.write(try ELFPatcher.patch(bytes: bytes, edits: edits, path: input), to: "both.so")
    let needed = try ELFFacts.parse(InMemoryBytes(bytes)).needed
    try Oracle.expectLinks(out, LinkView(needed: needed, soname: "libdebug-01234567.so", rpath: "$ORIGIN"))
    try Oracle.expectSaneSegments(out)
    #expect(try Oracle.dlopenCall(out, "debug_value") == "42")
    #expect(try Self.sectionNames(out).contains(".symtab") == false)
  }

  /// Cross-compiled objects (ELF32, big endian) strip to binutils' section list too.
  @Test(arguments: ["i686-linux-gnu-gcc", "s390x-linux-gnu-gcc"])
  func crossArchitectureStrip(_ cc: String) throws {
    let scratch = try Scratch("strip-\(cc)")
    let input = try Self.debugLibrary(scratch, cc: cc)
    let reference = try scratch.file("reference.so")
    let strip = cc.replacingOccurrences(of: "-gcc", with: "-strip")
    _ = try Oracle.output([strip, "-s", "-o", reference, input])
    let ours = try scratch.write(
      try ELFPatcher.patch(bytes: try Fixtures.read(input), edits: [.strip(.all)], path: input), to: "ours.so")
    #expect(try Self.sectionNames(ours) == Self.sectionNames(reference))
    _ = try Oracle.readelf(ours)
    scratch.remove()
  }
}
