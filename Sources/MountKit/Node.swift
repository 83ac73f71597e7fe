/// What a node serves.
enum NodeContent: Sendable {
  /// A directory; children are node indices sorted by name (bytewise UTF-8).
  case directory([Int])
  /// Entry `entry` of wheel `wheel`'s source.
  case member(wheel: Int, entry: Int)
  /// A symbolic link to this target.
  case symlink(String)
  /// An `.audit/` text.
  case computed(ComputedFile)
  /// `.audit/repair`.
  case repair(RepairControl)
}

/// One node of the tree: metadata only, never member content.
struct Node: Sendable {
  var name: String
  var parent: Int
  var kind: NodeKind
  /// Size for members, symlinks and directories; computed files report their content's length.
  var size: UInt64
  var permissions: UInt16
  var modificationTime: MountTime
  var linkCount: UInt32
  var content: NodeContent
}

/// An entry of a source that the tree does not show, and why.
public struct SkippedEntry: Sendable, Hashable {
  /// Why an entry is not shown.
  public enum Reason: Sendable, Hashable {
    /// Empty, absolute, or with an empty, `.` or `..` component, a NUL, or a component longer
    /// than 255 bytes.
    case invalidName
    /// Inside the reserved `.audit/` directory of the wheel root.
    case reservedName
    /// A second entry with the same path (the first one is shown).
    case duplicate
    /// A path that needs a directory where a file or symlink already is, or vice versa.
    case typeConflict
    /// A symlink entry without a target.
    case missingSymlinkTarget
  }

  /// The wheel's directory name (single-wheel mounts: the wheel's name too).
  public var wheel: String
  /// The entry's name in the archive.
  public var path: String
  /// Why it is not shown.
  public var reason: Reason
}

/// Splits and validates archive member names.
enum MemberPath {
  /// `path` without its trailing `/` (a directory marker), or `nil` if the name is not a safe
  /// relative path: empty, absolute, or with a component that is empty, `.`, `..`, longer than
  /// 255 bytes or holds a NUL. Checked bytewise, without splitting (this runs once per member
  /// while mounting).
  static func validated(_ path: String) -> Substring? {
    var name = Substring(path)
    if name.utf8.last == UInt8(ascii: "/") { name = name.dropLast() }
    var componentLength = 0
    var dots = 0
    for byte in name.utf8 {
      if byte == UInt8(ascii: "/") {
        guard componentLength > 0, componentLength != dots || dots > 2 else { return nil }
        componentLength = 0
        dots = 0
        continue
      }
      if byte == 0 { return nil }
      componentLength += 1
      if byte == UInt8(ascii: ".") { dots += 1 }
      if componentLength > 255 { return nil }
    }
    guard componentLength > 0, componentLength != dots || dots > 2 else { return nil }
    return name
  }

  /// A single directory-entry name: non-empty, not `.`/`..`, no `/` or NUL, at most 255 bytes.
  static func isValidName(_ name: Substring) -> Bool {
    !name.isEmpty && name != "." && name != ".." && name.utf8.count <= 255
      && !name.utf8.contains(0) && !name.utf8.contains(UInt8(ascii: "/"))
  }

  /// Bytewise UTF-8 order, the order of `LC_ALL=C ls`.
  static func precedes(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }
}
