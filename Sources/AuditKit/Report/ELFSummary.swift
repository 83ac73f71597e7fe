/// What one ELF file of the wheel is, and whether it was analysed.
public struct ELFSummary: Sendable, Hashable, Codable {
  /// The member path.
  public var path: String
  public var status: ELFStatus
  /// Why it was skipped, if it was.
  public var detail: String?
  public var role: ELFRole
  /// `ELF32`/`ELF64` base architecture as auditwheel names it (`x86_64`, `unknown`, …).
  public var architecture: String
  /// `x86_64_v2`…`x86_64_v4` when its GNU property note asks for more than the baseline.
  public var isaLevel: String?
  /// The libc its interpreter, DT_NEEDED or SOABI suffix reveal (`nil`: none).
  public var libc: String?
  public var soname: String?
  public var interpreter: String?
  public var needed: [String]
  public var rpath: String?
  public var runpath: String?
  public var executableStack: Bool
  /// Whether it is a root of the analysis (an extension, or an ELF nothing in the wheel needs).
  public var isRoot: Bool
  /// `.gnu.version_r` per library, version-aware order.
  public var versionNeeds: [LibraryVersions]

  public init(
    path: String, status: ELFStatus, detail: String? = nil, role: ELFRole, architecture: String,
    isaLevel: String? = nil, libc: String? = nil, soname: String? = nil, interpreter: String? = nil,
    needed: [String] = [], rpath: String? = nil, runpath: String? = nil, executableStack: Bool = false,
    isRoot: Bool = false, versionNeeds: [LibraryVersions] = []
  ) {
    self.path = path
    self.status = status
    self.detail = detail
    self.role = role
    self.architecture = architecture
    self.isaLevel = isaLevel
    self.libc = libc
    self.soname = soname
    self.interpreter = interpreter
    self.needed = needed
    self.rpath = rpath
    self.runpath = runpath
    self.executableStack = executableStack
    self.isRoot = isRoot
    self.versionNeeds = versionNeeds
  }
}

/// Whether an ELF file counted.
public enum ELFStatus: String, Sendable, Hashable, Codable {
  case analysed
  /// Its architecture is unknown or differs from the wheel's.
  case skippedArchitecture = "skipped-architecture"
  /// Its libc differs from the wheel's.
  case skippedLibc = "skipped-libc"
  /// It has the ELF magic but cannot be parsed.
  case unparseable
}

/// What an ELF file is for.
public enum ELFRole: String, Sendable, Hashable, Codable {
  /// Defines `PyInit_<mod>` (Python 3).
  case python3Extension = "python3-extension"
  /// Defines `init<mod>` or `_cffi_pypyinit_<mod>` (Python 2 / PyPy cffi).
  case python2Extension = "python2-extension"
  /// Has `PT_INTERP`: a program.
  case executable
  /// Anything else: a shared library.
  case library
}

/// One resolved dependency tree, flattened to lines for display.
public struct NeededTree: Sendable, Hashable, Codable {
  /// The member path of the root.
  public var root: String
  /// Depth-first, DT_NEEDED order; a library's children appear under its first occurrence.
  public var lines: [NeededLine]

  public init(root: String, lines: [NeededLine]) {
    self.root = root
    self.lines = lines
  }
}

/// One DT_NEEDED edge of a ``NeededTree``.
public struct NeededLine: Sendable, Hashable, Codable {
  /// 1 for the root's own DT_NEEDED entries.
  public var depth: Int
  public var soname: String
  public var status: NeededStatus
  /// The host path (system library) or member path (in the wheel), when found.
  public var path: String?
  /// Why it was not found, when that is more than "no such file".
  public var detail: String?

  public init(depth: Int, soname: String, status: NeededStatus, path: String? = nil, detail: String? = nil) {
    self.depth = depth
    self.soname = soname
    self.status = status
    self.path = path
    self.detail = detail
  }
}

/// How a DT_NEEDED name resolved.
public enum NeededStatus: String, Sendable, Hashable, Codable {
  /// A file outside the wheel.
  case system
  /// A member of the wheel.
  case inWheel = "in-wheel"
  case notFound = "not-found"
  /// A libpython name: deliberately not resolved.
  case libpython
}
