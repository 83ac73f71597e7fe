import Foundation
import MountKit
import Synchronization
import Testing

/// A member of a fake wheel: an entry and its bytes.
typealias Member = (entry: MountEntry, content: [UInt8])

/// Builders for fake wheels and providers shared by the MountKit tests.
enum Fake {
  static let archiveTime = MountTime(seconds: 1_700_000_000, nanoseconds: 5)

  static func file(_ path: String, _ text: String, mode: UInt16? = 0o644, seconds: Int64 = 1_600_000_000) -> Member {
    (MountEntry(path: path, kind: .file, mode: mode, modificationTime: MountTime(seconds: seconds)), Array(text.utf8))
  }

  static func bytes(_ path: String, count: Int, seed: UInt8 = 7) -> Member {
    let content = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ ($0 >> 9)) ^ seed }
    return (MountEntry(path: path, kind: .file, mode: 0o644, modificationTime: MountTime(seconds: 1_600_000_000)), content)
  }

  static func symlink(_ path: String, to target: String?) -> Member {
    (MountEntry(path: path, kind: .symlink, modificationTime: MountTime(seconds: 1_600_000_001), symlinkTarget: target), [])
  }

  static func directory(_ path: String, seconds: Int64) -> Member {
    (MountEntry(path: path, kind: .directory, mode: 0o700, modificationTime: MountTime(seconds: seconds)), [])
  }

  static func wheel(
    _ members: [Member], name: String = "pkg-1.0", time: MountTime? = archiveTime,
    audit: any AuditProvider = TextAudit(), repair: @escaping RepairTrigger = { .success("repaired to \($0)") }
  ) -> MountedWheel {
    MountedWheel(name: name, source: InMemorySource(members, modificationTime: time), audit: audit, repair: repair)
  }

  static func tree(_ members: [Member], time: MountTime? = archiveTime) -> VirtualTree {
    VirtualTree(wheel: wheel(members, time: time))
  }
}

/// An audit provider with fixed texts that counts how often each is asked for.
final class TextAudit: AuditProvider {
  let calls = Atomic<Int>(0)
  let prefix: String
  init(prefix: String = "") { self.prefix = prefix }

  private func text(_ name: String) -> String {
    calls.add(1, ordering: .relaxed)
    return "\(prefix)\(name) text\n"
  }

  func policy() throws -> String { text("policy") }
  func symbols() throws -> String { text("symbols") }
  func needed() throws -> String { text("needed") }
  func reportJSON() throws -> String { text("report.json") }
  func record() throws -> String { text("record") }
}

/// A source that fails or records what it is asked for.
final class ProbeSource: MountSource {
  struct Failure: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
  }

  let base: InMemorySource
  let failing: Set<Int>
  /// Whether whole contents are offered for the page cache (as a cache of inflated members does).
  let resident: Bool
  let requests = Mutex<[(entry: Int, offset: UInt64, count: Int)]>([])
  let contents: [[UInt8]]

  init(_ members: [Member], failing: Set<Int> = [], resident: Bool = false) {
    base = InMemorySource(members, modificationTime: Fake.archiveTime)
    self.failing = failing
    self.resident = resident
    contents = members.map(\.content)
  }

  func residentContent(entry: Int) -> ResidentContent? { resident ? ResidentContent(bytes: contents[entry]) : nil }

  var entries: [MountEntry] { base.entries }
  var modificationTime: MountTime? { base.modificationTime }

  func read(entry: Int, offset: UInt64, count: Int) throws -> [UInt8] {
    requests.withLock { $0.append((entry, offset, count)) }
    if failing.contains(entry) { throw Failure() }
    return try base.read(entry: entry, offset: offset, count: count)
  }
}

extension VirtualTree {
  /// Reads a whole file in `chunk`-sized reads, as the kernel would.
  func readAll(_ path: String, chunk: Int = 4096) throws -> [UInt8] {
    var result: [UInt8] = []
    while true {
      let bytes = try read(path, offset: UInt64(result.count), count: chunk)
      if bytes.isEmpty { return result }
      result += bytes
    }
  }

  func text(_ path: String) throws -> String { String(decoding: try readAll(path), as: UTF8.self) }
}

/// Expects `body` to throw a ``MountError`` with `code`.
func expectError(
  _ code: MountError.Code, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("expected \(code), nothing was thrown", sourceLocation: sourceLocation)
  } catch let error as MountError {
    #expect(error.code == code, sourceLocation: sourceLocation)
  } catch {
    Issue.record("expected a MountError, got \(error)", sourceLocation: sourceLocation)
  }
}

/// A thread-safe list of strings (what triggers were called with).
final class Log: Sendable {
  private let lines = Mutex<[String]>([])
  func append(_ line: String) { lines.withLock { $0.append(line) } }
  var all: [String] { lines.withLock { $0 } }
}
