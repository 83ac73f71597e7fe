import BinaryKit
import Foundation

/// The files of an unpacked wheel directory (auditwheel #697), or of a single ELF file.
///
/// Regular files only: symbolic links and special files are not listed (a wheel cannot carry
/// them; `zipfile` extracts a symlink member as a regular file holding the target text).
public struct DirectoryWheelContents: WheelContents {
  /// The directory (absolute), or the single file's directory.
  public let root: String
  public let files: [ContentMember]

  /// Lists every regular file under `root`, sorted by path (a directory has no archive order).
  public init(directory root: String) throws(AuditError) {
    let base = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    guard HostPath.kind(base) == .directory else { throw .fileNotFound(path: root) }
    var found: [ContentMember] = []
    let enumerator = FileManager.default.enumerator(atPath: base)
    while let relative = enumerator?.nextObject() as? String {
      let full = base + "/" + relative
      guard let status = FileStatus(path: full), status.kind == .regular else { continue }
      found.append(ContentMember(name: relative, size: status.size))
    }
    self.root = base
    self.files = found.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
  }

  /// A one-file "wheel": the ELF file at `path`, listed under its file name.
  public init(file path: String) {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    self.root = directory.isEmpty ? "/" : directory
    self.files = [ContentMember(name: name, size: FileStatus(path: path, followingSymlinks: true)?.size ?? 0)]
  }

  /// The host path of `member`.
  public func path(of member: ContentMember) -> String {
    root == "/" ? "/" + member.name : root + "/" + member.name
  }

  private func open(_ member: ContentMember) throws(AuditError) -> FileBytes {
    do { return try FileBytes(path: path(of: member)) } catch {
      throw .unreadableMember(name: member.name, error)
    }
  }

  public func prefix(of member: ContentMember, count: Int) throws(AuditError) -> [UInt8] {
    let file = try open(member)
    let available = Int(min(UInt64(count), file.size))
    do { return try file.read(at: 0, count: available) } catch {
      throw .unreadableMember(name: member.name, FileError(path: file.path, operation: .read, errno: 5))
    }
  }

  public func source(of member: ContentMember) throws(AuditError) -> any ByteSource {
    try open(member)
  }

  public func bytes(of member: ContentMember) throws(AuditError) -> [UInt8] {
    let file = try open(member)
    do { return try file.readAll() } catch {
      throw .unreadableMember(name: member.name, FileError(path: file.path, operation: .read, errno: 5))
    }
  }
}

/// What a host path names once symbolic links are followed (`stat`).
enum HostPath {
  static func kind(_ path: String) -> FileEntryKind? {
    FileStatus(path: path, followingSymlinks: true).map { FileEntryKind($0.kind) }
  }
}
