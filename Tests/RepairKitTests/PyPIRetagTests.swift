import BinaryKit
import ELFKit
import Foundation
import RepairKit
import Testing
import TestSupport
import WheelKit

/// A real PyPI wheel that needs no graft (scipy 1.17.1, 1,541 members, 35 MB, itself made by
/// auditwheel): the repair must re-tag it without re-compressing anything, and agree with
/// `auditwheel repair` on every member's content, the member list and RECORD byte for byte.
@Suite struct PyPIRetagTests {
  static let scipy = "Fixtures/pypi/scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl"

  @Test func scipyIsCopiedRawAndMatchesAuditwheel() throws {
    let scratch = try Scratch()
    let wheel = try Fixture.repoPath(Self.scipy)
    let archive = try ZipArchive(path: wheel)
    var elfs: [RepairELF] = []
    for member in archive.members where member.kind == .file {
      let head = try archive.read(member, offset: 0, count: 4)
      guard head == [0x7f, 0x45, 0x4c, 0x46] else { continue }
      let facts = try ELFFacts.parse(InMemoryBytes(try archive.data(of: member)))
      elfs.append(RepairELF(path: member.name, facts: facts, externalLibraries: []))
    }
    #expect(elfs.count > 100)
    let input = try RepairInput(
      wheelPath: wheel, abis: ["manylinux_2_27_x86_64"], architecture: .x86_64, elfs: elfs,
      options: RepairOptions(wheelDirectory: scratch.path + "/ours", sourceDateEpoch: DOSTimestamp(unixTime: 315_532_800)))
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = try #require(try Repair.run(input))
    let elapsed = clock.now - start
    print("scipy re-tag: planner + executor \(elapsed) (\(outcome.copiedMembers) members copied raw, \(outcome.writtenMembers) written)")
    #expect(outcome.writtenMembers == 1, "only RECORD is written anew")

    let theirs = try RepairOracle.auditwheelRepair(wheel, into: scratch.path + "/theirs", libraryPath: "")
    #expect(URL(fileURLWithPath: outcome.outputPath).lastPathComponent == URL(fileURLWithPath: theirs).lastPathComponent)
    let ours = try RepairOracle.members(outcome.outputPath)
    let reference = try RepairOracle.members(theirs)
    #expect(ours.map(\.name) == reference.map(\.name))
    #expect(ours.map(\.sha256) == reference.map(\.sha256))
    #expect(ours.map(\.mode) == reference.map(\.mode))
    let rawIn = try RepairOracle.rawDigests(wheel), rawOut = try RepairOracle.rawDigests(outcome.outputPath)
    #expect(rawIn == rawOut, "every member, RECORD included, keeps its compressed bytes")
    scratch.remove()
  }
}
