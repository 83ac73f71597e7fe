import BinaryKit
import Crypto
import ELFKit
import Foundation

/// Reads the host libraries a repair grafts, each file exactly once: the planner gets its
/// ``GraftSource`` (hash, needed entries, search path, mode), the executor its bytes.
///
/// Not thread-safe: one repair uses it from one thread.
public final class HostLibraries {
  private struct Entry {
    var bytes: [UInt8]
    var source: GraftSource
  }

  private var entries: [String: Entry] = [:]

  public init() {}

  /// The facts of the library at `realpath`, reading it on first use.
  ///
  /// - Throws: ``RepairError/hostLibraryUnreadable(_:)``, ``RepairError/hostLibraryNotELF(path:_:)``.
  public func source(_ realpath: String) throws(RepairError) -> GraftSource {
    try entry(realpath).source
  }

  /// The bytes of the library at `realpath` (the same bytes ``source(_:)`` hashed).
  public func bytes(_ realpath: String) throws(RepairError) -> [UInt8] {
    try entry(realpath).bytes
  }

  private func entry(_ realpath: String) throws(RepairError) -> Entry {
    if let cached = entries[realpath] { return cached }
    let file: FileBytes
    do { file = try FileBytes(path: realpath) } catch { throw .hostLibraryUnreadable(error) }
    let bytes: [UInt8]
    do { bytes = try file.readAll() } catch {
      throw .hostLibraryUnreadable(FileError(path: realpath, operation: .read, errno: EIO))
    }
    let facts: ELFFacts
    do { facts = try ELFFacts.parse(InMemoryBytes(bytes)) } catch {
      throw .hostLibraryNotELF(path: realpath, error)
    }
    let digest = SHA256.hash(data: bytes).map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
    let mode = (try? FileManager.default.attributesOfItem(atPath: realpath)[.posixPermissions])
      .flatMap { $0 as? NSNumber }.map { UInt32(truncating: $0) } ?? 0o644
    let entry = Entry(
      bytes: bytes,
      source: GraftSource(realpath: realpath, sha256: digest, facts: facts, permissions: mode & 0o7777))
    entries[realpath] = entry
    return entry
  }
}
