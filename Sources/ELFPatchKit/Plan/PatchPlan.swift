/// The edits for one file, checked for contradictions as they are added (auditwheel's
/// `ElfPatcher` queues per-file patchelf flags the same way, without the checks).
///
/// Adding an edit that repeats one already present is accepted and changes nothing; adding one
/// that contradicts another throws ``PatchError/Reason/conflictingEdits(_:_:)``.
public struct PatchPlan: Sendable, Equatable {
  /// The edits in the order they were added (repeats dropped).
  public private(set) var edits: [ELFEdit] = []

  /// The new `DT_SONAME`, if one is set.
  public private(set) var soname: String?
  /// Original `DT_NEEDED` name → new name, in the order added.
  public private(set) var replacements: [(old: String, new: String)] = []
  /// `DT_NEEDED` names to drop.
  public private(set) var removals: [String] = []
  /// What happens to `DT_RPATH`/`DT_RUNPATH`: nothing (`nil`), removal, or a new value.
  public private(set) var searchPath: SearchPathChange?
  /// How much to strip, if anything.
  public private(set) var strip: StripLevel?

  /// The outcome for `DT_RPATH`/`DT_RUNPATH`.
  public enum SearchPathChange: Sendable, Hashable {
    case remove
    case set(String, SearchPathKind)
  }

  /// An empty plan: patching with it returns the input unchanged.
  public init() {}

  /// A plan holding `edits`, added in order.
  public init(_ edits: [ELFEdit]) throws(PatchError.Reason) {
    for edit in edits { try add(edit) }
  }

  /// Whether the plan changes nothing.
  public var isEmpty: Bool { edits.isEmpty }

  /// Adds `edit`, rejecting it when it contradicts an edit already in the plan.
  public mutating func add(_ edit: ELFEdit) throws(PatchError.Reason) {
    if edits.contains(edit) { return }
    switch edit {
    case .setSoname(let name):
      try Self.check(name, edit)
      if let other = edits.first(where: { if case .setSoname = $0 { true } else { false } }) {
        throw .conflictingEdits(other, edit)
      }
      soname = name
    case .replaceNeeded(let old, let new):
      try Self.check(old, edit)
      try Self.check(new, edit)
      if let other = edits.first(where: { $0.touchesNeeded(old) }) {
        throw .conflictingEdits(other, edit)
      }
      replacements.append((old, new))
    case .removeNeeded(let name):
      try Self.check(name, edit)
      if let other = edits.first(where: { $0.touchesNeeded(name) }) {
        throw .conflictingEdits(other, edit)
      }
      removals.append(name)
    case .setRunpathOrRpath(let value, let kind):
      try Self.check(value, edit)
      if let other = edits.first(where: \.touchesSearchPath) { throw .conflictingEdits(other, edit) }
      searchPath = .set(value, kind)
    case .removeRunpathAndRpath:
      if let other = edits.first(where: \.touchesSearchPath) { throw .conflictingEdits(other, edit) }
      searchPath = .remove
    case .strip(let level):
      if let other = edits.first(where: { if case .strip = $0 { true } else { false } }) {
        throw .conflictingEdits(other, edit)
      }
      strip = level
    }
    edits.append(edit)
  }

  /// The new name of original `DT_NEEDED` entry `name`, or `nil` when it is removed.
  func neededAfter(_ name: String) -> String? {
    if removals.contains(name) { return nil }
    return replacements.first { $0.old == name }?.new ?? name
  }

  /// Names must be non-empty C strings: an empty search path entry means the current
  /// directory to ld.so, and an empty library name cannot be loaded.
  private static func check(_ s: String, _ edit: ELFEdit) throws(PatchError.Reason) {
    if s.isEmpty || s.utf8.contains(0) { throw .invalidString(edit) }
  }

  public static func == (a: PatchPlan, b: PatchPlan) -> Bool { a.edits == b.edits }
}

extension ELFEdit {
  /// Whether this edit decides the fate of original `DT_NEEDED` entry `name`.
  func touchesNeeded(_ name: String) -> Bool {
    switch self {
    case .replaceNeeded(let old, _): old == name
    case .removeNeeded(let n): n == name
    default: false
    }
  }

  var touchesSearchPath: Bool {
    switch self {
    case .setRunpathOrRpath, .removeRunpathAndRpath: true
    default: false
    }
  }
}
