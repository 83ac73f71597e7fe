/// The search-path inputs of an audit that come from outside the wheel: the two environment
/// variables auditwheel reads, `--ldpaths`, and a sysroot. Values are passed in by the command
/// line; nothing below it reads the process environment.
public struct SearchEnvironment: Sendable, Hashable {
  /// `AUDITWHEEL_LD_LIBRARY_PATH`, searched before `LD_LIBRARY_PATH`.
  public var auditwheelLdLibraryPath: String?
  /// `LD_LIBRARY_PATH` (ignored when ``ldPaths`` is set, or under a sysroot, as auditwheel does).
  public var ldLibraryPath: String?
  /// `--ldpaths A:B`: replaces the ld.so.conf directories and `/lib /lib64/ /usr/lib /usr/lib64`.
  public var ldPaths: String?
  /// `--root DIR`: the directory that stands for `/` when looking up system libraries.
  public var sysroot: String

  public init(
    auditwheelLdLibraryPath: String? = nil, ldLibraryPath: String? = nil, ldPaths: String? = nil,
    sysroot: String = "/"
  ) {
    self.auditwheelLdLibraryPath = auditwheelLdLibraryPath
    self.ldLibraryPath = ldLibraryPath
    self.ldPaths = ldPaths
    self.sysroot = sysroot
  }

  /// The values of `environment` (pass the process environment at the command-line edge).
  public static func from(
    environment: [String: String], ldPaths: String? = nil, sysroot: String = "/"
  ) -> SearchEnvironment {
    SearchEnvironment(
      auditwheelLdLibraryPath: environment["AUDITWHEEL_LD_LIBRARY_PATH"],
      ldLibraryPath: environment["LD_LIBRARY_PATH"], ldPaths: ldPaths, sysroot: sysroot)
  }

  /// Relative, non-empty elements of the three lists made absolute against `directory`.
  ///
  /// auditwheel analyses a wheel from inside a temporary directory it has changed into, so a
  /// relative element there names a directory *inside the unpacked wheel*. wheelfs takes it
  /// against the user's working directory instead (docs/compatibility.md). Empty elements
  /// (which mean "the working directory" to auditwheel and stay so here) and `$ORIGIN` are
  /// left alone.
  public func absolutized(against directory: String) -> SearchEnvironment {
    func fix(_ list: String?) -> String? {
      guard let list else { return nil }
      return list.split(separator: ":", omittingEmptySubsequences: false).map { element -> String in
        guard !element.isEmpty, !element.hasPrefix("/"), !element.hasPrefix("$") else {
          return String(element)
        }
        return directory.hasSuffix("/") ? directory + element : directory + "/" + element
      }.joined(separator: ":")
    }
    var copy = self
    copy.auditwheelLdLibraryPath = fix(auditwheelLdLibraryPath)
    copy.ldLibraryPath = fix(ldLibraryPath)
    copy.ldPaths = fix(ldPaths)
    if !sysroot.hasPrefix("/") { copy.sysroot = fix(sysroot) ?? sysroot }
    return copy
  }
}

/// How to audit, besides the search paths: the `show` flags.
public struct AuditOptions: Sendable, Hashable {
  /// `--disable-isa-ext-check`: the ISA ceiling becomes the most compatible policy.
  public var disableISAExtensionCheck: Bool
  /// Recognise ABI-flag libpython names (`libpython3.13t.so.1.0`) besides auditwheel's
  /// pattern. On by default; turning it off reproduces auditwheel exactly.
  public var extendedLibPython: Bool
  /// How many threads may inflate and parse members at once; `nil` = one per core.
  public var threads: Int?
  /// auditwheel repair's `--exclude` patterns (Python `fnmatch`), matched against DT_NEEDED
  /// names and resolved paths: a match is dropped with its whole subtree. `show` has none.
  public var exclude: [String]

  public init(
    disableISAExtensionCheck: Bool = false, extendedLibPython: Bool = true, threads: Int? = nil,
    exclude: [String] = []
  ) {
    self.disableISAExtensionCheck = disableISAExtensionCheck
    self.extendedLibPython = extendedLibPython
    self.threads = threads
    self.exclude = exclude
  }
}
