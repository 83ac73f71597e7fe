/// auditwheel 6.8.2's `lddtree.ldd`, step for step.
///
/// For every DT_NEEDED name of an ELF, in file order and depth-first (a library's own needs are
/// resolved before its parent's next name), the search list is:
/// root DT_RPATH + own DT_RPATH (both dropped when the object has a non-empty DT_RUNPATH list) +
/// own DT_RUNPATH + environment + root DT_RUNPATH + conf + interpreter directories.
/// A name already in the dictionary is not searched again, whoever needs it.
struct AuditwheelResolution {
  let view: SysrootView
  let config: LibrarySearchConfig
  /// The ld.so.conf directories (glibc branch), computed once per resolver.
  let confDirectories: [String]

  /// One ELF whose needs are being walked.
  private struct Frame {
    var key: String?
    var info: ELFLinkInfo
    var searchList: [String]
    var next = 0
    var excluded: [String] = []
  }

  /// What `find_lib` returned for one name.
  private enum Found {
    case library(realpath: String, path: String, info: ELFLinkInfo, rejected: [RejectedCandidate])
    case none(rejected: [RejectedCandidate])
    case stopped(path: String, problem: CandidateProblem, rejected: [RejectedCandidate])
  }

  func resolve(_ rootPath: String, info: ELFLinkInfo) throws(ResolutionError) -> DependencyTree {
    var tree = DependencyTree(
      mode: .auditwheel, path: rootPath, realpath: PathSyntax.purePosix(rootPath), identity: info.identity,
      needed: info.needed)
    var interpreterDirectories: [String] = []
    if let interp = info.interpreter {
      let interpreter = PathSyntax.auditwheelNormpath("/" + interp)
      tree.interpreter = interpreter
      tree.record(
        LibraryNode(
          soname: PathSyntax.basename(interpreter), path: interpreter,
          realpath: finalLinkResolved(interpreter) ?? interpreter, identity: info.identity))
      let directory = PathSyntax.dirname(interp)
      interpreterDirectories = [
        PathSyntax.auditwheelNormpath("/" + directory), PathSyntax.auditwheelNormpath("/" + "/usr" + directory),
      ]
    }
    let rootOwn = try ownPaths(of: info, objectPath: rootPath)
    tree.rpath = rootOwn.rpath
    tree.runpath = rootOwn.runpath
    tree.libc = try LibcDetection.detect(
      start: LibcDetection.fromInterpreter(info.interpreter), needed: info.needed,
      fileName: PathSyntax.basename(PathSyntax.purePosix(rootPath)))
    let (environment, conf) = try environmentAndConf(libc: tree.libc)
    let tail = environment + rootOwn.runpath + conf + interpreterDirectories

    var stack = [Frame(key: nil, info: info, searchList: rootOwn.rpath + rootOwn.rpath + rootOwn.runpath + tail)]
    while let top = stack.indices.last {
      guard stack[top].next < stack[top].info.needed.count else {
        let frame = stack.removeLast()
        if let key = frame.key {
          tree.libraries[key]?.needed = frame.info.needed
          tree.libraries[key]?.excluded = frame.excluded
        } else {
          tree.excluded = frame.excluded
        }
        continue
      }
      let name = stack[top].info.needed[stack[top].next]
      stack[top].next += 1
      if let existing = tree.libraries[name], !existing.isExcludedPlaceholder { continue }
      if stack[top].excluded.contains(name) { continue }
      if let pattern = config.excludingPattern(for: name) {
        stack[top].excluded.append(name)
        recordExcluded(name, pattern: pattern, in: &tree)
        continue
      }
      if case .skip(let extended) = config.libpythonHandling(for: .auditwheel),
        LibPython.matches(name, extended: extended)
      {
        replace(.unresolved(name, .libpython), in: &tree)
        continue
      }
      switch findLibrary(name, in: stack[top].searchList, parent: stack[top].info.identity) {
      case .none(let rejected):
        replace(.unresolved(name, rejected.isEmpty ? .notFound : .incompatible, rejected: rejected), in: &tree)
      case .stopped(let path, let problem, let rejected):
        replace(.unresolved(name, .invalidCandidate(path: path, problem: problem), rejected: rejected), in: &tree)
      case .library(let realpath, let path, let libraryInfo, let rejected):
        if let pattern = config.excludingPattern(for: PathSyntax.purePosix(realpath)) {
          stack[top].excluded.append(name)
          recordExcluded(name, pattern: pattern, in: &tree)
          continue
        }
        replace(
          LibraryNode(
            soname: name, path: path, realpath: realpath, identity: libraryInfo.identity, rejected: rejected),
          in: &tree)
        let own = try ownPaths(of: libraryInfo, objectPath: realpath)
        stack.append(
          Frame(key: name, info: libraryInfo, searchList: rootOwn.rpath + own.rpath + own.runpath + tail))
      }
    }
    return tree
  }

