import Crypto
import ELFKit
import ELFPatchKit
import Foundation
import PolicyKit
import RepairKit
import Testing
import TestSupport
import WheelKit

/// The executor's guarantees: determinism, raw copies, timestamps, atomic output, clean failure.
@Suite struct RepairExecutorTests {
  static let privateWheel = "private-1.0.0-cp311-cp311-linux_x86_64.whl"
  static let epoch = DOSTimestamp(unixTime: 1_700_000_000)

  func repair(_ wheel: String, into directory: String, epoch: DOSTimestamp? = epoch, threads: Int? = nil,
              level: Int = -1) throws -> String {
    let input = try FixtureInput.input(
      wheel: wheel, options: RepairOptions(
        wheelDirectory: directory, zipCompressionLevel: level, sourceDateEpoch: epoch, threads: threads))
    return try #require(try Repair.run(input)).outputPath
  }

  func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  @Test func repairingTwiceGivesIdenticalBytes() throws {
    let scratch = try Scratch()
    let wheel = try FixtureInput.wheel(Self.privateWheel)
    let a = try repair(wheel, into: scratch.path + "/a")
    let b = try repair(wheel, into: scratch.path + "/b", threads: 1)
    let c = try repair(wheel, into: scratch.path + "/c", epoch: nil)
    let d = try repair(wheel, into: scratch.path + "/d", epoch: nil, threads: 7)
    #expect(try bytes(a) == bytes(b))
    #expect(try bytes(c) == bytes(d))
    #expect(try bytes(a) != bytes(c), "SOURCE_DATE_EPOCH changes the timestamps")
    // The input is untouched.
    #expect(try bytes(wheel) == Data(contentsOf: URL(fileURLWithPath: try FixtureInput.wheel(Self.privateWheel))))
    scratch.remove()
  }

  /// Untouched members keep their compressed bytes, method and timestamps; new members get the
  /// input's newest timestamp; input directory entries stay; RECORD.jws goes; RECORD lists every
  /// file, including one the input RECORD did not list.
  @Test func untouchedMembersAreCopiedRaw() throws {
    let scratch = try Scratch()
    let variant = scratch.path + "/" + Self.privateWheel
    try RepairOracle.variant(of: try FixtureInput.wheel(Self.privateWheel), to: variant)
    let output = try repair(variant, into: scratch.path + "/out", epoch: nil, level: 9)
    let input = try RepairOracle.members(variant)
    let ours = try RepairOracle.members(output)
    let inputByName = Dictionary(uniqueKeysWithValues: input.map { ($0.name, $0) })
    let rawIn = try RepairOracle.rawDigests(variant), rawOut = try RepairOracle.rawDigests(output)
    let newest = input.map(\.dateTime).max { $0.lexicographicallyPrecedes($1) }
    let rewritten: Set<String> = [
      "private/_ext.cpython-311-x86_64-linux-gnu.so", "private-1.0.0.dist-info/WHEEL",
      "private-1.0.0.dist-info/RECORD",
    ]
    var copied = 0
    for member in ours {
      if let original = inputByName[member.name], !rewritten.contains(member.name) {
        copied += 1
        #expect(rawOut[member.name] == rawIn[member.name], "\(member.name) was re-compressed")
        #expect(member.dateTime == original.dateTime && member.compressType == original.compressType)
        #expect(member.mode == original.mode)
      } else {
        #expect(member.dateTime == newest, "\(member.name)")
        #expect(member.compressType == 8)
      }
    }
    #expect(copied == input.count - rewritten.count - 1)  // RECORD.jws dropped
    #expect(!ours.contains { $0.name.hasSuffix("RECORD.jws") })
    #expect(Set(ours.filter(\.isDirectory).map(\.name)) == Set(input.filter(\.isDirectory).map(\.name)))
    let record = try RecordFile.parse(try RepairOracle.memberBytes(output, "private-1.0.0.dist-info/RECORD"))
    #expect(record.entries.map(\.path) == ours.filter { !$0.isDirectory }.map(\.name))
    #expect(record.entries.contains { $0.path == "private/extra.txt" })

    // The member order is auditwheel's, once its added directory entries are set aside.
    let theirs = try RepairOracle.members(
      try RepairOracle.auditwheelRepair(variant, into: scratch.path + "/theirs", libraryPath: try FixtureInput.privateLib()))
    let inputDirectories = Set(input.filter(\.isDirectory).map(\.name))
    #expect(ours.map(\.name) == theirs.map(\.name).filter { !$0.hasSuffix("/") || inputDirectories.contains($0) })
    scratch.remove()
  }

