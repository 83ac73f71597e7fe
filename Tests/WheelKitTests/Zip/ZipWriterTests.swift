import BinaryKit
import Crypto
import Foundation
import Testing
import TestSupport

@testable import WheelKit

/// The writer's output against CPython's zipfile: byte-identical archives for the same members,
/// archives zipfile accepts, raw copies that really are raw, and wheels pip installs.
@Suite struct ZipWriterTests {
  /// The same members for zipfile (spec) and for us (prepared members).
  static func members(level: Int?) throws -> (spec: [[String: Any]], prepared: [PreparedMember]) {
    let when = [2024, 2, 29, 13, 37, 42]
    let ts = DOSTimestamp(year: 2024, month: 2, day: 29, hour: 13, minute: 37, second: 42)
    let compression: ZipCompression = level.map { .deflate(level: $0) } ?? .stored
    let levelValue: Any = level.map { $0 == -1 ? "default" : $0 as Any } ?? NSNull()
    var spec: [[String: Any]] = [
      ["name": "pkg-1.0.dist-info/", "dir": true, "date_time": when, "external_attr": (0o40755 << 16) | 0x10]
    ]
    var prepared = [try PreparedMember.directory(name: "pkg-1.0.dist-info", timestamp: ts)]
    let files: [(String, Int, UInt32)] = [
      ("pkg/__init__.py", 0, 0o644), ("pkg/one.txt", 1, 0o600), ("pkg/small.py", 100, 0o644),
      ("pkg/seventy.bin", 70_000, 0o755), ("pkg/big.txt", 300_000, 0o644), ("pkg/名前.txt", 1234, 0o644),
    ]
    for (k, (name, size, permissions)) in files.enumerated() {
      let seed = UInt32(k + 11)
      spec.append([
        "name": name, "size": size, "seed": seed, "level": levelValue, "date_time": when,
        "external_attr": (0o100000 | permissions) << 16,
      ])
      prepared.append(
        try PreparedMember.file(
          name: name, contents: pattern(size: size, seed: seed), compression: compression,
          permissions: permissions, timestamp: ts))
    }
    return (spec, prepared)
  }

  @Test(arguments: [-1, 0, 1, 6, 9, nil] as [Int?])
  func byteIdenticalToZipfile(level: Int?) throws {
    let dir = try TemporaryDirectory()
    let (spec, prepared) = try Self.members(level: level)
    let theirs = dir.file("theirs.zip")
    try ZipOracle.write(spec, to: theirs)
    let ours = dir.file("ours.zip")
    let writer = try ZipWriter(path: ours)
    for member in prepared { try writer.add(member) }
    try writer.finish()
    let a = try readFile(ours), b = try readFile(theirs)
    #expect(a.count == b.count)
    #expect(a == b, "first difference at \(String(describing: zip(a, b).enumerated().first { $0.1.0 != $0.1.1 }?.offset))")
  }

  @Test func outputIsDeterministicAcrossThreadCounts() throws {
    let dir = try TemporaryDirectory()
    let ts = DOSTimestamp(unixTime: 650_203_201)
    let inputs = (0..<24).map { NewMember(name: "f\($0).txt", contents: pattern(size: 1000 * $0, seed: UInt32($0)), timestamp: ts) }
    var outputs: [[UInt8]] = []
    for threads in [1, 2, 8] {
      let path = dir.file("out\(threads).zip")
      let writer = try ZipWriter(path: path)
      for result in PreparedMember.prepare(inputs, threads: threads) { try writer.add(try result.get()) }
      try writer.finish()
      outputs.append(try readFile(path))
    }
    #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
    #expect(try ZipOracle.zipfileTest(dir.file("out2.zip")).status == 0)
  }

  /// Rewrites a real wheel changing one member: every other member's compressed bytes (located
  /// by zipfile's header offsets and parsed local headers) are identical to the input's.
  @Test func rawCopiesKeepCompressedBytes() throws {
    let input = try PyPIWheelTests.wheel("psutil-7.2.2-cp36-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl")
    let source = try ZipArchive(path: input)
    let changedName = "psutil/__init__.py"
    let newContent = try source.data(named: changedName) + Array("\n# rewritten\n".utf8)
    let dir = try TemporaryDirectory()
    let output = dir.file("out.whl")
    let writer = try ZipWriter(path: output)
    for member in source.members {
      if member.name == changedName {
        try writer.addFile(name: changedName, contents: newContent, timestamp: member.dosTimestamp)
      } else {
        try writer.addCopy(of: member, from: source)
      }
    }
    try writer.finish()

    let before = try ZipOracle.list(input), after = try ZipOracle.list(output)
    try #require(before.count == after.count)
    let changedHex = hexString(changedName.utf8)
    for (a, b) in zip(before, after) {
      #expect(a.name == b.name)
      if a.name == changedHex {
        #expect(b.sha256 == sha256Hex(newContent))
      } else {
        #expect(a.raw_sha256 == b.raw_sha256, "\(a.name)")
        #expect(a.sha256 == b.sha256 && a.crc == b.crc && a.external_attr == b.external_attr)
        #expect(a.date_time == b.date_time)
      }
    }
    #expect(try ZipOracle.zipfileTest(output).status == 0)
  }

