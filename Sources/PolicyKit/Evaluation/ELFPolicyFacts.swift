/// How an ELF was recognised as a Python extension module (auditwheel's
/// `elf_is_python_extension`): by a defined `FUNC` symbol named after the module.
public enum PythonExtensionKind: String, Sendable, Hashable {
  /// `init<mod>` (CPython 2) or `_cffi_pypyinit_<mod>` (PyPy cffi); auditwheel calls both
  /// "version 2" and checks them for UCS2 symbols.
  case python2
  /// `PyInit_<mod>`.
  case python3
}

/// One library of an ELF's resolved dependency tree (auditwheel's `lddtree.libraries[soname]`).
public struct LibraryFacts: Sendable, Hashable {
  /// The DT_NEEDED name the library was looked up by.
  public var soname: String
  /// The resolved file's real path, `nil` when the resolver did not find it (libpython is
  /// always unresolved).
  public var realpath: String?
  /// Whether `realpath` lies inside the wheel ("RPATH FTW": not external).
  public var isInsideWheel: Bool
  /// The resolved file's own DT_NEEDED entries (empty when unresolved).
  public var needed: [String]
  /// The resolved file's x86-64 ISA level when above the baseline (`x86_64_v2`…), else `nil`.
  public var extendedArchitecture: Architecture?
  /// The resolved file's `.gnu.version_r` needs: version nodes per needed file. Counted when
  /// the library would be grafted.
  public var versionNeeds: [String: Set<String>]

  public init(
    soname: String, realpath: String?, isInsideWheel: Bool = false, needed: [String] = [],
    extendedArchitecture: Architecture? = nil, versionNeeds: [String: Set<String>] = [:]
  ) {
    self.soname = soname
    self.realpath = realpath
    self.isInsideWheel = isInsideWheel
    self.needed = needed
    self.extendedArchitecture = extendedArchitecture
    self.versionNeeds = versionNeeds
  }
}

/// What the policy evaluation needs to know about one ELF file of a wheel: plain values,
/// filled by the audit layer from ELF parsing and library resolution.
public struct ELFPolicyFacts: Sendable, Hashable {
  /// The member path inside the wheel, e.g. `pkg/_ext.cpython-311-x86_64-linux-gnu.so`.
  public var path: String
  /// Set when the ELF defines a module init function.
  public var pythonExtension: PythonExtensionKind?
  /// DT_NEEDED entries in order, after `--exclude` filtering.
  public var needed: [String]
  /// The flattened resolved dependency tree, in resolution order; the first node per soname
  /// wins. A needed soname without a node is treated as unresolved with no dependencies.
  public var libraries: [LibraryFacts]
  /// `.gnu.version_r`: version nodes per needed file. Dynamic-loader entries (`ld-linux*`,
  /// `ld64.so.1`, `ld64.so.2`) are ignored by the evaluation, as auditwheel does.
  public var versionNeeds: [String: Set<String>]
  /// Names of undefined, non-weak `.dynsym` symbols (checked against the blacklist).
  public var undefinedSymbols: Set<String>
  /// The ELF's x86-64 ISA level when above the baseline, else `nil`.
  public var extendedArchitecture: Architecture?
  /// Whether it imports `PyFPE_jbuf`, `PyFPE_dummy` or `PyFPE_counter` (counted for extensions).
  public var usesPyFPE: Bool
  /// Whether it imports `*PyUnicodeUCS2_*` functions (counted for `python2` extensions).
  public var usesUCS2: Bool

  public init(
    path: String, pythonExtension: PythonExtensionKind? = nil, needed: [String] = [],
    libraries: [LibraryFacts] = [], versionNeeds: [String: Set<String>] = [:],
    undefinedSymbols: Set<String> = [], extendedArchitecture: Architecture? = nil,
    usesPyFPE: Bool = false, usesUCS2: Bool = false
  ) {
    self.path = path
    self.pythonExtension = pythonExtension
    self.needed = needed
    self.libraries = libraries
    self.versionNeeds = versionNeeds
    self.undefinedSymbols = undefinedSymbols
    self.extendedArchitecture = extendedArchitecture
    self.usesPyFPE = usesPyFPE
    self.usesUCS2 = usesUCS2
  }

  /// The last path component.
  public var fileName: String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// The first node per soname.
  func libraryMap() -> [String: LibraryFacts] {
    var map: [String: LibraryFacts] = [:]
    for node in libraries where map[node.soname] == nil { map[node.soname] = node }
    return map
  }
}

/// Whether `soname` is an ELF dynamic loader, which auditwheel never treats as a dependency
/// (`ld-linux*` anywhere in the name, `ld64.so.1` on ppc64le, `ld64.so.2` on s390x).
public func isDynamicLoader(_ soname: String) -> Bool {
  soname.contains("ld-linux") || soname == "ld64.so.1" || soname == "ld64.so.2"
}
