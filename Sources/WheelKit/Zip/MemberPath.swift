/// Why a member name (or symlink target) is refused.
public enum NameProblem: String, Hashable, Sendable {
  case invalidUTF8 = "is not valid UTF-8"
  case empty = "is empty"
  case absolute = "is an absolute path"
  case backslash = "contains a backslash"
  case nul = "contains a NUL byte"
  case dotDotSegment = "contains a '..' segment"
  case dotSegment = "contains a '.' segment"
  case emptySegment = "contains an empty segment ('//')"
  case tooLong = "is too long"
}

/// Rules for member names: every name must be a relative, normalised POSIX path that stays
/// inside the archive root when extracted or mounted.
enum MemberPath {
  /// The first problem with `name`, or nil when it is acceptable. A trailing `/` (a directory
  /// entry) is allowed.
  static func problem(with name: String) -> NameProblem? {
    problem(withBytes: Array(name.utf8)[...])
  }

  /// The same rules over the raw name bytes (which are known to be valid UTF-8, or are
  /// refused for that first).
  static func problem(withBytes bytes: ArraySlice<UInt8>) -> NameProblem? {
    guard let first = bytes.first, let last = bytes.last else { return .empty }
    if first == UInt8(ascii: "/") { return .absolute }
    let end = last == UInt8(ascii: "/") ? bytes.endIndex - 1 : bytes.endIndex
    if end == bytes.startIndex { return .emptySegment }
    var segmentLength = 0
    var dots = 0
    var i = bytes.startIndex
    while i < end {
      let byte = bytes[i]
      i += 1
      switch byte {
      case 0: return .nul
      case UInt8(ascii: "\\"): return .backslash
      case UInt8(ascii: "/"):
        if let p = segmentProblem(length: segmentLength, dots: dots) { return p }
        segmentLength = 0
        dots = 0
        continue
      case UInt8(ascii: "."): dots += 1
      default: break
      }
      segmentLength += 1
    }
    return segmentProblem(length: segmentLength, dots: dots)
  }

  private static func segmentProblem(length: Int, dots: Int) -> NameProblem? {
    if length == 0 { return .emptySegment }
    if length == dots {
      if length == 1 { return .dotSegment }
      if length == 2 { return .dotDotSegment }
    }
    return nil
  }

  /// Whether a symlink at `name` pointing to `target` stays inside the archive root, resolving
  /// the target lexically from the link's directory. Absolute targets always escape.
  static func symlinkStaysInside(name: String, target: String) -> Bool {
    if target.hasPrefix("/") { return false }
    var depth = name.split(separator: "/", omittingEmptySubsequences: true).count - 1
    for segment in target.split(separator: "/", omittingEmptySubsequences: true) {
      switch segment {
      case ".": continue
      case "..":
        depth -= 1
        if depth < 0 { return false }
      default: depth += 1
      }
    }
    return true
  }
}
