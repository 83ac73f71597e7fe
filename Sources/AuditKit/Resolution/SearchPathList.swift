/// Parsing of colon-separated search-path lists (DT_RPATH, DT_RUNPATH, LD_LIBRARY_PATH,
/// `--ldpaths`) in glibc's and in auditwheel's flavours.
enum SearchPathList {
  /// auditwheel's `parse_ld_paths(text, path, root)`: `""` gives `[]`; each `:`-separated
  /// element becomes the working directory when empty, has `$ORIGIN`/`${ORIGIN}` replaced by
  /// the directory of `objectPath` (made absolute) when present, or is prefixed with `root`
  /// otherwise; every element is `normpath`-ed; duplicates are removed keeping the first; and
  /// only existing directories are kept.
  ///
  /// - Parameters:
  ///   - objectPath: the ELF whose list this is; `nil` for environment variables and
  ///     `--ldpaths`, where `$ORIGIN` is an error (auditwheel raises `ValueError`).
  ///   - root: `"/"` for DT_RPATH/DT_RUNPATH (so a relative element `lib` becomes `/lib`), `""`
  ///     for the environment and `--ldpaths` (relative elements stay relative).
  ///   - listName: names the list in the error.
  static func auditwheel(
    _ text: String, objectPath: String?, root: String, listName: String, view: SysrootView
  ) throws(ResolutionError) -> [String] {
    if text.isEmpty { return [] }
    var paths: [String] = []
    for element in text.split(separator: ":", omittingEmptySubsequences: false).map(String.init) {
      let expanded: String
      if element.isEmpty {
        expanded = view.currentDirectory
      } else if DynamicStringTokens.containsAuditwheelOrigin(element) {
        guard let objectPath else { throw .originWithoutObject(list: listName, value: text) }
        let origin = PathSyntax.dirname(PathSyntax.abspath(objectPath, cwd: view.currentDirectory))
        expanded = DynamicStringTokens.auditwheelExpandOrigin(element, origin: origin)
      } else {
        expanded = root + element
      }
      paths.append(PathSyntax.auditwheelNormpath(expanded))
    }
    return LdSoConf.dedupe(paths).filter { view.isDirectory($0) }
  }

  /// glibc's `fillin_rpath` for DT_RPATH and DT_RUNPATH: split on `:`, expand dynamic string
  /// tokens per element (an element whose token has no value is dropped, as is one that expands
  /// to nothing), strip trailing slashes, drop repeats. An empty element stays empty: ld.so
  /// then opens the bare file name, relative to the working directory. Directories are not
  /// checked for existence; missing ones simply never match.
  static func glibcRpath(_ text: String, tokens: TokenValues) -> [String] {
    var result: [String] = []
    for element in text.split(separator: ":", omittingEmptySubsequences: false) {
      guard let directory = glibcElement(String(element), tokens: tokens) else { continue }
      if !result.contains(directory) { result.append(directory) }
    }
    return result
  }

  /// glibc's `_dl_init_paths` for LD_LIBRARY_PATH: an empty value means no list; otherwise the
  /// whole string is token-expanded first (with the main program's values; a token without a
  /// value empties the whole list), then split on `:` and `;`.
  static func glibcLibraryPath(_ text: String?, tokens: TokenValues) -> [String] {
    guard let text, !text.isEmpty, let expanded = DynamicStringTokens.glibcExpand(text, values: tokens),
      !expanded.isEmpty
    else { return [] }
    var result: [String] = []
    for element in expanded.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == ";" }) {
      let directory = stripTrailingSlashes(String(element))
      if !result.contains(directory) { result.append(directory) }
    }
    return result
  }

  /// The file ld.so opens for `name` in `directory` (glibc stores directories with one trailing
  /// slash and appends the name; an empty directory leaves the bare name).
  static func glibcCandidate(directory: String, name: String) -> String {
    if directory.isEmpty { return name }
    return directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  private static func glibcElement(_ element: String, tokens: TokenValues) -> String? {
    if element.isEmpty { return "" }
    guard let expanded = DynamicStringTokens.glibcExpand(element, values: tokens), !expanded.isEmpty else {
      return nil
    }
    return stripTrailingSlashes(expanded)
  }

  private static func stripTrailingSlashes(_ text: String) -> String {
    var result = Substring(text)
    while result.count > 1, result.hasSuffix("/") { result = result.dropLast() }
    return String(result)
  }
}
