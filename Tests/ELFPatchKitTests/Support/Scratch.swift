import BinaryKit
import ELFPatchKit
import Foundation
import TestSupport

/// A temporary directory per test, with helpers to read fixtures, patch them and write the
/// results (executable, so they can be run).
struct Scratch {
  let path: String

  /// A fresh directory under the system temporary directory.
  init(_ name: String = #function) throws {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    path = FileManager.default.temporaryDirectory
      .appendingPathComponent("elfpatch-\(safe)-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Removes the directory (tests call it on success; a failed test leaves it to inspect).
  func remove() { try? FileManager.default.removeItem(atPath: path) }

  /// `path/relative`, creating its parent directory.
  func file(_ relative: String) throws -> String {
    let full = path + "/" + relative
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    return full
  }

  /// Writes `bytes` to `relative` with mode 0755 and returns the full path.
  @discardableResult
  func write(_ bytes: [UInt8], to relative: String) throws -> String {
    let full = try file(relative)
    try Data(bytes).write(to: URL(fileURLWithPath: full))
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: full)
    return full
  }

  /// Copies fixture `fixture` (under `Fixtures/build`) to `relative`.
  @discardableResult
  func copy(fixture: String, to relative: String) throws -> String {
    try write(try Fixtures.bytes(fixture), to: relative)
  }
}

/// Fixture bytes and patch shortcuts.
enum Fixtures {
  static func bytes(_ fixture: String) throws -> [UInt8] {
    try FileBytes(path: try Fixture.path(fixture)).readAll()
  }

  static func read(_ path: String) throws -> [UInt8] { try FileBytes(path: path).readAll() }

  /// `fixture` patched with `edits`.
  static func patched(_ fixture: String, _ edits: [ELFEdit]) throws -> [UInt8] {
    try ELFPatcher.patch(bytes: try bytes(fixture), edits: edits, path: fixture)
  }
}
