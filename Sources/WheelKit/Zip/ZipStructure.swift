/// Which structure of a zip archive an error is about.
public enum ZipStructure: Hashable, Sendable, CustomStringConvertible {
  /// The end-of-central-directory record (`PK\5\6`).
  case endOfCentralDirectory
  /// The ZIP64 end-of-central-directory locator (`PK\6\7`).
  case zip64Locator
  /// The ZIP64 end-of-central-directory record (`PK\6\6`).
  case zip64EndOfCentralDirectory
  /// The central directory as a whole.
  case centralDirectory
  /// The central directory header of the member at `index` (0-based, in directory order).
  case centralDirectoryEntry(index: Int)
  /// The local file header of the named member.
  case localHeader(member: String)
  /// The (compressed) data of the named member.
  case memberData(member: String)

  public var description: String {
    switch self {
    case .endOfCentralDirectory: "end-of-central-directory record"
    case .zip64Locator: "ZIP64 end-of-central-directory locator"
    case .zip64EndOfCentralDirectory: "ZIP64 end-of-central-directory record"
    case .centralDirectory: "central directory"
    case .centralDirectoryEntry(let index): "central directory entry #\(index)"
    case .localHeader(let member): "local header of '\(member)'"
    case .memberData(let member): "data of '\(member)'"
    }
  }
}
