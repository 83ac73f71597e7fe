import Foundation

/// Locates build-time fixtures and fails loudly when they are missing.
///
/// Fixtures are built by `make fixtures` (`Fixtures/Makefile`) into `Fixtures/build/`. A test
/// that needs one calls ``Fixture/path(_:)``, which throws a message naming the make target
/// instead of letting the test skip.
public enum Fixture {
  /// The repository root, found from this source file's location.
  public static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
  }()

  public struct Missing: Error, CustomStringConvertible {
    public let path: String
    public var description: String {
      "fixture \(path) is missing: run `make fixtures` (or `make test`, which builds them first)"
    }
  }

  /// Absolute path of `relative` under `Fixtures/build/`, which must exist.
  public static func path(_ relative: String) throws -> String {
    try existing(root.appendingPathComponent("Fixtures/build").appendingPathComponent(relative).path)
  }

  /// Absolute path of `relative` under the repository root, which must exist.
  public static func repoPath(_ relative: String) throws -> String {
    try existing(root.appendingPathComponent(relative).path)
  }

  private static func existing(_ path: String) throws -> String {
    guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
    return path
  }
}
