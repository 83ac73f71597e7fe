/// Logical paths (as the target system sees them) over a ``ResolverFileSystem`` rooted at a
/// sysroot.
///
/// `/usr/lib/libfoo.so` under sysroot `/srv/aarch64` is read from `/srv/aarch64/usr/lib/libfoo.so`.
/// Symbolic links are walked here, one component at a time, so an absolute link target (Debian's
/// `/lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/...`) restarts at the sysroot and `..`
/// never climbs above it, as in a `chroot`. Relative logical paths are taken against
/// `currentDirectory`. At most 40 links are followed per lookup (Linux's `MAXSYMLINKS`); a longer
/// chain counts as missing.
struct SysrootView: Sendable {
  let fileSystem: any ResolverFileSystem
  /// The sysroot without a trailing slash; empty for `/`.
  let prefix: String
  let currentDirectory: String

  static let maximumLinkHops = 40

  init(fileSystem: any ResolverFileSystem, sysroot: String, currentDirectory: String) {
    self.fileSystem = fileSystem
    let normalized = PathSyntax.normpath(sysroot.isEmpty ? "/" : sysroot)
    self.prefix = normalized == "/" || normalized == "//" ? "" : normalized
    self.currentDirectory = currentDirectory
  }

  /// The host path of a logical absolute path.
  func physical(_ logical: String) -> String {
    prefix.isEmpty ? logical : prefix + (logical.hasPrefix("/") ? logical : "/" + logical)
  }

  /// `path` made absolute against the current directory, without normalisation.
  func absolute(_ path: String) -> String {
    PathSyntax.absolute(path, cwd: currentDirectory)
  }

  /// The canonical logical path of `path` (every link resolved), or `nil` when it does not exist.
  func canonicalPath(_ path: String) -> String? {
    var pending = Array(PathSyntax.components(absolute(path)).reversed())
    var resolved: [String] = []
    var hops = 0
    while let component = pending.popLast() {
      if component == "." { continue }
      if component == ".." {
        _ = resolved.popLast()
        continue
      }
      let candidate = "/" + (resolved + [component]).joined(separator: "/")
      guard let kind = fileSystem.entryKind(atPath: physical(candidate)) else { return nil }
      switch kind {
      case .symbolicLink:
        hops += 1
        guard hops <= SysrootView.maximumLinkHops,
          let target = fileSystem.symbolicLinkTarget(atPath: physical(candidate))
        else { return nil }
        if target.hasPrefix("/") { resolved = [] }
        pending.append(contentsOf: PathSyntax.components(target).reversed())
      case .directory:
        resolved.append(component)
      case .regular, .other:
        // A file can only be the last component.
        guard pending.allSatisfy({ $0 == "." }) else { return nil }
        resolved.append(component)
      }
    }
    return "/" + resolved.joined(separator: "/")
  }

  /// The kind of `path` with every link followed (`stat`), or `nil` when it does not exist.
  func kind(_ path: String) -> FileEntryKind? {
    guard let real = canonicalPath(path) else { return nil }
    return fileSystem.entryKind(atPath: physical(real))
  }

  /// The kind of `path` without following a final link (`lstat`), or `nil` when it does not exist.
  func kindWithoutFollowing(_ path: String) -> FileEntryKind? {
    guard let entry = entryInCanonicalParent(path) else { return nil }
    return fileSystem.entryKind(atPath: physical(entry))
  }

  /// The raw target of the link at `path`, or `nil` when `path` is not a link (`os.readlink`).
  func symbolicLinkTarget(_ path: String) -> String? {
    guard let entry = entryInCanonicalParent(path) else { return nil }
    return fileSystem.symbolicLinkTarget(atPath: physical(entry))
  }

  func exists(_ path: String) -> Bool { kind(path) != nil }

  func isDirectory(_ path: String) -> Bool { kind(path) == .directory }

  /// The link information of the file at `path`, links followed. `nil` for a non-ELF file.
  func linkInfo(_ path: String) throws -> ELFLinkInfo? {
    guard let real = canonicalPath(path) else { return nil }
    return try fileSystem.linkInfo(atPath: physical(real))
  }

  func readText(_ path: String) -> String? {
    guard let real = canonicalPath(path) else { return nil }
    return fileSystem.readTextFile(atPath: physical(real))
  }

  func contents(_ directory: String) -> [String]? {
    guard let real = canonicalPath(directory), fileSystem.entryKind(atPath: physical(real)) == .directory
    else { return nil }
    return fileSystem.directoryContents(atPath: physical(real))
  }

  /// Logical paths matching `pattern`: sorted bytewise like glibc's `glob(3)`, or (`sorted:
  /// false`) in directory order like Python's `glob.glob`.
  func glob(_ pattern: String, sorted: Bool = true) -> [String] {
    var matches = ["/"]
    for component in PathSyntax.components(absolute(pattern)) {
      let matcher = FNMatch(component)
      var next: [String] = []
      for base in matches {
        if !matcher.hasMagic {
          let candidate = PathSyntax.join(base, component)
          if kindWithoutFollowing(candidate) != nil { next.append(candidate) }
          continue
        }
        for name in (contents(base) ?? []) where matcher.matchesGlobComponent(name) {
          next.append(PathSyntax.join(base, name))
        }
      }
      matches = next
    }
    return sorted ? matches.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } : matches
  }

  /// `path` with its directory part canonicalised and its last component kept as is.
  private func entryInCanonicalParent(_ path: String) -> String? {
    let absolutePath = absolute(path)
    let name = PathSyntax.basename(absolutePath)
    let parent = PathSyntax.dirname(absolutePath)
    guard let realParent = canonicalPath(parent.isEmpty ? "/" : parent) else { return nil }
    if name.isEmpty || name == "." || name == ".." {
      return canonicalPath(absolutePath)
    }
    return PathSyntax.join(realParent, name)
  }
}
