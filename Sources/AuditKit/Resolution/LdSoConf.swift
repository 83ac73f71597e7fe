/// Readers of `/etc/ld.so.conf` and musl's `/etc/ld-musl-<arch>.path`.
///
/// Two flavours, because glibc's `ldconfig` and auditwheel read the same file differently.
/// Both guard against `include` cycles (a file including itself) with a depth limit, where
/// ldconfig and auditwheel would recurse until they fail.
enum LdSoConf {
  static let maximumIncludeDepth = 16

  /// The directories `ldconfig` would put in the cache, in order (glibc elf/ldconfig.c
  /// `parse_conf`): `#` starts a comment; `include` followed by a blank takes several
  /// whitespace-separated glob patterns, relative ones taken against the including file's
  /// directory, matches read in sorted order; `hwcap` lines are ignored; other lines name one
  /// directory, with a legacy `=type` suffix dropped and trailing blanks and slashes removed.
  /// Directories that do not exist are dropped, and so are later spellings of a directory
  /// already listed (ldconfig compares device and inode; the canonical path stands in).
  static func glibcDirectories(confPath: String, view: SysrootView) -> [String] {
    var raw: [String] = []
    readGlibc(confPath, view: view, depth: 0, into: &raw)
    var seen: Set<String> = []
    var result: [String] = []
    for directory in raw {
      guard view.isDirectory(directory), let real = view.canonicalPath(directory), !seen.contains(real)
      else { continue }
      seen.insert(real)
      result.append(directory)
    }
    return result
  }

  private static func readGlibc(_ path: String, view: SysrootView, depth: Int, into out: inout [String]) {
    guard depth < maximumIncludeDepth, let text = view.readText(path) else { return }
    for rawLine in lines(text) {
      var line = Substring(rawLine.prefix { $0 != "#" })
      line = line.drop { isCSpace($0) }
      guard !line.isEmpty else { continue }
      if line.hasPrefix("include"), let blank = line.dropFirst(7).first, blank == " " || blank == "\t" {
        let patterns = line.dropFirst(8).split(whereSeparator: { $0 == " " || $0 == "\t" })
        for pattern in patterns {
          var full = String(pattern)
          if !full.hasPrefix("/"), path.contains("/") {
            full = PathSyntax.dirname(path) + "/" + full
          }
          for match in view.glob(full) { readGlibc(match, view: view, depth: depth + 1, into: &out) }
        }
      } else if line.prefix(5).lowercased() == "hwcap", let blank = line.dropFirst(5).first,
        blank == " " || blank == "\t"
      {
        continue
      } else {
        var entry = line
        if let equals = entry.firstIndex(of: "=") { entry = entry[..<equals] }
        while let last = entry.last, isCSpace(last) { entry = entry.dropLast() }
        while entry.count > 1, entry.last == "/" { entry = entry.dropLast() }
        if !entry.isEmpty { out.append(String(entry)) }
      }
    }
  }

  /// auditwheel's `parse_ld_so_conf` (root `/`): text after `#` is dropped and the line
  /// stripped; `include ` (one space) takes the rest of the line as one glob pattern (an
  /// absolute one, or one relative to the file's directory); any other line is a directory,
  /// `normpath`-ed after prefixing `/`. At the top level duplicates are removed and only
  /// existing directories kept. Like Python's `glob.glob`, matches come in directory order
  /// (`readdir`), not sorted: on Debian 12 that puts `x86_64-linux-gnu.conf` before `libc.conf`.
  static func auditwheelDirectories(confPath: String, view: SysrootView) -> [String] {
    var raw: [String] = []
    readAuditwheel(confPath, view: view, depth: 0, into: &raw)
    return dedupe(raw).filter { view.isDirectory($0) }
  }

  private static func readAuditwheel(_ path: String, view: SysrootView, depth: Int, into out: inout [String]) {
    guard depth < maximumIncludeDepth, let text = view.readText(path) else { return }
    for rawLine in pythonLines(text) {
      let line = pythonStrip(rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
      guard !line.isEmpty else { continue }
      if line.hasPrefix("include ") {
        var pattern = String(line.dropFirst(8))
        if pattern.hasPrefix("/") {
          pattern = "/" + String(pattern.drop { $0 == "/" })
        } else {
          pattern = PathSyntax.dirname(path) + "/" + pattern
        }
        for match in view.glob(pattern, sorted: false) {
          readAuditwheel(match, view: view, depth: depth + 1, into: &out)
        }
      } else {
        out.append(PathSyntax.auditwheelNormpath("/" + line))
      }
    }
  }

  /// auditwheel's musl search directories (`load_ld_paths` for `Libc.MUSL`): the colon-separated
  /// entries of the single `/etc/ld-musl-*.path`, or `/lib:/usr/local/lib:/usr/lib`, each
  /// prefixed with the root `/` exactly as auditwheel concatenates them (hence `//lib`).
  static func auditwheelMuslDirectories(view: SysrootView) throws(ResolutionError) -> [String] {
    let files = view.glob("/etc/ld-musl-*.path")
    if files.count > 1 { throw .multipleMuslPathFiles(files) }
    guard let file = files.first else { return ["//lib", "//usr/local/lib", "//usr/lib"] }
    let text = view.readText(file) ?? ""
    return text.split(separator: ":", omittingEmptySubsequences: false)
      .map { pythonStrip(Substring($0)) }
      .filter { !$0.isEmpty }
      .map { "/" + $0 }
  }

  /// Removes later duplicates, keeping the first occurrence (auditwheel's `dedupe`).
  static func dedupe(_ items: [String]) -> [String] {
    var seen: Set<String> = []
    return items.filter { seen.insert($0).inserted }
  }

  /// `str.strip()`: removes leading and trailing whitespace (Unicode `White_Space` plus the
  /// ASCII separators Python also counts).
  static func pythonStrip(_ text: Substring) -> String {
    String(text.drop(while: isPythonSpace).reversed().drop(while: isPythonSpace).reversed())
  }

  /// Lines as Python's file iteration yields them (split after each `\n`; a `\r` before it is
  /// whitespace to every caller). `\r\n` is one `Character` in Swift, hence the explicit test.
  private static func pythonLines(_ text: String) -> [Substring] { lines(text) }

  private static func lines(_ text: String) -> [Substring] {
    text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
  }

  private static func isPythonSpace(_ c: Character) -> Bool {
    c.unicodeScalars.allSatisfy { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) }
  }

  /// C `isspace` in the C locale.
  private static func isCSpace(_ c: Character) -> Bool {
    c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
  }
}
