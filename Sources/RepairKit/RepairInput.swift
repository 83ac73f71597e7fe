import ELFKit
import PolicyKit
import WheelKit

/// Everything a repair needs from the audit, as plain values: the wheel, the tags to write and,
/// for every ELF file the audit analysed, what it needs grafted.
///
/// The audit layer fills this in (`wheelfs repair`); tests build it by hand. It holds no
/// archive and no file handle, so planning from it is pure (``RepairPlanner``).
///
/// ```swift
/// let target = try policies.repairTarget(platformBase: "auto", verdict: verdict, wheel: path)
/// let input = try RepairInput(
///   wheelPath: path, target: target, architecture: .x86_64,
///   elfs: verdict.roots.map { root in
///     RepairELF(path: root, facts: facts[root]!,
///               externalLibraries: verdict.perELF[root]?[target.abis[0]]?.libraries ?? [],
///               libpythonToRemove: libpython[root] ?? [])
///   },
///   options: RepairOptions(wheelDirectory: "wheelhouse"))
/// ```
public struct RepairInput: Sendable, Hashable {
  /// The wheel to repair. It is read, never modified.
  public var wheelPath: String
  /// Its file name, parsed.
  public var filename: WheelFilename
  /// The platform tags to add, in order: the policy name and its aliases, preceded by the
  /// eligible higher-priority policy's when there is one (``RepairTarget/abis``). `abis[0]` is
  /// the policy whose external libraries ``RepairELF/externalLibraries`` lists.
  public var abis: [String]
  /// The platform tags the new ones replace (`linux_<arch>`; ``RepairTarget/replacePlatforms``).
  public var replacePlatforms: [String]
  /// The architecture of the wheel's ELF files: expands `$LIB` (`lib64` on 64-bit
  /// architectures, else `lib`) and `$PLATFORM` in existing search paths.
  public var architecture: BaseArchitecture
  /// Every ELF file the audit analysed (extensions, other libraries, executables), in the
  /// audit's order, including those with nothing to graft: `--strip` strips them all.
  public var elfs: [RepairELF]
  /// How to repair and where to write.
  public var options: RepairOptions

  /// - Throws: ``RepairError/wheelFilename(_:)`` when the file name of `wheelPath` is not a
  ///   wheel name.
  public init(
    wheelPath: String, abis: [String], replacePlatforms: [String]? = nil,
    architecture: BaseArchitecture, elfs: [RepairELF], options: RepairOptions = RepairOptions()
  ) throws(RepairError) {
    self.wheelPath = wheelPath
    let name = String(wheelPath.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    do { filename = try WheelFilename.parse(name) } catch { throw .wheelFilename(error) }
    self.abis = abis
    self.replacePlatforms = replacePlatforms ?? abis.first.map(RepairTarget.replacePlatforms(for:)) ?? []
    self.architecture = architecture
    self.elfs = elfs
    self.options = options
  }

  /// An input for the tags PolicyKit decided (``PolicySet/repairTarget(platformBase:verdict:wheel:onlyPlatform:)``).
  public init(
    wheelPath: String, target: RepairTarget, architecture: BaseArchitecture, elfs: [RepairELF],
    options: RepairOptions = RepairOptions()
  ) throws(RepairError) {
    try self.init(
      wheelPath: wheelPath, abis: target.abis, replacePlatforms: target.replacePlatforms,
      architecture: architecture, elfs: elfs, options: options)
  }

  /// The input wheel's file name (the last component of ``wheelPath``).
  public var wheelFilename: String {
    String(wheelPath.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
  }
}

/// One ELF file of the wheel, as the audit saw it.
public struct RepairELF: Sendable, Hashable {
  /// The member path inside the wheel (`pkg/_ext.cpython-311-x86_64-linux-gnu.so`).
  public var path: String
  /// Its `DT_NEEDED` entries, in order. Only these are renamed or removed.
  public var needed: [String]
  /// Its current search path entries, as `patchelf --print-rpath` shows them: the
  /// `DT_RUNPATH` entries when there is one, else the `DT_RPATH` entries, else none.
  public var searchPath: [String]
  /// The libraries to graft for `abis[0]`, libpython excluded: every library of the ELF's
  /// dependency closure that the policy does not whitelist and that is not inside the wheel
  /// (``PolicyReferences/libraries``), with its resolved real path on the host (`nil` when
  /// unresolved: the repair then fails naming it).
  public var externalLibraries: [ExternalLibrary]
  /// `libpython` sonames to drop from `DT_NEEDED` (auditwheel warns and removes them).
  public var libpythonToRemove: [String]

  public init(
    path: String, needed: [String], searchPath: [String],
    externalLibraries: [ExternalLibrary], libpythonToRemove: [String] = []
  ) {
    self.path = path
    self.needed = needed
    self.searchPath = searchPath
    self.externalLibraries = externalLibraries
    self.libpythonToRemove = libpythonToRemove
  }

  /// The ELF described by its ELFKit facts (needed entries and search path taken from them).
  public init(
    path: String, facts: ELFFacts, externalLibraries: [ExternalLibrary],
    libpythonToRemove: [String] = []
  ) {
    self.init(
      path: path, needed: facts.needed, searchPath: Self.printedSearchPath(facts),
      externalLibraries: externalLibraries, libpythonToRemove: libpythonToRemove)
  }

  /// What `patchelf --print-rpath` prints, split on `:`: `DT_RUNPATH` wins over `DT_RPATH`.
  public static func printedSearchPath(_ facts: ELFFacts) -> [String] {
    facts.runpath != nil ? facts.runpathEntries : facts.rpathEntries
  }
}

/// How to repair (the `wheelfs repair` flags), and where to write.
public struct RepairOptions: Sendable, Hashable {
  /// `-w`: the output directory, created when missing.
  public var wheelDirectory: String
  /// `-L`: the suffix appended to the distribution name for the libraries directory
  /// (`<name>.libs` at the wheel root).
  public var libSdir: String
  /// `--no-update-tags` sets this to false: the file name and WHEEL stay as they are.
  public var updateTags: Bool
  /// `--strip`: strip symbols (`strip -s`) from the grafted libraries and every analysed ELF.
  public var strip: Bool
  /// `-z`: deflate level for the members written anew, -1 (zlib's default, 6) or 0...9.
  /// Members copied from the input keep their compressed bytes.
  public var zipCompressionLevel: Int
  /// `SOURCE_DATE_EPOCH`, when set: the timestamp of every member. The caller reads the
  /// environment; RepairKit never does.
  public var sourceDateEpoch: DOSTimestamp?
  /// Threads for hashing and compressing (default: one per core). Never changes the output.
  public var threads: Int?

  public init(
    wheelDirectory: String = "wheelhouse", libSdir: String = ".libs", updateTags: Bool = true,
    strip: Bool = false, zipCompressionLevel: Int = -1, sourceDateEpoch: DOSTimestamp? = nil,
    threads: Int? = nil
  ) {
    self.wheelDirectory = wheelDirectory
    self.libSdir = libSdir
    self.updateTags = updateTags
    self.strip = strip
    self.zipCompressionLevel = zipCompressionLevel
    self.sourceDateEpoch = sourceDateEpoch
    self.threads = threads
  }
}
