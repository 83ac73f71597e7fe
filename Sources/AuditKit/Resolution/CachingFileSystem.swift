import Synchronization

/// A ``ResolverFileSystem`` that remembers each file's link information, so the ELF files shared
/// by many roots (libc, libstdc++) are parsed once per wheel rather than once per root.
///
/// Only ``linkInfo(atPath:)`` is cached (it is the only expensive question); a failure is
/// cached as its message and rethrown as ``CachedReadError``. Safe to share between threads.
public final class CachingFileSystem: ResolverFileSystem {
  /// A read failure remembered from the first attempt.
  public struct CachedReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
  }

  private enum Entry {
    case info(ELFLinkInfo?)
    case failure(String)
  }

  private let base: any ResolverFileSystem
  private let cache = Mutex<[String: Entry]>([:])

  public init(_ base: any ResolverFileSystem) {
    self.base = base
  }

  /// How many distinct paths have been read.
  public var cachedCount: Int { cache.withLock { $0.count } }

  public func linkInfo(atPath path: String) throws -> ELFLinkInfo? {
    if let entry = cache.withLock({ $0[path] }) { return try Self.unwrap(entry) }
    let entry: Entry
    do {
      entry = .info(try base.linkInfo(atPath: path))
    } catch {
      entry = .failure("\(error)")
    }
    cache.withLock { $0[path] = entry }
    return try Self.unwrap(entry)
  }

  private static func unwrap(_ entry: Entry) throws -> ELFLinkInfo? {
    switch entry {
    case .info(let info): return info
    case .failure(let message): throw CachedReadError(description: message)
    }
  }

  public func entryKind(atPath path: String) -> FileEntryKind? { base.entryKind(atPath: path) }
  public func symbolicLinkTarget(atPath path: String) -> String? { base.symbolicLinkTarget(atPath: path) }
  public func directoryContents(atPath path: String) -> [String]? { base.directoryContents(atPath: path) }
  public func readTextFile(atPath path: String) -> String? { base.readTextFile(atPath: path) }
}
