import BinaryKit
import ELFKit
import TestSupport
import Testing

@testable import ELFPatchKit

/// Each case of the layout algorithm on a real file: the case chosen, a golden dump of the
/// output (`Fixtures/golden/<input>.<operation>`), and readelf + patchelf reading the result.
@Suite struct LayoutCaseTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var golden: String
    var input: @Sendable () throws -> [UInt8]
    var edits: [ELFEdit]
    var kind: Layout.Kind
    var expected: LinkView
    /// patchelf refuses files without section headers.
    var patchelfReads = true
    var testDescription: String { golden }
  }

  static let libA = "private/lib/liba.so.1.0.0"
  static let longPath = "$ORIGIN/../a_rather_long_directory_name.libs:$ORIGIN"

  static let cases: [Case] = [
    // (a) in place: removal shifts the entries up and pads with DT_NULL.
    Case(
      golden: "liba.so.1.0.0.remove-needed", input: { try Fixtures.bytes(libA) },
      edits: [.removeNeeded("libb.so.1")], kind: .inPlace,
      expected: LinkView(needed: [], soname: "liba.so.1")),
    // (a) in place: the new name is already in .dynstr (the SONAME string).
    Case(
      golden: "liba.so.1.0.0.replace-needed-existing", input: { try Fixtures.bytes(libA) },
      edits: [.replaceNeeded(old: "libb.so.1", new: "liba.so.1")], kind: .inPlace,
      expected: LinkView(needed: ["liba.so.1"], soname: "liba.so.1")),
    // (a) in place: RUNPATH converted to RPATH, same string (auditwheel's --force-rpath).
    Case(
      golden: "hello_pie.runpath-to-rpath", input: { try Fixtures.bytes("bin/hello_pie") },
      edits: [.setRunpathOrRpath("$ORIGIN/..", kind: .rpath)], kind: .inPlace,
      expected: LinkView(needed: ["libversioned.so", "libc.so.6"], rpath: "$ORIGIN/..")),
    // (b) new segment: a 332 kB .dynstr cannot take a new string in place.
    Case(
      golden: "libbigdynstr.so.set-rpath", input: { try Fixtures.bytes("libbigdynstr.so") },
      edits: [.setRunpathOrRpath(longPath, kind: .rpath)],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(soname: "libbigdynstr.so", rpath: longPath)),
    // (b) new segment on a small library, with every string edit repair makes.
    Case(
      golden: "liba.so.1.0.0.repair", input: { try Fixtures.bytes(libA) },
      edits: [
        .setSoname("liba-12345678.so.1"), .replaceNeeded(old: "libb.so.1", new: "libb-87654321.so.1"),
        .setRunpathOrRpath("$ORIGIN", kind: .rpath),
      ],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(needed: ["libb-87654321.so.1"], soname: "liba-12345678.so.1", rpath: "$ORIGIN")),
    // (b) new segment holding a larger .dynamic too: no spare DT_NULL slot.
    Case(
      golden: "liba.so.1.0.0.squeezed.set-rpath",
      input: { try Derived.squeezedDynamic(try Fixtures.bytes(libA)) },
      edits: [.setRunpathOrRpath("$ORIGIN", kind: .rpath)],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(needed: ["libb.so.1"], soname: "liba.so.1", rpath: "$ORIGIN")),
    // (c) program headers grown in place: a free, zeroed entry follows the table.
    Case(
      golden: "liba.so.1.0.0.no-eh-frame-hdr.set-rpath",
      input: { try Derived.withoutProgramHeader(try Fixtures.bytes(libA), .gnuEHFrame) },
      edits: [.setRunpathOrRpath("$ORIGIN", kind: .rpath)],
      kind: .newSegment(.grownInPlace),
      expected: LinkView(needed: ["libb.so.1"], soname: "liba.so.1", rpath: "$ORIGIN")),
    // (c) executables: the table moves and PT_PHDR follows it; p_vaddr - p_offset of the new
    // segment equals the first PT_LOAD's.
    Case(
      golden: "hello_pie.set-rpath", input: { try Fixtures.bytes("bin/hello_pie") },
      edits: [.setRunpathOrRpath(longPath, kind: .rpath)],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(needed: ["libversioned.so", "libc.so.6"], rpath: longPath)),
    Case(
      golden: "hello_nopie.set-rpath", input: { try Fixtures.bytes("bin/hello_nopie") },
      edits: [.setRunpathOrRpath(longPath, kind: .rpath)],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(needed: ["libversioned.so", "libc.so.6"], rpath: longPath)),
    Case(
      golden: "hello_pie.squeezed.set-runpath",
      input: { try Derived.squeezedDynamic(try Fixtures.bytes("bin/hello_pie")) },
      edits: [.setSoname("hello"), .setRunpathOrRpath(longPath, kind: .runpath)],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(needed: ["libversioned.so", "libc.so.6"], soname: "hello", runpath: longPath)),
    // No section headers: located through PT_DYNAMIC and DT_STRTAB alone.
    Case(
      golden: "libnoshdr.so.set-rpath", input: { try Fixtures.bytes("libnoshdr.so") },
      edits: [.setRunpathOrRpath(longPath, kind: .rpath)],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(needed: ["libc.so.6"], soname: "libnewglibc.so", rpath: longPath),
      patchelfReads: false),
    // ELF32 little endian and ELF64 big endian.
    Case(
      golden: "i686-libtiny.so.1.repair", input: { try Fixtures.bytes("cross/i686/libtiny.so.1") },
      edits: [.setSoname("libtiny-0123abcd.so.1"), .setRunpathOrRpath(longPath, kind: .rpath)],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(needed: ["libc.so.6"], soname: "libtiny-0123abcd.so.1", rpath: longPath)),
    Case(
      golden: "s390x-libtiny.so.1.repair", input: { try Fixtures.bytes("cross/s390x/libtiny.so.1") },
      edits: [.setSoname("libtiny-0123abcd.so.1"), .setRunpathOrRpath(longPath, kind: .rpath)],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(needed: ["libc.so.6"], soname: "libtiny-0123abcd.so.1", rpath: longPath)),
    Case(
      golden: "s390x-_tiny.so.squeezed.repair",
      input: { try Derived.squeezedDynamic(try Fixtures.bytes("cross/s390x/_tiny.so")) },
      edits: [.setSoname("_tiny.so"), .replaceNeeded(old: "libtiny.so.1", new: "libtiny-0123abcd.so.1")],
      kind: .newSegment(.movedToNewSegment),
      expected: LinkView(needed: ["libtiny-0123abcd.so.1"], soname: "_tiny.so", runpath: "$ORIGIN")),
  ]

  @Test(arguments: cases)
  func layoutCase(_ c: Case) throws {
    let input = try c.input()
    let summary = try ELFPatcher.plan(bytes: input, edits: c.edits, path: c.golden)
    #expect(summary.layout.kind == c.kind)
    let output = try ELFPatcher.patch(bytes: input, edits: c.edits, path: c.golden)
    try Golden.check(c.golden, try LayoutDump.dump(output))

    let scratch = try Scratch()
    let path = try scratch.write(output, to: "out")
    if c.patchelfReads {
      try Oracle.expectLinks(path, c.expected)
    } else {
      #expect(try Oracle.readelfLinks(path) == c.expected)
    }
    try Oracle.expectSaneSegments(path)
    if let segment = summary.layout.newSegment {
      #expect(output.count == Int(segment.offset + segment.fileSize))
      #expect(segment.offset >= UInt64(input.count) || summary.layout.keptInputPrefix < UInt64(input.count))
    } else {
      #expect(output.count == input.count)
    }
    scratch.remove()
  }

  /// An executable's moved program header table keeps `p_vaddr - p_offset` of the first
  /// `PT_LOAD` (kernels before 5.18 compute `AT_PHDR` as that plus `e_phoff`).
  @Test(arguments: ["bin/hello_pie", "bin/hello_nopie"])
  func executablesKeepTheFirstSegmentsDelta(_ fixture: String) throws {
    let output = try Fixtures.patched(fixture, [.setRunpathOrRpath(Self.longPath, kind: .rpath)])
    let file = try ELFFile(InMemoryBytes(output))
    let loads = file.programHeaders.filter { $0.type == .load }
    let first = try #require(loads.first), added = try #require(loads.last)
    #expect(added.virtualAddress - added.offset == first.virtualAddress - first.offset)
    let phdr = try #require(file.segment(ofType: .phdr))
    #expect(phdr.offset == file.header.programHeaderOffset)
    #expect(phdr.virtualAddress == added.virtualAddress + (phdr.offset - added.offset))
    #expect(first.virtualAddress - first.offset + file.header.programHeaderOffset == phdr.virtualAddress)
  }
}
