import Foundation

/// Runs Python snippets against the pinned oracle venv (auditwheel 6.8.2, packaging).
///
/// The interpreter is `$WHEELFS_PYTHON`, else the repository's `.venv/bin/python` (created by
/// `make venv`). A missing interpreter fails the test with a message saying how to get it.
public enum PythonOracle {
  public struct Missing: Error, CustomStringConvertible {
    public var description: String {
      "Python oracle not found: run `make venv` or set WHEELFS_PYTHON to a python with auditwheel 6.8.2"
    }
  }

  public struct Failed: Error, CustomStringConvertible {
    public let status: Int32
    public let stderr: String
    public var description: String { "oracle script failed (exit \(status)):\n\(stderr)" }
  }

  public static func interpreter() throws -> String {
    if let env = ProcessInfo.processInfo.environment["WHEELFS_PYTHON"], !env.isEmpty { return env }
    let local = Fixture.root.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: local) else { throw Missing() }
    return local
  }

  /// Runs `script` with the path of a temporary file holding `input` as `sys.argv[1]`, and
  /// returns its standard output. Throws when the script exits non-zero.
  public static func run(_ script: String, input: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wheelfs-oracle-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let scriptURL = directory.appendingPathComponent("oracle.py")
    let inputURL = directory.appendingPathComponent("input.json")
    try script.write(to: scriptURL, atomically: true, encoding: .utf8)
    try input.write(to: inputURL, atomically: true, encoding: .utf8)
    let result = try Tool.run([try interpreter(), scriptURL.path, inputURL.path])
    guard result.status == 0 else { throw Failed(status: result.status, stderr: result.stderr) }
    return result.stdout
  }

  /// `run` with JSON in and out.
  public static func json(_ script: String, _ input: Any) throws -> Any {
    let data = try JSONSerialization.data(withJSONObject: input, options: [.sortedKeys])
    let output = try run(script, input: String(decoding: data, as: UTF8.self))
    return try JSONSerialization.jsonObject(with: Data(output.utf8))
  }
}
