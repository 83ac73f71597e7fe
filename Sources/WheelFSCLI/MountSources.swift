import Foundation
import MountKit

// The seam between `wheelfs mount` and the layers that are not merged yet (zip reader, audit,
// repair). `makeSource(path:cacheSize:)`, `makeAudit` and `makeRepairTrigger` are the three
// functions to replace; everything else is final.

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

/// The `.audit/` texts of one wheel. Placeholder until the audit lands.
func makeAudit(path: String, source: any MountSource) -> any AuditProvider {
  UnavailableAuditProvider(wheel: URL(fileURLWithPath: path).lastPathComponent)
}

/// The `.audit/repair` hook of one wheel. Placeholder until the repair lands.
func makeRepairTrigger(path: String, wheelhouse: String) -> RepairTrigger {
  { tag in .failed("repair to \(tag) is not available in this build\n", errno: ENOSYS) }
}

/// The mounted view of `path`: one wheel at the root, or (for a directory) one subdirectory per
/// `*.whl` file, named after the file without `.whl`. The cache budget is shared between wheels.
func makeTree(path: String, cacheSize: Int, wheelhouse: String) throws -> VirtualTree {
  guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
    throw MountSourceError.missing(path: path)
  }
  func wheel(_ file: String, cacheSize: Int) throws -> MountedWheel {
    let source = try makeSource(path: file, cacheSize: cacheSize)
    return MountedWheel(
      name: URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent, source: source,
      audit: makeAudit(path: file, source: source),
      repair: makeRepairTrigger(path: file, wheelhouse: wheelhouse))
  }
  guard attributes[.type] as? FileAttributeType == .typeDirectory else { return VirtualTree(wheel: try wheel(path, cacheSize: cacheSize)) }
  let files = try FileManager.default.contentsOfDirectory(atPath: path)
    .filter { $0.hasSuffix(".whl") }.sorted()
  guard !files.isEmpty else { throw MountSourceError.noWheels(directory: path) }
  let share = max(1 << 20, cacheSize / files.count)
  return try VirtualTree(
    wheels: files.map { try wheel((path as NSString).appendingPathComponent($0), cacheSize: share) })
}
