/// Lexical path operations, spelled exactly like Python's `posixpath` and `pathlib`.
///
/// auditwheel builds every path it reports with these functions, so the `.auditwheel` mode must
/// use the same lexical rules to produce byte-identical strings (`os.path.join` discarding the
/// left side before an absolute right side, `normpath` keeping exactly two leading slashes, and
/// so on). None of these touch the file system.
enum PathSyntax {
  static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

  /// `posixpath.join(a, b)`.
  static func join(_ a: String, _ b: String) -> String {
    if b.hasPrefix("/") { return b }
    if a.isEmpty || a.hasSuffix("/") { return a + b }
    return a + "/" + b
  }

  /// `posixpath.dirname`: everything before the last slash, trailing slashes removed unless the
  /// head is made only of slashes.
  static func dirname(_ path: String) -> String {
    let bytes = Array(path.utf8)
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    var head = Array(bytes[...slash])
    if !head.allSatisfy({ $0 == UInt8(ascii: "/") }) {
      while head.last == UInt8(ascii: "/") { head.removeLast() }
    }
    return String(decoding: head, as: UTF8.self)
  }

  /// `posixpath.basename`: everything after the last slash.
  static func basename(_ path: String) -> String {
    let bytes = Array(path.utf8)
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return path }
    return String(decoding: bytes[(slash + 1)...], as: UTF8.self)
  }

  /// `posixpath.normpath`: collapses `.`, `..` and repeated slashes lexically. Two leading
  /// slashes are kept (POSIX leaves their meaning to the implementation); three or more become one.
  static func normpath(_ path: String) -> String {
    if path.isEmpty { return "." }
    var initialSlashes = path.hasPrefix("/") ? 1 : 0
    if path.hasPrefix("//") && !path.hasPrefix("///") { initialSlashes = 2 }
    var components: [Substring] = []
    for component in path.split(separator: "/", omittingEmptySubsequences: true) {
      if component == "." { continue }
      if component != ".."
        || (initialSlashes == 0 && components.isEmpty)
        || (components.last == "..")
      {
        components.append(component)
      } else if !components.isEmpty {
        components.removeLast()
      }
    }
    let joined = String(repeating: "/", count: initialSlashes) + components.joined(separator: "/")
    return joined.isEmpty ? "." : joined
  }

  /// auditwheel's `lddtree.normpath`: `os.path.normpath(path).replace("//", "/")`.
  static func auditwheelNormpath(_ path: String) -> String {
    replacingDoubleSlashes(normpath(path))
  }

  /// `str.replace("//", "/")`: non-overlapping, left to right.
  static func replacingDoubleSlashes(_ text: String) -> String {
    var out: [UInt8] = []
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
        out.append(UInt8(ascii: "/"))
        index += 2
      } else {
        out.append(bytes[index])
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// `posixpath.abspath` with an explicit working directory instead of `os.getcwd()`.
  static func abspath(_ path: String, cwd: String) -> String {
    normpath(absolute(path, cwd: cwd))
  }

  /// `path` made absolute against `cwd`, without any normalisation.
  static func absolute(_ path: String, cwd: String) -> String {
    isAbsolute(path) ? path : join(cwd, path)
  }

  /// `str(pathlib.PurePosixPath(path))`: drops empty and `.` components, keeps `..`, keeps a
  /// root of exactly two slashes.
  static func purePosix(_ path: String) -> String {
    var root = ""
    if path.hasPrefix("//") && !path.hasPrefix("///") {
      root = "//"
    } else if path.hasPrefix("/") {
      root = "/"
    }
    let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    let text = root + parts.joined(separator: "/")
    return text.isEmpty ? "." : text
  }

  /// The components of `path` for a walk from the root: empty components are dropped.
  static func components(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }
}
