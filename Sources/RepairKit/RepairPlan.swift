import ELFPatchKit

/// What a repair will do, decided before anything is read from the archive or written: the
/// libraries to graft and their names, every ELF edit, the script moves, and the output name.
/// ``RepairPlanner`` makes it; ``RepairExecutor`` carries it out; `--dry-run` prints it.
public struct RepairPlan: Sendable, Hashable {
  /// The input wheel.
  public var wheelPath: String
  /// The output file name (re-tagged unless `--no-update-tags`).
  public var outputFilename: String
  /// `<wheel directory>/<output file name>`.
  public var outputPath: String
  /// The directory the grafted libraries go to, at the wheel root (`<dist>.libs`).
  public var librariesDirectory: String
  /// Libraries to copy into the wheel, sorted by destination.
  public var grafts: [PlannedGraft]
  /// Edits of ELF members of the wheel, in input order. Members without edits are not listed.
  public var patches: [PlannedPatch]
  /// Platform tags added to the file name and WHEEL (empty with `--no-update-tags`).
  public var addedTags: [String]
  /// Platform tags removed (empty with `--no-update-tags`).
  public var removedTags: [String]
  /// What auditwheel logs as warnings (libpython removal).
  public var warnings: [String]
  /// The options the plan was made with.
  public var options: RepairOptions

  /// Whether the audit analysed no ELF at all; auditwheel then writes nothing.
  public var isEmpty: Bool
}

/// A host library to copy into the wheel.
public struct PlannedGraft: Sendable, Hashable {
  /// Where it comes from.
  public var source: GraftSource
  /// The sonames that resolved to it, sorted.
  public var sonames: [String]
  /// Its new file name and `DT_SONAME` (see ``GraftName``).
  public var name: String
  /// Its member path: `<libraries directory>/<name>`.
  public var destination: String
  /// The edits, in one patch call: strip first (with `--strip`), SONAME, sibling renames, then
  /// `RPATH=$ORIGIN` when it needs a sibling, else no search path at all.
  public var edits: [ELFEdit]
  /// Permission bits of the copy: the source's plus `u+w`.
  public var permissions: UInt32
}

/// Edits to one ELF member of the wheel.
public struct PlannedPatch: Sendable, Hashable {
  /// The member path in the input.
  public var path: String
  /// Where the patched file goes: `path`, or `<dist>.scripts/<file>` for a script that needs
  /// grafted libraries (a shim then takes its place at `path`).
  public var destination: String
  /// The edits, in one patch call.
  public var edits: [ELFEdit]
  /// The Python shim written at `path` when the executable moves.
  public var shim: String?
}
