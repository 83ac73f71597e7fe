import Synchronization

/// A file whose content is produced by a closure on first access, then kept.
///
/// Used for the `.audit/` texts. The first `getattr` or `read` computes the content (so the
/// reported size is always the true size); concurrent first accesses wait for that single
/// computation instead of repeating it. Each file has its own lock, so computing one file never
/// blocks reads of another. A computation that throws does not leave the file unreadable: the
/// error's text becomes the content.
public final class ComputedFile: Sendable {
  private let compute: @Sendable () throws -> [UInt8]
  private let cache = Mutex<[UInt8]?>(nil)

  /// Creates a file whose content is `compute()`'s result, computed at most once.
  public init(_ compute: @escaping @Sendable () throws -> [UInt8]) {
    self.compute = compute
  }

  /// A file whose content is the UTF-8 of `compute()`'s result, computed at most once.
  public static func text(_ compute: @escaping @Sendable () throws -> String) -> ComputedFile {
    ComputedFile { Array(try compute().utf8) }
  }

  /// The content, computing it on the first call.
  public var content: [UInt8] {
    cache.withLock { cached in
      if let cached { return cached }
      let bytes: [UInt8]
      do {
        bytes = try compute()
      } catch {
        bytes = Array("error: \(MountError.describe(error))\n".utf8)
      }
      cached = bytes
      return bytes
    }
  }

  /// Whether the content has been computed already.
  public var isComputed: Bool { cache.withLock { $0 != nil } }
}
