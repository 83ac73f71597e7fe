import BinaryKit
import Foundation

/// The real file system, through Foundation's `FileManager`.
///
/// ELF parsing is injected: pass a closure that reads ``ELFLinkInfo`` from a path (the ELFKit
/// adapter), returning `nil` for files that are not ELF.
public struct HostFileSystem: ResolverFileSystem {
  /// Reads link information from the ELF file at a path; `nil` when it is not an ELF file.
  public typealias LinkInfoReader = @Sendable (String) throws -> ELFLinkInfo?

  /// Text files larger than this are treated as unreadable (ld.so.conf files are tiny).
  public static let textFileLimit = 1 << 20

  private let readLinkInfo: LinkInfoReader

  public init(linkInfo: @escaping LinkInfoReader) {
    self.readLinkInfo = linkInfo
  }

  public func entryKind(atPath path: String) -> FileEntryKind? {
    FileStatus(path: path).map { FileEntryKind($0.kind) }
  }

  public func symbolicLinkTarget(atPath path: String) -> String? {
    guard entryKind(atPath: path) == .symbolicLink else { return nil }
    return try? FileManager.default.destinationOfSymbolicLink(atPath: path)
  }

  public func directoryContents(atPath path: String) -> [String]? {
    try? FileManager.default.contentsOfDirectory(atPath: path)
  }

  public func readTextFile(atPath path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: HostFileSystem.textFileLimit + 1) ?? Data()
    } catch {
      return nil
    }
    guard data.count <= HostFileSystem.textFileLimit else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  public func linkInfo(atPath path: String) throws -> ELFLinkInfo? {
    try readLinkInfo(path)
  }
}
