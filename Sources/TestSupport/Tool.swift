import Foundation
import Synchronization

/// Runs external oracle tools (readelf, python3, auditwheel) from tests.
public enum Tool {
  public struct Result: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
  }

  public struct Failure: Error, CustomStringConvertible {
    public let command: [String]
    public let reason: String
    public var description: String { "\(command.joined(separator: " ")): \(reason)" }
  }

  /// Runs `argv` (looked up on PATH) and captures its output. Throws when the tool is missing so
  /// a test fails with a clear message instead of skipping.
  @discardableResult
  public static func run(
    _ argv: [String], environment: [String: String]? = nil, currentDirectory: String? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = argv
    if let environment {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch {
      throw Failure(command: argv, reason: "cannot start: \(error)")
    }
    // Read both pipes concurrently so a chatty tool cannot fill one and block.
    let errBox = Mutex(Data())
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      let data = err.fileHandleForReading.readDataToEndOfFile()
      errBox.withLock { $0 = data }
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let errData = errBox.withLock { $0 }
    process.waitUntilExit()
    if process.terminationStatus == 127 {
      throw Failure(command: argv, reason: "not installed (exit 127); run `make deps`")
    }
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
