import ELFKit

/// Applies a ``PatchPlan`` to the dynamic array: the new entries (string values are offsets in
/// `strings`, which grows as needed), and the `vn_file` fields that must follow a renamed
/// `DT_NEEDED`. Pure; the string table and entry slots are placed later by ``LayoutPlanner``.
struct DynamicRewriter {
  /// The rewritten dynamic array (without its terminating `DT_NULL`).
  var entries: [DynamicEntry] = []
  /// The string table the entries' string values point into.
  var strings: StringTableBuilder
  /// `(file offset of a vn_file field, new string offset)`.
  var versionNeedFiles: [(fieldOffset: UInt64, value: UInt64)] = []

  /// Rewrites `tables.dynamic.entries` according to `plan`.
  init(_ tables: PatchTables, plan: PatchPlan) throws(PatchError.Reason) {
    strings = StringTableBuilder(tables.strings)
    var seenNeeded = Set<String>()
    var sonameWritten = false, searchPathWritten = false

    for var entry in tables.dynamic.entries {
      switch entry.tag {
      case .needed:
        let name = try strings.string(at: entry.value)
        seenNeeded.insert(name)
        guard let after = plan.neededAfter(name) else { continue }
        if after != name { entry.value = strings.offset(of: after) }
      case .soname:
        if let soname = plan.soname {
          entry.value = strings.offset(of: soname)
          sonameWritten = true
        }
      case .rpath, .runpath:
        switch plan.searchPath {
        case nil: break
        case .remove: continue
        case .set(let value, let kind):
          // The first slot is reused (its tag converted if needed); any other one goes.
          if searchPathWritten { continue }
          entry = DynamicEntry(tag: kind.tag, value: strings.offset(of: value))
          searchPathWritten = true
        }
      default: break
      }
      entries.append(entry)
    }

    for name in plan.removals + plan.replacements.map(\.old) where !seenNeeded.contains(name) {
      throw .neededNotFound(name)
    }
    for name in plan.removals where tables.versionNeeds.contains(where: { $0.file == name }) {
      throw .neededHasVersionRequirements(name)
    }
    if let soname = plan.soname, !sonameWritten {
      insertLinkEntry(DynamicEntry(tag: .soname, value: strings.offset(of: soname)))
    }
    if case .set(let value, let kind) = plan.searchPath, !searchPathWritten {
      insertLinkEntry(DynamicEntry(tag: kind.tag, value: strings.offset(of: value)))
    }
    for need in tables.versionNeeds {
      guard let after = plan.neededAfter(need.file), after != need.file else { continue }
      versionNeedFiles.append((need.offset + 4, strings.offset(of: after)))
    }
  }

  /// Inserts a new `DT_SONAME`/`DT_RPATH`/`DT_RUNPATH` after the leading run of string entries
  /// (where linkers put them), so `DT_NEEDED` order is untouched.
  private mutating func insertLinkEntry(_ entry: DynamicEntry) {
    let linkTags: Set<DynamicTag> = [.needed, .soname, .rpath, .runpath]
    let position = entries.firstIndex { !linkTags.contains($0.tag) } ?? entries.count
    entries.insert(entry, at: position)
  }
}

extension SearchPathKind {
  /// The dynamic tag that holds this kind of path.
  public var tag: DynamicTag { self == .rpath ? .rpath : .runpath }
}
