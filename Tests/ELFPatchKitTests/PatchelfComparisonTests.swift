import Foundation
import Testing
import TestSupport

@testable import ELFPatchKit

/// The same edits through patchelf 0.17.2 (auditwheel's tool, with auditwheel's flags) and
/// through ELFPatchKit: the dynamic section must mean the same (NEEDED order, SONAME, RPATH,
/// RUNPATH) and so must the version requirements (patchelf renames `vn_file` on
/// `--replace-needed` too). Sizes of both outputs are printed for the report.
@Suite struct PatchelfComparisonTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var fixture: String
    var edits: [ELFEdit]
    var testDescription: String { "\(fixture) \(edits.map(\.summary).joined(separator: " "))" }
  }

  static let cases: [Case] = [
    Case(
      fixture: "private/lib/liba.so.1.0.0",
      edits: [
        .setSoname("liba-12345678.so.1"), .replaceNeeded(old: "libb.so.1", new: "libb-87654321.so.1"),
        .setRunpathOrRpath("$ORIGIN", kind: .rpath),
      ]),
    Case(
      fixture: "librpath.so",
      edits: [
        .replaceNeeded(old: "liba.so.1", new: "liba-12345678.so.1"),
        .setRunpathOrRpath("$ORIGIN/../rpath.libs", kind: .rpath),
      ]),
    Case(fixture: "librunpath.so", edits: [.setRunpathOrRpath("$ORIGIN/../runpath.libs", kind: .rpath)]),
    Case(fixture: "librpath.so", edits: [.removeRunpathAndRpath]),
    Case(fixture: "private/lib/liba.so.1.0.0", edits: [.setRunpathOrRpath("$ORIGIN/x", kind: .runpath)]),
    Case(
      fixture: "bin/hello_pie",
      edits: [
        .replaceNeeded(old: "libversioned.so", new: "libversioned-abcdef01.so"),
        .setRunpathOrRpath("$ORIGIN/../hello.libs", kind: .rpath),
      ]),
    Case(
      fixture: "bin/hello_nopie",
      edits: [.setRunpathOrRpath("$ORIGIN/../hello.libs", kind: .rpath)]),
    Case(
      fixture: "ext/libpython.so",
      edits: [.removeNeeded("libpython3.11.so.1.0"), .setRunpathOrRpath("$ORIGIN/../libpython.libs", kind: .rpath)]),
    Case(fixture: "libbigdynstr.so", edits: [.setRunpathOrRpath("$ORIGIN/../big.libs", kind: .rpath)]),
    Case(
      fixture: "librelro_now.so",
      edits: [.setSoname("librelro_now-0badcafe.so"), .setRunpathOrRpath("$ORIGIN", kind: .rpath)]),
    Case(
      fixture: "cross/i686/_tiny.so",
      edits: [.replaceNeeded(old: "libtiny.so.1", new: "libtiny-0123abcd.so.1"), .setRunpathOrRpath("$ORIGIN/../t.libs", kind: .rpath)]),
    Case(
      fixture: "cross/s390x/_tiny.so",
      edits: [.replaceNeeded(old: "libtiny.so.1", new: "libtiny-0123abcd.so.1"), .setRunpathOrRpath("$ORIGIN/../t.libs", kind: .rpath)]),
    Case(
      fixture: "cross/aarch64/libtiny.so.1",
      edits: [.setSoname("libtiny-0123abcd.so.1"), .removeRunpathAndRpath]),
    Case(
      fixture: "cross/armv7l/libtiny.so.1",
      edits: [.setSoname("libtiny-0123abcd.so.1"), .setRunpathOrRpath("$ORIGIN", kind: .rpath)]),
    Case(
      fixture: "cross/ppc64le/libtiny.so.1",
      edits: [.setSoname("libtiny-0123abcd.so.1"), .setRunpathOrRpath("$ORIGIN", kind: .rpath)]),
    Case(
      fixture: "cross/riscv64/libtiny.so.1",
      edits: [.setSoname("libtiny-0123abcd.so.1"), .setRunpathOrRpath("$ORIGIN", kind: .rpath)]),
  ]

  /// patchelf's flags for `edits`, in auditwheel's order.
  static func patchelfArguments(_ edits: [ELFEdit]) -> [String] {
    var args: [String] = []
    for e in edits {
      switch e {
      case .setSoname(let n): args += ["--set-soname", n]
      case .removeNeeded(let n): args += ["--remove-needed", n]
      case .replaceNeeded(let o, let n): args += ["--replace-needed", o, n]
      case .setRunpathOrRpath(let v, .rpath): args += ["--force-rpath", "--set-rpath", v]
      case .setRunpathOrRpath(let v, .runpath): args += ["--set-rpath", v]
      case .removeRunpathAndRpath: args += ["--remove-rpath"]
      case .strip: break
      }
    }
    return args
  }

  /// `readelf -VW`'s version requirement lines (`File: x  Cnt: n` and `Name: …`).
  static func versionNeeds(_ path: String) throws -> [String] {
    let text = try Oracle.output(["readelf", "-VW", path])
    guard let start = text.range(of: "Version needs section") else { return [] }
    return text[start.upperBound...].split(separator: "\n").dropFirst(2)
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.contains("File:") || $0.contains("Name:") }
      .map { line in
        // Drop the offsets, which differ when patchelf moves the section.
        line.split(separator: " ", omittingEmptySubsequences: true)
          .drop { !$0.hasPrefix("Name:") && !$0.hasPrefix("File:") }.joined(separator: " ")
      }
  }

  @Test func oracleIsPatchelf0172() throws {
    #expect(try Oracle.output([Oracle.patchelf, "--version"]) == "patchelf 0.17.2")
  }

  @Test(arguments: cases)
  func sameSemanticsAsPatchelf(_ c: Case) throws {
    let scratch = try Scratch()
    let ours = try scratch.write(try Fixtures.patched(c.fixture, c.edits), to: "ours")
    let theirs = try scratch.copy(fixture: c.fixture, to: "theirs")
    _ = try Oracle.output([Oracle.patchelf] + Self.patchelfArguments(c.edits) + [theirs])

    let a = try Oracle.readelfLinks(ours), b = try Oracle.readelfLinks(theirs)
    #expect(a == b)
    #expect(try Self.versionNeeds(ours) == Self.versionNeeds(theirs))
    try Oracle.expectSaneSegments(ours)
    let sizes = try [ours, theirs].map { try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int ?? 0 }
    let input = try Fixtures.bytes(c.fixture).count
    print("size \(c.fixture): input \(input) ours \(sizes[0]) patchelf \(sizes[1])")
    scratch.remove()
  }
}
