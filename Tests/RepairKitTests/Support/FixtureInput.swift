import AuditKit
import BinaryKit
import ELFKit
import Foundation
import PolicyKit
import RepairKit
import TestSupport
import WheelKit

/// Builds a ``RepairInput`` by hand for a fixture wheel, standing in for the audit layer: every
/// ELF member is analysed (ELFKit facts), and its external libraries are the closure of its
/// `DT_NEEDED` names found in the given private directories (nothing else there is on any
/// system path, and everything else the fixtures need is whitelisted or inside the wheel).
enum FixtureInput {
  /// `Fixtures/build/private/lib`.
  static func privateLib() throws -> String { try Fixture.path("private/lib") }

  /// `Fixtures/build/wheels/<name>`.
  static func wheel(_ name: String) throws -> String { try Fixture.path("wheels/" + name) }

  /// manylinux_2_5_x86_64 and its alias: what auditwheel picks for the fixture wheels.
  static let manylinux1 = ["manylinux_2_5_x86_64", "manylinux1_x86_64"]

  static func input(
    wheel: String, abis: [String] = manylinux1, libraryDirectories: [String]? = nil,
    options: RepairOptions
  ) throws -> RepairInput {
    let directories = try libraryDirectories ?? [privateLib()]
    let archive = try ZipArchive(path: wheel)
    var elfs: [RepairELF] = []
    for member in archive.members where member.kind == .file {
      let bytes = try archive.data(of: member)
      guard bytes.starts(with: [0x7f, 0x45, 0x4c, 0x46]) else { continue }
      let facts = try ELFFacts.parse(InMemoryBytes(bytes))
      var libpython: [String] = []
      var external: [String: String] = [:]
      var pending = facts.needed
      while let name = pending.popLast() {
        if LibPython.matches(name, extended: false) {
          if facts.needed.contains(name) && !libpython.contains(name) { libpython.append(name) }
          continue
        }
        guard external[name] == nil, let found = locate(name, in: directories) else { continue }
        external[name] = found
        pending += try ELFFacts.parse(FileBytes(path: found)).needed
      }
      elfs.append(
        RepairELF(
          path: member.name, facts: facts,
          externalLibraries: external.keys.sorted().map { ExternalLibrary(soname: $0, realpath: external[$0]) },
          libpythonToRemove: libpython))
    }
    return try RepairInput(wheelPath: wheel, abis: abis, architecture: .x86_64, elfs: elfs, options: options)
  }

  /// The real path of `name` in the first directory holding it.
  static func locate(_ name: String, in directories: [String]) -> String? {
    for directory in directories {
      let path = directory + "/" + name
      if FileManager.default.fileExists(atPath: path) {
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
      }
    }
    return nil
  }
}

/// A temporary directory per test, removed on success.
struct Scratch {
  let path: String

  init(_ name: String = #function) throws {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    path = FileManager.default.temporaryDirectory
      .appendingPathComponent("repair-\(safe)-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }

  /// Names in `relative` (sorted), or [] when it does not exist.
  func list(_ relative: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + relative)) ?? []).sorted()
  }
}
