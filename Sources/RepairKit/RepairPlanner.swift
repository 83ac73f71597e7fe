import ELFPatchKit
import PolicyKit
import WheelKit

/// Decides a repair from a ``RepairInput``, as auditwheel 6.8.2's `repair_wheel` does, without
/// touching the archive or the file system: host libraries are described through the
/// `hostLibraries` closure (``HostLibraries/source(_:)`` in production).
public enum RepairPlanner {
  /// The plan for `input`.
  ///
  /// 1. For each analysed ELF, in input order: libpython entries are removed (with auditwheel's
  ///    warning); every external library is grafted once per destination name
  ///    (``GraftName``) into `<dist><libSdir>/`, and the ELF's `DT_NEEDED` entries naming one are
  ///    renamed. If the ELF had anything external (libpython included), a script
  ///    (`*.data/scripts/<x>`) moves to `<dist>.scripts/<x>` behind a shim, and its search path
  ///    becomes the entries that stay inside the wheel plus `$ORIGIN/<path to the libraries>`,
  ///    as `DT_RPATH` (``SearchPathRules``).
  /// 2. Each grafted library gets its new SONAME, renames of its grafted siblings in
  ///    `DT_NEEDED`, and `DT_RPATH=$ORIGIN` if it needs a sibling, otherwise no search path.
  /// 3. `--strip` strips every grafted library and analysed ELF, as the first edit of the same
  ///    patch call.
  ///
  /// - Throws: ``RepairError/invalidCompressionLevel(_:)``, ``RepairError/libraryNotLocated(soname:neededBy:)``,
  ///   ``RepairError/unsplittableLibraryName(realpath:)``, ``RepairError/wheelFilename(_:)``, and
  ///   whatever `hostLibraries` throws.
  public static func plan(
    _ input: RepairInput, hostLibraries: (String) throws(RepairError) -> GraftSource
  ) throws(RepairError) -> RepairPlan {
    let options = input.options
    guard (-1...9).contains(options.zipCompressionLevel) else {
      throw .invalidCompressionLevel(options.zipCompressionLevel)
    }
    let distribution = input.filename.name
    let librariesDirectory = SearchPathRules.components(distribution + options.libSdir)
      .joined(separator: "/")
    let strip: [ELFEdit] = options.strip ? [.strip(.all)] : []

    var grafts: [String: PlannedGraft] = [:]
    var newNames: [String: String] = [:]
    var patches: [PlannedPatch] = []
    var warnings: [String] = []

    for elf in input.elfs {
      var edits = strip
      for libpython in elf.libpythonToRemove {
        warnings.append(
          "Removing \(libpython) dependency from \(elf.path). Linking with libpython is forbidden "
            + "for manylinux/musllinux wheels.")
        if elf.needed.contains(libpython) { edits.append(.removeNeeded(libpython)) }
      }
      for library in elf.externalLibraries {
        guard let realpath = library.realpath else {
          throw .libraryNotLocated(soname: library.soname, neededBy: elf.path)
        }
        let source = try hostLibraries(realpath)
        guard let name = GraftName.grafted(basename: source.basename, sha256: source.sha256) else {
          throw .unsplittableLibraryName(realpath: realpath)
        }
        let destination = librariesDirectory + "/" + name
        if var existing = grafts[destination] {
          if !existing.sonames.contains(library.soname) {
            existing.sonames = (existing.sonames + [library.soname]).sorted()
          }
          grafts[destination] = existing
        } else {
          grafts[destination] = PlannedGraft(
            source: source, sonames: [library.soname], name: name, destination: destination,
            edits: [], permissions: (source.permissions | 0o200) & 0o7777)
        }
        newNames[library.soname] = name
        if elf.needed.contains(library.soname) && library.soname != name {
          edits.append(.replaceNeeded(old: library.soname, new: name))
        }
      }
      var destination = elf.path
      var shim: String?
      if !elf.externalLibraries.isEmpty || !elf.libpythonToRemove.isEmpty {
        if ScriptShim.isScript(elf.path) {
          destination = ScriptShim.movedPath(elf.path, distribution: distribution)
          shim = ScriptShim.text(executing: destination)
        }
        let entry = SearchPathRules.librariesEntry(
          elfPath: destination, librariesDirectory: librariesDirectory)
        let searchPath = SearchPathRules.merged(
          existing: elf.searchPath, adding: entry, elfPath: destination,
          architecture: input.architecture)
        edits.append(.setRunpathOrRpath(searchPath.joined(separator: ":"), kind: .rpath))
      }
      if !edits.isEmpty || destination != elf.path {
        patches.append(PlannedPatch(path: elf.path, destination: destination, edits: edits, shim: shim))
      }
    }

    let planned = grafts.keys.sorted(by: codePointLess).compactMap { key -> PlannedGraft? in
      guard var graft = grafts[key] else { return nil }
      var edits = strip + [ELFEdit.setSoname(graft.name)]
      let siblings = graft.source.needed.filter { newNames[$0] != nil }
      for old in siblings {
        if let new = newNames[old], new != old { edits.append(.replaceNeeded(old: old, new: new)) }
      }
      edits.append(siblings.isEmpty ? .removeRunpathAndRpath : .setRunpathOrRpath("$ORIGIN", kind: .rpath))
      graft.edits = edits
      return graft
    }

    var outputFilename = input.wheelFilename
    var added: [String] = []
    var removed: [String] = []
    if options.updateTags {
      do {
        outputFilename = try PlatformRetag(
          filename: input.wheelFilename, metadata: WheelMetadata(block: HeaderBlock()),
          add: input.abis, remove: input.replacePlatforms
        ).filename
      } catch { throw .wheelFilename(error) }
      added = input.abis
      removed = input.replacePlatforms
    }
    var directory = options.wheelDirectory
    while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
    return RepairPlan(
      wheelPath: input.wheelPath, outputFilename: outputFilename,
      outputPath: directory.isEmpty ? outputFilename : (directory == "/" ? "/" : directory + "/") + outputFilename,
      librariesDirectory: librariesDirectory, grafts: planned, patches: patches,
      addedTags: added, removedTags: removed, warnings: warnings, options: options,
      isEmpty: input.elfs.isEmpty)
  }

  /// Python's `str` ordering: by code point.
  static func codePointLess(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
  }
}
