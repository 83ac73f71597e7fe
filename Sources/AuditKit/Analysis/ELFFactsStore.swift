import BinaryKit
import ELFKit
import Synchronization

/// ELF facts by host path, parsed at most once per store (a store lives for one audit, or is
/// shared by many): system libraries such as `libc.so.6` are needed by every extension of a
/// wheel but read once. Thread-safe.
public final class ELFFactsStore: Sendable {
  /// A read failure, remembered as its message.
  public struct ReadFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
  }

  private enum Entry {
    case facts(ELFFacts)
    case notELF
    case failure(String)
  }

  private let entries = Mutex<[String: Entry]>([:])

  public init() {}

  /// The facts of the ELF file at `path`, `nil` when it is not an ELF file.
  ///
  /// - Throws: ``ReadFailure`` when the file cannot be opened or is a damaged ELF file.
  public func facts(atPath path: String) throws(ReadFailure) -> ELFFacts? {
    let entry = entries.withLock { $0[path] } ?? load(path)
    switch entry {
    case .facts(let facts): return facts
    case .notELF: return nil
    case .failure(let message): throw ReadFailure(description: message)
    }
  }

  /// The facts if `path` was already read successfully (no I/O).
  public func cachedFacts(atPath path: String) -> ELFFacts? {
    if case .facts(let facts) = entries.withLock({ $0[path] }) { return facts }
    return nil
  }

  /// Records facts parsed elsewhere (wheel members), so they are never parsed again.
  public func record(_ facts: ELFFacts, atPath path: String) {
    entries.withLock { $0[path] = .facts(facts) }
  }

  /// Records that `path` is not an ELF file.
  public func recordNotELF(atPath path: String) {
    entries.withLock { $0[path] = .notELF }
  }

  /// How many paths have been read or recorded.
  public var count: Int { entries.withLock { $0.count } }

  /// The paths read or recorded, sorted.
  public var paths: [String] { entries.withLock { $0.keys.sorted() } }

  private func load(_ path: String) -> Entry {
    let entry: Entry
    do {
      let file = try FileBytes(path: path)
      do {
        entry = .facts(try ELFFacts.parse(file, symbols: ELFClassification.symbolSelection))
      } catch {
        if case .notELF = error { entry = .notELF } else { entry = .failure("\(path): \(error)") }
      }
    } catch {
      entry = .failure("\(error)")
    }
    entries.withLock { $0[path] = entry }
    return entry
  }
}
