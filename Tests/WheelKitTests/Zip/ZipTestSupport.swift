import BinaryKit
import Crypto
import Foundation
import TestSupport

@testable import WheelKit

/// A directory under the system temp dir, removed when the value is released.
final class TemporaryDirectory {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "wheelfs-zip-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  func file(_ name: String) -> String { path + "/" + name }

  /// Names of the entries in the directory (hidden ones included).
  func entries() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }
}

/// One member as CPython's zipfile sees it (Tests/scripts/ziporacle.py `list`).
struct OracleMember: Decodable, Equatable {
  let name: String
  let sha256: String
  let crc: UInt32
  let file_size: UInt64
  let compress_size: UInt64
  let method: UInt16
  let flags: UInt16
  let external_attr: UInt32
  let create_system: Int
  let date_time: [Int]
  let header_offset: UInt64
  let is_dir: Bool
  let raw_sha256: String
}

struct OracleFailure: Error, CustomStringConvertible {
  let command: [String]
  let status: Int32
  let stderr: String
  var description: String { "ziporacle.py \(command.joined(separator: " ")) exited \(status): \(stderr)" }
}

/// The Python oracle (CPython's zipfile through Tests/scripts/ziporacle.py).
enum ZipOracle {
  static func script() throws -> String { try Fixture.repoPath("Tests/scripts/ziporacle.py") }

  /// Runs a ziporacle subcommand and returns its stdout; fails with stderr on a non-zero exit.
  @discardableResult
  static func run(_ args: [String]) throws -> String {
    let result = try Tool.run(["python3", try script()] + args)
    guard result.status == 0 else {
      throw OracleFailure(command: args, status: result.status, stderr: result.stderr)
    }
    return result.stdout
  }

  static func list(_ path: String) throws -> [OracleMember] {
    try JSONDecoder().decode([OracleMember].self, from: Data(try run(["list", path]).utf8))
  }

  /// Writes `members` with zipfile.writestr (see `write_spec` in the script).
  static func write(_ members: [[String: Any]], to path: String, options: [String: Any] = [:]) throws {
    let spec = path + ".spec.json"
    let json = try JSONSerialization.data(
      withJSONObject: options.merging(["members": members]) { $1 })
    try json.write(to: URL(fileURLWithPath: spec))
    defer { try? FileManager.default.removeItem(atPath: spec) }
    try run(["write", spec, path])
  }

  /// `python3 -m zipfile -t PATH` exit status and output.
  static func zipfileTest(_ path: String) throws -> Tool.Result {
    try Tool.run(["python3", "-m", "zipfile", "-t", path])
  }
}

/// Deterministic text-like bytes; the same generator as `pattern()` in ziporacle.py.
func pattern(size: Int, seed: UInt32) -> [UInt8] {
  let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
  var out: [UInt8] = []
  out.reserveCapacity(size + 8)
  var x = UInt64(seed)
  while out.count < size {
    x = (x &* 1_103_515_245 &+ 12345) & 0x7FFF_FFFF
    let start = Int(x % 26)
    let length = 1 + Int((x >> 8) % 7)
    out.append(contentsOf: letters[start..<min(26, start + length)])
    out.append((x >> 16) % 5 != 0 ? UInt8(ascii: " ") : UInt8(ascii: "\n"))
  }
  return Array(out.prefix(size))
}

func sha256Hex(_ bytes: [UInt8]) -> String {
  SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

func hexString(_ bytes: some Sequence<UInt8>) -> String {
  bytes.map { String(format: "%02x", $0) }.joined()
}

func readFile(_ path: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Opens an archive from bytes in memory.
func openArchive(_ bytes: [UInt8], limits: ZipLimits = .default) throws(ZipError) -> ZipArchive {
  try ZipArchive(source: InMemoryBytes(bytes), limits: limits)
}

/// The ``ZipError`` thrown by `body`, or nil when it succeeds (other errors are returned as
/// nil too, and then fail the comparison they are used in).
func zipError<T>(_ body: () throws -> T) -> ZipError? {
  do {
    _ = try body()
    return nil
  } catch let error as ZipError {
    return error
  } catch {
    return nil
  }
}