  @Test func compressionLevelAppliesToNewMembersOnly() throws {
    let scratch = try Scratch()
    let wheel = try FixtureInput.wheel(Self.privateWheel)
    let stored = try RepairOracle.members(try repair(wheel, into: scratch.path + "/z0", level: 0))
    let best = try RepairOracle.members(try repair(wheel, into: scratch.path + "/z9", level: 9))
    for (a, b) in zip(stored, best) {
      #expect(a.name == b.name && a.sha256 == b.sha256)
      if a.name.contains(".libs/") { #expect(a.compressSize > b.compressSize, "\(a.name)") }
      if a.name.hasSuffix("__init__.py") { #expect(a.compressSize == b.compressSize) }
    }
    scratch.remove()
  }

  /// Nothing at all remains in the output directory after a failure.
  func expectNoOutput(_ directory: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let left = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    #expect(left.isEmpty, "left behind: \(left)", sourceLocation: sourceLocation)
  }

  @Test func missingLibraryFailsBeforeWriting() throws {
    let scratch = try Scratch()
    var input = try FixtureInput.input(
      wheel: try FixtureInput.wheel(Self.privateWheel), options: RepairOptions(wheelDirectory: scratch.path + "/out"))
    input.elfs[0].externalLibraries[1].realpath = nil
    #expect(throws: RepairError.libraryNotLocated(soname: "libb.so.1", neededBy: input.elfs[0].path)) {
      try Repair.run(input)
    }
    expectNoOutput(scratch.path + "/out")
    scratch.remove()
  }

  @Test func patchFailureLeavesNoFile() throws {
    let scratch = try Scratch()
    var input = try FixtureInput.input(
      wheel: try FixtureInput.wheel(Self.privateWheel), options: RepairOptions(wheelDirectory: scratch.path))
    input.elfs[0].path = "private/__init__.py"  // not an ELF file: patching it fails
    #expect {
      try Repair.run(input)
    } throws: { error in
      guard case .patch(let e) = error as? RepairError else { return false }
      return e.path == "private/__init__.py"
    }
    expectNoOutput(scratch.path)
    input.elfs[0].path = "private/missing.so"
    #expect(throws: RepairError.elfNotInWheel("private/missing.so")) { try Repair.run(input) }
    expectNoOutput(scratch.path)
    scratch.remove()
  }

  /// A wheel directory that cannot exist (under a regular file) fails with ENOTDIR; tests run
  /// as root, so permissions could not force the failure.
  @Test func unusableWheelDirectoryFailsCleanly() throws {
    let scratch = try Scratch()
    let file = scratch.path + "/plain-file"
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    let input = try FixtureInput.input(
      wheel: try FixtureInput.wheel(Self.privateWheel), options: RepairOptions(wheelDirectory: file + "/wheelhouse"))
    #expect(throws: RepairError.outputDirectory(path: file + "/wheelhouse", errno: ENOTDIR)) { try Repair.run(input) }
    let direct = try FixtureInput.input(
      wheel: try FixtureInput.wheel(Self.privateWheel), options: RepairOptions(wheelDirectory: file))
    #expect(throws: RepairError.outputDirectory(path: file, errno: ENOTDIR)) { try Repair.run(direct) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["plain-file"])
    scratch.remove()
  }