  /// An object's parsed DT_RPATH and DT_RUNPATH; DT_RPATH is emptied when the parsed DT_RUNPATH
  /// list is not empty (so a DT_RUNPATH whose directories all vanish leaves DT_RPATH in force).
  private func ownPaths(of info: ELFLinkInfo, objectPath: String) throws(ResolutionError)
    -> (rpath: [String], runpath: [String])
  {
    var rpath = try SearchPathList.auditwheel(
      info.rpath ?? "", objectPath: objectPath, root: "/", listName: "DT_RPATH", view: view)
    let runpath = try SearchPathList.auditwheel(
      info.runpath ?? "", objectPath: objectPath, root: "/", listName: "DT_RUNPATH", view: view)
    if !runpath.isEmpty { rpath = [] }
    return (rpath, runpath)
  }

  /// `ldpaths["env"]` and `ldpaths["conf"]`, from `--ldpaths` (`ld_paths_from_arg`) or from the
  /// environment and ld.so.conf (`load_ld_paths`).
  private func environmentAndConf(libc: LibcFlavor?) throws(ResolutionError) -> ([String], [String]) {
    if let ldPaths = config.ldPaths {
      let conf = try SearchPathList.auditwheel(ldPaths, objectPath: nil, root: "", listName: "--ldpaths", view: view)
      let environment = try SearchPathList.auditwheel(
        config.auditwheelLdLibraryPath ?? "", objectPath: nil, root: "",
        listName: "AUDITWHEEL_LD_LIBRARY_PATH", view: view)
      return (environment, conf)
    }
    // auditwheel ignores LD_LIBRARY_PATH when it resolves under another root.
    let ldLibraryPath = view.prefix.isEmpty ? config.ldLibraryPath : nil
    let joined = [config.auditwheelLdLibraryPath, ldLibraryPath].compactMap { $0 }.filter { !$0.isEmpty }
      .joined(separator: ":")
    let environment = try SearchPathList.auditwheel(
      joined, objectPath: nil, root: "", listName: "AUDITWHEEL_LD_LIBRARY_PATH:LD_LIBRARY_PATH", view: view)
    if libc == .musl { return (environment, try LdSoConf.auditwheelMuslDirectories(view: view)) }
    return (environment, confDirectories + ["/lib", "/lib64/", "/usr/lib", "/usr/lib64"])
  }

  /// auditwheel's `find_lib`: the first `join(directory, name)` that exists after following
  /// links in its last component and is a compatible ELF file. Non-ELF candidates make
  /// auditwheel raise; here they end the search for this name.
  private func findLibrary(_ name: String, in directories: [String], parent: ELFIdentity) -> Found {
    var rejected: [RejectedCandidate] = []
    for directory in directories {
      let path = PathSyntax.join(directory, name)
      guard let target = finalLinkResolved(path), view.exists(target) else { continue }
      guard view.kind(target) == .regular else {
        return .stopped(path: target, problem: .notRegularFile, rejected: rejected)
      }
      let candidate: ELFLinkInfo
      do {
        guard let info = try view.linkInfo(target) else {
          return .stopped(path: target, problem: .notELF, rejected: rejected)
        }
        candidate = info
      } catch {
        return .stopped(path: target, problem: .unreadable(message: "\(error)"), rejected: rejected)
      }
      switch CandidateCheck.auditwheel(candidate: candidate.identity, parent: parent) {
      case .accept: return .library(realpath: target, path: path, info: candidate, rejected: rejected)
      case .skip(let problem), .fatal(let problem): rejected.append(RejectedCandidate(path: target, problem: problem))
      }
    }
    return .none(rejected: rejected)
  }

  /// auditwheel's `readlink(path, root, prefixed=True)`: follows links in the last component
  /// only, joining relative targets to the link's directory, then `normpath`. `nil` after 40
  /// links (auditwheel would loop forever on a link cycle).
  func finalLinkResolved(_ path: String) -> String? {
    var current = path
    var hops = 0
    while view.kindWithoutFollowing(current) == .symbolicLink {
      hops += 1
      guard hops <= SysrootView.maximumLinkHops, let target = view.symbolicLinkTarget(current) else { return nil }
      current = PathSyntax.join(PathSyntax.dirname(current), target)
    }
    return PathSyntax.auditwheelNormpath(current)
  }

  /// Records an excluded name unless a real library already sits under it.
  private func recordExcluded(_ name: String, pattern: String, in tree: inout DependencyTree) {
    if tree.libraries[name] == nil { tree.record(.unresolved(name, .excluded(pattern: pattern))) }
  }

  /// Records `node`, moving its key to the end of the load order when it replaces an excluded
  /// placeholder (auditwheel never inserted the excluded name, so it enters the dictionary now).
  private func replace(_ node: LibraryNode, in tree: inout DependencyTree) {
    if tree.libraries[node.soname]?.isExcludedPlaceholder == true {
      tree.loadOrder.removeAll { $0 == node.soname }
      tree.libraries[node.soname] = nil
    }
    tree.record(node)
  }
}

extension LibraryNode {
  var isExcludedPlaceholder: Bool {
    if case .excluded = reason { return true }
    return false
  }
}
