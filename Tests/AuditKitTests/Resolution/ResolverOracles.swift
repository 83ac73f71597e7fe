import Foundation
import TestSupport

@testable import AuditKit

/// Access to the oracles the resolver tests compare against: the project's Python venv (with
/// auditwheel 6.8.2), gcc, ldd, and the real file system in a scratch directory.
enum ResolverOracles {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The venv interpreter with auditwheel installed. Fails loudly when it is missing.
  static func python() throws -> String {
    let path = Fixture.root.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw Failure(description: "\(path) is missing: run `make deps` to create the oracle venv")
    }
    return path
  }

  /// Runs `script` with the venv interpreter; `arguments` become `sys.argv[1:]`. Returns stdout
  /// and fails on a non-zero exit.
  static func runPython(
    _ script: String, _ arguments: [String] = [], environment: [String: String]? = nil,
    currentDirectory: String? = nil
  ) throws -> String {
    let result = try Tool.run(
      [try python(), "-c", script] + arguments, environment: environment,
      currentDirectory: currentDirectory)
    guard result.status == 0 else {
      throw Failure(description: "python failed (\(result.status)): \(result.stderr)")
    }
    return result.stdout
  }

  /// Decodes a JSON array of strings or nulls.
  static func jsonStrings(_ text: String) throws -> [String?] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    guard let array = value as? [Any] else { throw Failure(description: "not a JSON array: \(text)") }
    return array.map { $0 as? String }
  }

  /// Encodes strings as a JSON array for passing to Python.
  static func jsonArgument(_ values: [String]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: values), as: UTF8.self)
  }

  /// A fresh scratch directory, removed when `body` returns.
  static func withScratchDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("resolver-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
  }

  /// Compiles C `source` with `compiler` and `flags` into `output`; fails with the compiler's
  /// messages.
  static func compile(
    _ source: String, to output: String, compiler: String = "gcc", flags: [String],
    in directory: String
  ) throws {
    let sourcePath = output + ".c"
    try source.write(toFile: sourcePath, atomically: true, encoding: .utf8)
    let result = try Tool.run([compiler, "-o", output, sourcePath] + flags, currentDirectory: directory)
    guard result.status == 0 else {
      throw Failure(description: "\(compiler) failed: \(result.stderr)")
    }
  }

  /// The host file system with the test-only ELF reader plugged in.
  static var hostFileSystem: HostFileSystem {
    HostFileSystem(linkInfo: { try TestELFReader.read($0) })
  }

  /// `ldd path` parsed into name → path (`nil` for "not found"). The vDSO and the interpreter
  /// line (which has no `=>`) are left out.
  static func ldd(_ path: String, environment: [String: String] = [:]) throws -> [String: String?] {
    // An empty LD_LIBRARY_PATH is ignored by ld.so; it masks whatever the test runner exported.
    let result = try Tool.run(["ldd", path], environment: ["LD_LIBRARY_PATH": ""].merging(environment) { $1 })
    var libraries: [String: String?] = [:]
    for line in result.stdout.split(separator: "\n") {
      let parts = line.trimmingCharacters(in: .whitespaces).components(separatedBy: " => ")
      guard parts.count == 2 else { continue }
      if parts[1].hasPrefix("not found") {
        libraries[parts[0]] = .some(nil)
      } else {
        libraries[parts[0]] = parts[1].components(separatedBy: " (").first
      }
    }
    return libraries
  }

  /// `auditwheel lddtree path` output: the JSON text after the log prefix.
  static func auditwheelLddtree(
    _ path: String, arguments: [String] = [], environment: [String: String] = [:],
    currentDirectory: String
  ) throws -> String {
    var env = environment
    for key in ["LD_LIBRARY_PATH", "AUDITWHEEL_LD_LIBRARY_PATH"] where env[key] == nil { env[key] = "" }
    let result = try Tool.run(
      [try python(), "-m", "auditwheel", "lddtree", path] + arguments, environment: env,
      currentDirectory: currentDirectory)
    let prefix = "INFO:auditwheel.main_lddtree:"
    guard result.status == 0, let range = result.stderr.range(of: prefix) else {
      throw Failure(description: "auditwheel lddtree failed (\(result.status)): \(result.stderr)")
    }
    var json = String(result.stderr[range.upperBound...])
    while json.hasSuffix("\n") { json.removeLast() }
    return json
  }
}
