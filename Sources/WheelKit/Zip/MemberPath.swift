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
    scan(bytes).problem
  }

  /// One pass over a raw name: its first problem, and whether every byte seen is ASCII (only
  /// meaningful when there is no problem, since the scan stops at the first one).
  static func scan(_ bytes: ArraySlice<UInt8>) -> (problem: NameProblem?, isASCII: Bool) {
    guard let first = bytes.first, let last = bytes.last else { return (.empty, true) }
    if first == UInt8(ascii: "/") { return (.absolute, false) }
    let end = last == UInt8(ascii: "/") ? bytes.endIndex - 1 : bytes.endIndex
    if end == bytes.startIndex { return (.emptySegment, false) }
    var segmentLength = 0
    var dots = 0
    var high: UInt8 = 0
    var i = bytes.startIndex
    while i < end {
      let byte = bytes[i]
      i += 1
      high |= byte
      // Only NUL, '.', '/' and '\\' matter; everything else just lengthens the segment.
      if byte > UInt8(ascii: "/") && byte != UInt8(ascii: "\\") || (byte > 0 && byte < UInt8(ascii: ".")) {
        segmentLength += 1
        continue
      }
      switch byte {
      case 0: return (.nul, false)
      case UInt8(ascii: "\\"): return (.backslash, false)
      case UInt8(ascii: "/"):
        if let p = segmentProblem(length: segmentLength, dots: dots) { return (p, false) }
        segmentLength = 0
        dots = 0
        continue
      default: dots += 1  // '.'
      }
      segmentLength += 1
    }
    return (segmentProblem(length: segmentLength, dots: dots), high < 0x80)
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
