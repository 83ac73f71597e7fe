import ELFKit

/// The search path rules of auditwheel's `repair_wheel` and `append_rpath_within_wheel`,
/// over wheel-relative `/`-separated paths. Pure: no file system is consulted.
public enum SearchPathRules {
  /// The entry that lets the ELF at `elfPath` find the grafted libraries:
  /// `$ORIGIN/` + the relative path from the ELF's directory to `librariesDirectory`
  /// (`$ORIGIN/pkg.libs` for a top-level module, `$ORIGIN/../pkg.libs` for `pkg/_ext.so`).
  public static func librariesEntry(elfPath: String, librariesDirectory: String) -> String {
    let relative = relativePath(to: components(librariesDirectory), from: directory(of: elfPath))
    return relative.isEmpty ? "$ORIGIN" : "$ORIGIN/" + relative.joined(separator: "/")
  }

  /// auditwheel's `append_rpath_within_wheel`: the existing entries that stay inside the wheel,
  /// then `adding`, without duplicates (first occurrence kept).
  ///
  /// An existing entry is kept when, after expanding `$ORIGIN`/`${ORIGIN}` to the ELF's
  /// directory and `$LIB`/`$PLATFORM` (and their braced forms) for `architecture`, it is an
  /// absolute path inside the wheel (the root itself included). Relative entries, empty entries
  /// and absolute paths outside the wheel are dropped.
  ///
  /// auditwheel expands `$LIB` and `$PLATFORM` from the host Python instead; their values
  /// (`lib64`, `x86_64`…) are single path components, so the decision is the same either way.
  public static func merged(
    existing: [String], adding: String, elfPath: String, architecture: BaseArchitecture
  ) -> [String] {
    let directory = directory(of: elfPath)
    var seen: Set<String> = []
    var result: [String] = []
    for entry in existing + [adding] where entry == adding || isInsideWheel(entry, elfDirectory: directory, architecture: architecture) {
      if seen.insert(entry).inserted { result.append(entry) }
    }
    return result
  }

  /// Whether `entry` names a directory inside the wheel once its tokens are expanded for an
  /// ELF in `elfDirectory` (wheel-relative components).
  public static func isInsideWheel(
    _ entry: String, elfDirectory: [String], architecture: BaseArchitecture
  ) -> Bool {
    // The wheel root as a directory name no real path can contain (it holds a NUL).
    let root = "\u{0}wheel-root"
    let origin = "/" + ([root] + elfDirectory).joined(separator: "/")
    var expanded = entry
    for (token, value) in [
      ("ORIGIN", origin), ("LIB", libDirectory(architecture)), ("PLATFORM", platformName(architecture)),
    ] {
      expanded = replacing("$" + token, with: value, in: expanded)
      expanded = replacing("${" + token + "}", with: value, in: expanded)
    }
    guard expanded.unicodeScalars.first == "/" else { return false }
    return normalized(expanded).first == root
  }

  /// What `$LIB` stands for: `lib64` on 64-bit architectures, else `lib`.
  public static func libDirectory(_ architecture: BaseArchitecture) -> String {
    switch architecture {
    case .i686, .armv7l: "lib"
    default: "lib64"
    }
  }

  /// What `$PLATFORM` stands for: the architecture's `uname -m` name.
  public static func platformName(_ architecture: BaseArchitecture) -> String {
    architecture.rawValue
  }

  /// The directory components of a member path (`a/b/c.so` → `[a, b]`).
  static func directory(of path: String) -> [String] {
    Array(components(path).dropLast())
  }

  /// The non-empty, non-`.` components of a relative path.
  static func components(_ path: String) -> [String] {
    path.split(separator: "/").map(String.init).filter { $0 != "." }
  }

  /// `os.path.relpath(to, from)` for wheel-relative directories (`[]` when they are equal).
  static func relativePath(to target: [String], from start: [String]) -> [String] {
    let target = normalizedRelative(target), start = normalizedRelative(start)
    var common = 0
    while common < min(target.count, start.count), target[common] == start[common] { common += 1 }
    return Array(repeating: "..", count: start.count - common) + target[common...]
  }

  /// Components of an absolute path after resolving `.` and `..` lexically (`..` at the root
  /// stays at the root, as in POSIX).
  static func normalized(_ absolute: String) -> [String] {
    normalizedRelative(absolute.split(separator: "/").map(String.init))
  }

  private static func normalizedRelative(_ parts: [String]) -> [String] {
    var out: [String] = []
    for part in parts where !part.isEmpty && part != "." {
      if part == ".." {
        if !out.isEmpty { out.removeLast() }
      } else {
        out.append(part)
      }
    }
    return out
  }

  /// Python's `str.replace`: every non-overlapping occurrence, left to right, by code point.
  static func replacing(_ needle: String, with value: String, in text: String) -> String {
    let s = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
    guard !n.isEmpty, s.count >= n.count else { return text }
    var out = String.UnicodeScalarView()
    var i = 0
    while i < s.count {
      if i + n.count <= s.count, Array(s[i..<(i + n.count)]) == n {
        out.append(contentsOf: value.unicodeScalars)
        i += n.count
      } else {
        out.append(s[i])
        i += 1
      }
    }
    return String(out)
  }
}
