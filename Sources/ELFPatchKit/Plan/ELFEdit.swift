/// One change to an ELF file's dynamic linking metadata, as the repair layer asks for it.
///
/// Edits are collected in a ``PatchPlan``, which rejects contradictory combinations when they
/// are added. Every edit is applied to the file's *original* entries, all at once (for example,
/// `replaceNeeded(old: "a", new: "b")` together with `replaceNeeded(old: "b", new: "c")` renames
/// an original `a` to `b` and an original `b` to `c`; nothing is renamed twice).
public enum ELFEdit: Sendable, Hashable {
  /// Sets `DT_SONAME`, adding the entry when the file has none.
  case setSoname(String)
  /// Renames every `DT_NEEDED` entry equal to `old`, and the `vn_file` of every
  /// `.gnu.version_r` entry naming it (the loader matches version requirements to loaded
  /// objects by that name). The file must need `old`.
  case replaceNeeded(old: String, new: String)
  /// Removes every `DT_NEEDED` entry equal to the name. The file must need it, and no version
  /// requirement may name it (glibc asserts on a version requirement whose file is not loaded).
  case removeNeeded(String)
  /// Leaves exactly one search path entry, of `kind`, holding `value`: an existing
  /// `DT_RPATH`/`DT_RUNPATH` slot is reused (and its tag converted), any other one removed.
  case setRunpathOrRpath(String, kind: SearchPathKind)
  /// Removes every `DT_RPATH` and `DT_RUNPATH` entry.
  case removeRunpathAndRpath
  /// Drops non-allocated sections the way `strip` does, shortening the file after its last
  /// loadable byte. Allocated content never moves.
  case strip(StripLevel)
}

/// Which dynamic tag holds a search path.
///
/// auditwheel writes `DT_RPATH` (`patchelf --force-rpath`): `DT_RPATH` also serves the
/// library's own dependencies, which a grafted library needs when its dependencies were grafted
/// too; `DT_RUNPATH` only serves the object that carries it. See `docs/elf-patching.md`.
public enum SearchPathKind: String, Sendable, Hashable, CaseIterable {
  /// `DT_RPATH` (tag 15): searched before `LD_LIBRARY_PATH`, inherited by dependencies.
  case rpath
  /// `DT_RUNPATH` (tag 29): searched after `LD_LIBRARY_PATH`, for this object only.
  case runpath
}

/// How much `strip` removes.
public enum StripLevel: String, Sendable, Hashable, CaseIterable {
  /// `strip --strip-debug` (`-g`): `.debug_*`, `.zdebug_*` and their relocations.
  case debug
  /// `strip --strip-all` (`-s`, what auditwheel runs): the debug sections, plus `.symtab` and
  /// the string table it links to. `.comment` stays, as it does with binutils `strip -s`.
  case all
}
