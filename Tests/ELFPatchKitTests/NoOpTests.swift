import TestSupport
import Testing

@testable import ELFPatchKit

/// A plan that changes nothing returns the input byte for byte.
@Suite struct NoOpTests {
  static let fixtures = [
    "private/lib/liba.so.1.0.0", "bin/hello_pie", "bin/hello_nopie", "libbigdynstr.so", "libnoshdr.so",
    "librunpath.so", "cross/i686/libtiny.so.1", "cross/s390x/_tiny.so",
  ]

  @Test(arguments: fixtures)
  func emptyPlanIsByteIdentical(_ fixture: String) throws {
    let bytes = try Fixtures.bytes(fixture)
    #expect(try ELFPatcher.patch(bytes: bytes, edits: [], path: fixture) == bytes)
    #expect(try ELFPatcher.plan(bytes: bytes, edits: [], path: fixture).layout.kind == .unchanged)
  }

  /// Edits whose result equals the input: same SONAME, same search path and kind, removing a
  /// search path that is not there, renaming a library to itself.
  @Test func editsThatChangeNothingAreByteIdentical() throws {
    let cases: [(String, [ELFEdit])] = [
      ("private/lib/liba.so.1.0.0", [.setSoname("liba.so.1"), .replaceNeeded(old: "libb.so.1", new: "libb.so.1")]),
      ("private/lib/liba.so.1.0.0", [.removeRunpathAndRpath]),
      ("librpath.so", [.setRunpathOrRpath("$ORIGIN/private/lib:$ORIGIN/../lib", kind: .rpath)]),
      ("librunpath.so", [.setRunpathOrRpath("$ORIGIN/private/lib:$ORIGIN/../lib", kind: .runpath)]),
      ("cross/s390x/libtiny.so.1", [.setSoname("libtiny.so.1")]),
    ]
    for (fixture, edits) in cases {
      let bytes = try Fixtures.bytes(fixture)
      #expect(try ELFPatcher.patch(bytes: bytes, edits: edits, path: fixture) == bytes, "\(fixture) \(edits)")
    }
  }
}
