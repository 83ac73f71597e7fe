/// Which loader the resolver imitates.
public enum ResolutionMode: String, Sendable, Hashable, Codable {
  /// glibc's ld.so: DT_RPATH inherited up the loader chain, LD_LIBRARY_PATH, the object's own
  /// DT_RUNPATH, the ld.so.conf directories (standing in for ld.so.cache), then the built-in
  /// directories; `$ORIGIN`, `$LIB` and `$PLATFORM` expanded from the ELF; breadth-first loading.
  case ldso
  /// auditwheel 6.8.2's `lddtree.ldd`, reproduced exactly (including its approximations): the
  /// answer `auditwheel show`/`repair` would compute.
  case auditwheel
}

/// What to do with a `libpython` dependency.
public enum LibPythonHandling: Sendable, Hashable, Codable {
  /// Record it as unresolved and do not follow it. `extended` also recognises ABI-flag forms
  /// such as the free-threaded `libpython3.13t.so.1.0` (see ``LibPython``).
  case skip(extended: Bool)
  /// Resolve it like any other library.
  case resolve
}

/// Everything the resolver searches besides the ELF files themselves.
///
/// Nothing here is read from the process: environment variables and the working directory are
/// passed in as values (use ``fromEnvironment(_:currentDirectory:)`` at the edge).
public struct LibrarySearchConfig: Sendable, Hashable {
  /// The directory that stands for `/` on the target: every absolute path (ld.so.conf, search
  /// directories, symbolic link targets) is looked up under it.
  public var sysroot: String
  /// The logical working directory: relative paths and empty search-path elements resolve
  /// against it.
  public var currentDirectory: String
  /// The ld.so.conf to read (logical path), or `nil` for none.
  public var ldSoConfPath: String?
  /// auditwheel's `--ldpaths A:B`. In `.auditwheel` mode it replaces the ld.so.conf directories
  /// and the built-in `/lib /lib64/ /usr/lib /usr/lib64`, and `LD_LIBRARY_PATH` is then ignored.
  /// In `.ldso` mode it replaces the ld.so.conf (cache) directories only.
  public var ldPaths: String?
  /// The value of `LD_LIBRARY_PATH`, or `nil` when unset.
  public var ldLibraryPath: String?
  /// The value of `AUDITWHEEL_LD_LIBRARY_PATH`, or `nil` when unset. Only `.auditwheel` mode
  /// uses it.
  public var auditwheelLdLibraryPath: String?
  /// The target's directory layout, which gives ld.so's built-in directories and `$LIB`
  /// (`.ldso` mode).
  public var layout: DefaultDirectoryLayout
  /// `$PLATFORM`; `nil` derives it from the root ELF's machine (never from the host).
  public var platform: String?
  /// `--exclude` patterns (Python `fnmatch`), matched against each DT_NEEDED name and each
  /// resolved path. A match drops the library and its whole subtree.
  public var exclude: [String]
  /// How `libpython` dependencies are treated; `nil` uses the mode's default (`.auditwheel`:
  /// auditwheel's pattern; `.ldso`: the extended pattern).
  public var libpython: LibPythonHandling?

  public init(
    sysroot: String = "/", currentDirectory: String = "/", ldSoConfPath: String? = "/etc/ld.so.conf",
    ldPaths: String? = nil, ldLibraryPath: String? = nil, auditwheelLdLibraryPath: String? = nil,
    layout: DefaultDirectoryLayout = .debianMultiarch, platform: String? = nil, exclude: [String] = [],
    libpython: LibPythonHandling? = nil
  ) {
    self.sysroot = sysroot
    self.currentDirectory = currentDirectory
    self.ldSoConfPath = ldSoConfPath
    self.ldPaths = ldPaths
    self.ldLibraryPath = ldLibraryPath
    self.auditwheelLdLibraryPath = auditwheelLdLibraryPath
    self.layout = layout
    self.platform = platform
    self.exclude = exclude
    self.libpython = libpython
  }

  /// A configuration taking `LD_LIBRARY_PATH` and `AUDITWHEEL_LD_LIBRARY_PATH` from
  /// `environment` (pass `ProcessInfo.processInfo.environment` at the command-line edge).
  public static func fromEnvironment(
    _ environment: [String: String], currentDirectory: String, ldPaths: String? = nil, exclude: [String] = []
  ) -> LibrarySearchConfig {
    LibrarySearchConfig(
      currentDirectory: currentDirectory, ldPaths: ldPaths,
      ldLibraryPath: environment["LD_LIBRARY_PATH"],
      auditwheelLdLibraryPath: environment["AUDITWHEEL_LD_LIBRARY_PATH"], exclude: exclude)
  }

  /// The libpython handling in effect for `mode`.
  func libpythonHandling(for mode: ResolutionMode) -> LibPythonHandling {
    libpython ?? (mode == .auditwheel ? .skip(extended: false) : .skip(extended: true))
  }

  /// The first `--exclude` pattern matching `text`, if any.
  func excludingPattern(for text: String) -> String? {
    exclude.first { FNMatch($0).matches(text) }
  }
}