  /// six's wheel, rewritten with six.py changed and RECORD updated, installs with pip into a
  /// fresh venv and imports.
  @Test func rewrittenWheelInstallsWithPip() throws {
    let input = try PyPIWheelTests.wheel("six-1.17.0-py2.py3-none-any.whl")
    let source = try ZipArchive(path: input)
    let six = try source.data(named: "six.py") + Array("\nWHEELFS_REWRITTEN = True\n".utf8)
    let digest = Data(SHA256.hash(data: six)).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
    let recordName = "six-1.17.0.dist-info/RECORD"
    let record = String(decoding: try source.data(named: recordName), as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.hasPrefix("six.py,") ? "six.py,sha256=\(digest),\(six.count)" : String($0) }
      .joined(separator: "\n")

    let dir = try TemporaryDirectory()
    let wheel = dir.file("six-1.17.0-py2.py3-none-any.whl")
    let writer = try ZipWriter(path: wheel)
    let ts = try DOSTimestamp.sourceDateEpoch("315532800")
    for member in source.members {
      switch member.name {
      case "six.py": try writer.addFile(name: "six.py", contents: six, timestamp: ts)
      case recordName: try writer.addFile(name: recordName, contents: Array(record.utf8), timestamp: ts)
      default: try writer.addCopy(of: member, from: source, timestamp: ts)
      }
    }
    try writer.finish()

    let venv = dir.file("venv")
    let made = try Tool.run(["python3", "-m", "venv", venv])
    #expect(made.status == 0, "\(made.stderr)")
    let installed = try Tool.run([
      venv + "/bin/python", "-m", "pip", "install", "--no-index", "--no-deps",
      "--disable-pip-version-check", "--quiet", wheel,
    ])
    #expect(installed.status == 0, "\(installed.stderr)")
    let imported = try Tool.run([
      venv + "/bin/python", "-c", "import six; assert six.WHEELFS_REWRITTEN; print(six.__version__, six.__file__)",
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.hasPrefix("1.17.0 " + venv))
  }

  @Test func rejectsBadInputWithLocatedErrors() throws {
    let dir = try TemporaryDirectory()
    let ts = DOSTimestamp.earliest
    #expect(zipError { try PreparedMember.file(name: "../x", contents: [], timestamp: ts) } == .invalidMemberName("../x", reason: .dotDotSegment))
    #expect(zipError { try PreparedMember.file(name: "x", contents: [], compression: .deflate(level: 10), timestamp: ts) } == .invalidCompressionLevel(10))
    #expect(zipError { try PreparedMember.symlink(name: "a/l", target: "../../x", timestamp: ts) } == .symlinkEscapesArchive(name: "a/l", target: "../../x"))
    let writer = try ZipWriter(path: dir.file("w.zip"))
    try writer.addFile(name: "a", contents: [1], timestamp: ts)
    #expect(zipError { try writer.addFile(name: "a", contents: [2], timestamp: ts) } == .duplicateMemberName("a"))
    writer.cancel()
    #expect(zipError { try writer.finish() } == .writerClosed)
    let missing = zipError { try ZipWriter(path: "/nonexistent-dir/x.zip") }
    guard case .file(let path, .open, 2)? = missing, path.hasPrefix("/nonexistent-dir/.x.zip.tmp-") else {
      Issue.record("expected ENOENT creating the temporary file, got \(String(describing: missing))")
      return
    }
  }

  /// Output appears only on finish(): until then only a hidden 0644 temporary file exists in the
  /// destination directory; cancelling or dropping the writer removes it and keeps the old file.
  @Test func writesAtomically() throws {
    let dir = try TemporaryDirectory()
    let dest = dir.file("out.zip")
    try writeFile(dest, Array("old".utf8))
    let ts = DOSTimestamp.earliest
    do {
      let writer = try ZipWriter(path: dest)
      try writer.addFile(name: "x.txt", contents: Array("new".utf8), timestamp: ts)
      let names = try dir.entries()
      #expect(names.count == 2)
      let temp = try #require(names.first { $0.hasPrefix(".out.zip.tmp-") })
      let attributes = try FileManager.default.attributesOfItem(atPath: dir.file(temp))
      #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
      #expect(try readFile(dest) == Array("old".utf8))
      writer.cancel()
      #expect(try dir.entries() == ["out.zip"])
    }
    do {
      let writer = try ZipWriter(path: dest)
      try writer.addFile(name: "x.txt", contents: Array("new".utf8), timestamp: ts)
      _ = writer  // dropped unfinished
    }
    #expect(try dir.entries() == ["out.zip"])
    #expect(try readFile(dest) == Array("old".utf8))
    let writer = try ZipWriter(path: dest)
    try writer.addFile(name: "x.txt", contents: Array("new".utf8), timestamp: ts)
    try writer.finish()
    #expect(try dir.entries() == ["out.zip"])
    #expect(try ZipArchive(path: dest).data(named: "x.txt") == Array("new".utf8))
    let attributes = try FileManager.default.attributesOfItem(atPath: dest)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
  }

  @Test func symlinksAndDirectoriesRoundTrip() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("links.zip")
    let ts = DOSTimestamp(unixTime: 1_700_000_000)
    let writer = try ZipWriter(path: path)
    try writer.addDirectory(name: "pkg.libs", timestamp: ts)
    try writer.addFile(name: "pkg.libs/libx.so.1", contents: [0x7F, 0x45, 0x4C, 0x46], compression: .stored, permissions: 0o755, timestamp: ts)
    try writer.add(try PreparedMember.symlink(name: "pkg.libs/libx.so", target: "libx.so.1", timestamp: ts))
    try writer.finish()
    let archive = try ZipArchive(path: path)
    #expect(archive.members.map(\.kind) == [.directory, .file, .symlink])
    #expect(archive.members.map(\.unixMode) == [0o40755, 0o100755, 0o120777])
    #expect(try archive.symlinkTarget(of: archive.members[2]) == "libx.so.1")
    #expect(archive.members.allSatisfy { $0.dosTimestamp == ts && $0.hostSystem == 3 })
    let oracle = try ZipOracle.list(path)
    #expect(oracle.map(\.external_attr) == archive.members.map(\.externalAttributes))
    #expect(oracle[0].is_dir && oracle.map(\.create_system) == [3, 3, 3])
  }
}
