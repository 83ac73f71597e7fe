import AuditKit
import BinaryKit
import Foundation
import MountKit
import Synchronization

// How `wheelfs mount` builds its tree: the zip reader as the source, the audit as the
// `.audit/` files, the repair (MountRepair.swift) as the `.audit/repair` trigger.

/// Why `wheelfs mount` could not build its tree.
enum MountSourceError: Error, CustomStringConvertible {
  case missing(path: String)
  case noWheels(directory: String)

  var description: String {
    switch self {
    case .missing(let path): "\(path): no such file or directory"
    case .noWheels(let directory): "\(directory): contains no *.whl files"
    }
  }
}

/// The archive behind one wheel file.
func makeSource(path: String, cacheSize: Int) throws -> any MountSource {
  try ZipMountSource(path: path, cacheSize: cacheSize)
}

/// The `.audit/` texts of one wheel, computed on first read from the same archive (and the
/// same cache of inflated members) the mount serves. The library search uses the daemon's
/// `AUDITWHEEL_LD_LIBRARY_PATH` / `LD_LIBRARY_PATH`, as `wheelfs show` does.
func makeAudit(path: String, source: any MountSource, cacheSize: Int) -> any AuditProvider {
  // Set up on the first read of an `.audit/` file, not while mounting (the search
  // environment and the analyzer's policy data are not needed to serve members).
  LazyAuditProvider { makeAuditNow(path: path, source: source, cacheSize: cacheSize) }
}

private func makeAuditNow(path: String, source: any MountSource, cacheSize: Int) -> any AuditProvider {
  let name = URL(fileURLWithPath: path).lastPathComponent
  guard let zip = source as? ZipMountSource else { return UnavailableAuditProvider(wheel: name) }
  let environment = SearchEnvironment.from(environment: ProcessInfo.processInfo.environment)
    .absolutized(against: FileManager.default.currentDirectoryPath)
  do {
    // Members larger than an eighth of the cache are parsed and hashed by streaming (the others
    // are inflated into the cache, where the reads that follow find them): the audit keeps the
    // daemon within its memory bound too.
    return try AuditFileSet(
      archive: zip.archive, name: name, analyzer: WheelAnalyzer(environment: environment),
      wholeMemberLimit: UInt64(cacheSize / 8))
  } catch {
    return FailedAuditProvider(message: "\(name): \(error)")
  }
}

/// An ``AuditProvider`` made on first use, once, whichever file asks first.
final class LazyAuditProvider: AuditProvider {
  private let make: @Sendable () -> any AuditProvider
  private let made = Mutex<(any AuditProvider)?>(nil)

  init(_ make: @escaping @Sendable () -> any AuditProvider) { self.make = make }

  private var provider: any AuditProvider {
    made.withLock { made in
      if let made { return made }
      let provider = make()
      made = provider
      return provider
    }
  }

  func policy() throws -> String { try provider.policy() }
  func symbols() throws -> String { try provider.symbols() }
  func needed() throws -> String { try provider.needed() }
  func reportJSON() throws -> String { try provider.reportJSON() }
  func record() throws -> String { try provider.record() }
}

/// `.audit/*` of a wheel whose audit could not even start: every file reads as the error.
struct FailedAuditProvider: AuditProvider {
  let message: String
  func policy() throws -> String { throw CLIFailure(message) }
  func symbols() throws -> String { throw CLIFailure(message) }
  func needed() throws -> String { throw CLIFailure(message) }
  func reportJSON() throws -> String { throw CLIFailure(message) }
  func record() throws -> String { throw CLIFailure(message) }
}

extension AuditFileSet: AuditProvider {}

/// The mounted view of `path`: one wheel at the root, or (for a directory) one subdirectory per
/// `*.whl` file, named after the file without `.whl`. The cache budget is shared between wheels.
func makeTree(path: String, cacheSize: Int, wheelhouse: String) throws -> VirtualTree {
  guard let status = FileStatus(path: path, followingSymlinks: true) else {
    throw MountSourceError.missing(path: path)
  }
  func wheel(_ file: String, cacheSize: Int) throws -> MountedWheel {
    let source = try makeSource(path: file, cacheSize: cacheSize)
    return MountedWheel(
      name: URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent, source: source,
      audit: makeAudit(path: file, source: source, cacheSize: cacheSize),
      repair: makeRepairTrigger(path: file, wheelhouse: wheelhouse))
  }
  guard status.kind == .directory else { return VirtualTree(wheel: try wheel(path, cacheSize: cacheSize)) }
  let files = try FileManager.default.contentsOfDirectory(atPath: path)
    .filter { $0.hasSuffix(".whl") }.sorted()
  guard !files.isEmpty else { throw MountSourceError.noWheels(directory: path) }
  let share = max(1 << 20, cacheSize / files.count)
  return try VirtualTree(
    wheels: files.map { try wheel((path as NSString).appendingPathComponent($0), cacheSize: share) })
}
