import Foundation
import Testing
import TestSupport

@testable import WheelKit

/// Every member of real PyPI wheels, byte for byte against CPython's zipfile.
///
/// The wheels are pinned by version and sha256 in Tests/scripts/fetch_pypi.sh, which
/// downloads them into Fixtures/pypi/ (git-ignored).
@Suite struct PyPIWheelTests {
  static let wheels = [
    "plotly-5.24.1-py3-none-any.whl",  // pure, 15,319 members
    "six-1.17.0-py2.py3-none-any.whl",
    "numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
    "scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",  // 35 MB
    "psutil-7.2.2-cp36-abi3-musllinux_1_2_x86_64.whl",
    "psutil-7.2.2-cp36-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl",
  ]

  struct MissingWheel: Error, CustomStringConvertible {
    let name: String
    var description: String { "Fixtures/pypi/\(name) is missing: run Tests/scripts/fetch_pypi.sh" }
  }

  static func wheel(_ name: String) throws -> String {
    do { return try Fixture.repoPath("Fixtures/pypi/" + name) } catch { throw MissingWheel(name: name) }
  }

  @Test(arguments: wheels)
  func everyMemberMatchesZipfile(_ name: String) throws {
    let path = try Self.wheel(name)
    let oracle = try ZipOracle.list(path)
    let archive = try ZipArchive(path: path)
    try #require(archive.members.count == oracle.count)
    // Inflate everything in parallel, then compare each member's name, metadata and sha256.
    let results = archive.extractAll()
    for (k, (member, truth)) in zip(archive.members, oracle).enumerated() {
      #expect(hexString(member.name.utf8) == truth.name)
      #expect(member.problem == nil, "\(member.name): \(String(describing: member.problem))")
      #expect(member.crc32 == truth.crc && member.uncompressedSize == truth.file_size)
      #expect(member.externalAttributes == truth.external_attr)
      switch results[k] {
      case .success(let bytes): #expect(sha256Hex(bytes) == truth.sha256, "\(member.name)")
      case .failure(let error): Issue.record("\(member.name): \(error)")
      }
    }
    #expect(archive.members.count == Set(archive.members.map(\.name)).count)
  }

  @Test func plotlyHasMoreThanTenThousandMembers() throws {
    let archive = try ZipArchive(path: try Self.wheel(Self.wheels[0]))
    #expect(archive.members.count == 15_319)
    #expect(archive.member(named: "plotly/__init__.py") != nil)
  }
}