  @Test func theInputIsNeverOverwritten() throws {
    let scratch = try Scratch()
    let copy = scratch.path + "/" + Self.privateWheel
    try FileManager.default.copyItem(atPath: try FixtureInput.wheel(Self.privateWheel), toPath: copy)
    let before = try bytes(copy)
    let input = try FixtureInput.input(
      wheel: copy, options: RepairOptions(wheelDirectory: scratch.path + "/.", updateTags: false))
    #expect(throws: RepairError.outputIsInput(copy)) { try Repair.run(input) }
    #expect(try bytes(copy) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [Self.privateWheel])
    scratch.remove()
  }

  @Test func anExistingOutputIsReplaced() throws {
    let scratch = try Scratch()
    let wheel = try FixtureInput.wheel(Self.privateWheel)
    let first = try repair(wheel, into: scratch.path)
    try Data("stale".utf8).write(to: URL(fileURLWithPath: first))
    let second = try repair(wheel, into: scratch.path)
    #expect(first == second)
    #expect(try RepairOracle.members(second).count == 8)
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).count == 1)
    scratch.remove()
  }

  /// `--strip` on a static executable: ELFPatchKit patches dynamic objects only, so the file is
  /// kept as it is, with a warning (auditwheel's `strip -s` would strip it).
  @Test func staticExecutableIsLeftUnstrippedWithAWarning() throws {
    let scratch = try Scratch()
    try "int main(void) { return 7; }\n".write(toFile: scratch.path + "/st.c", atomically: true, encoding: .utf8)
    try RepairOracle.output(["gcc", "-static", "-o", scratch.path + "/tool", scratch.path + "/st.c"])
    let wheel = scratch.path + "/st-1.0-py3-none-linux_x86_64.whl"
    try RepairOracle.python(
      """
      import sys, zipfile
      with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
          z.writestr("st/__init__.py", "")
          zi = zipfile.ZipInfo("st-1.0.data/scripts/tool"); zi.external_attr = 0o100755 << 16
          z.writestr(zi, open(sys.argv[2], "rb").read())
          z.writestr("st-1.0.dist-info/METADATA", "Metadata-Version: 2.1\\nName: st\\nVersion: 1.0\\n")
          z.writestr("st-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nRoot-Is-Purelib: false\\nTag: py3-none-linux_x86_64\\n")
          z.writestr("st-1.0.dist-info/RECORD", "")
      """, [wheel, scratch.path + "/tool"])
    let input = try RepairInput(
      wheelPath: wheel, abis: FixtureInput.manylinux1, architecture: .x86_64,
      elfs: [RepairELF(path: "st-1.0.data/scripts/tool", needed: [], searchPath: [], externalLibraries: [])],
      options: RepairOptions(wheelDirectory: scratch.path + "/out", strip: true))
    let outcome = try #require(try Repair.run(input))
    #expect(outcome.warnings == ["st-1.0.data/scripts/tool: static executable left unstripped"])
    let original = try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/tool"))
    #expect(try RepairOracle.memberBytes(outcome.outputPath, "st-1.0.data/scripts/tool") == Array(original))
    scratch.remove()
  }

  /// Repairing a repaired wheel again changes nothing: every ELF edit is a no-op, so every
  /// member keeps its bytes and the output is byte-identical.
  @Test func repairIsIdempotent() throws {
    let scratch = try Scratch()
    let options = RepairOptions(wheelDirectory: scratch.path + "/once", strip: true, sourceDateEpoch: Self.epoch)
    let once = try #require(try Repair.run(try FixtureInput.input(wheel: try FixtureInput.wheel(Self.privateWheel), options: options)))
    var again = options
    again.wheelDirectory = scratch.path + "/twice"
    let input = try FixtureInput.input(wheel: once.outputPath, options: again)
    #expect(input.elfs.count == 4 && input.elfs.allSatisfy(\.externalLibraries.isEmpty))
    let twice = try #require(try Repair.run(input))
    #expect(twice.writtenMembers == 1, "only RECORD is rewritten")
    #expect(try bytes(once.outputPath) == bytes(twice.outputPath))
    scratch.remove()
  }
}
