/// glibc ld.so's loading of a dependency tree (elf/dl-deps.c `_dl_map_object_deps`, elf/dl-load.c
/// `_dl_map_object`), without executing anything.
///
/// Objects are loaded breadth-first: the root's DT_NEEDED names in order, then each newly loaded
/// object's names in load order. The object whose DT_NEEDED entry caused a load becomes its
/// loader (`l_loader`). A name is looked up among the loaded objects first (by every name an
/// object was requested under and by its DT_SONAME); a search result whose file is already
/// loaded (same canonical path, standing in for device and inode) is reused too. For a name
/// without `/` the directories are, in order:
/// 1. unless the requesting object has DT_RUNPATH: the DT_RPATH of the requesting object, then of
///    its loader, and so on up to the root (objects with DT_RUNPATH contribute no DT_RPATH);
/// 2. LD_LIBRARY_PATH;
/// 3. the requesting object's own DT_RUNPATH (never inherited);
/// 4. the ld.so.conf directories, standing in for ld.so.cache (or `--ldpaths`);
/// 5. the built-in directories of the layout.
struct LdsoResolution {
  let view: SysrootView
  let config: LibrarySearchConfig
  /// The cache directories: ld.so.conf, or `--ldpaths` (token-expanded like a DT_RPATH of the
  /// root).
  private var cacheDirectories: [String] = []

  private struct Object {
    var key: String?
    var info: ELFLinkInfo
    var loader: Int?
    var tokens: TokenValues
    /// The interpreter's own needs are never loaded.
    var followsNeeded = true
  }

  private enum Outcome {
    case found(path: String, realpath: String, info: ELFLinkInfo, rejected: [RejectedCandidate])
    case missing(rejected: [RejectedCandidate])
    case stopped(path: String, problem: CandidateProblem, rejected: [RejectedCandidate])
  }

  private var objects: [Object] = []
  private var byName: [String: Int] = [:]
  private var byRealpath: [String: Int] = [:]
  private var tree: DependencyTree
  private let abi: TargetABI
  private var environmentDirectories: [String] = []
  /// Names that refer to an object loaded under another name, and that name.
  private var aliases: [(name: String, key: String)] = []

  init(
    view: SysrootView, config: LibrarySearchConfig, confDirectories: [String], rootPath: String, info: ELFLinkInfo,
    realpath: String
  ) {
    self.view = view
    self.config = config
    self.abi = TargetABI(identity: info.identity, layout: config.layout, platformOverride: config.platform)
    self.tree = DependencyTree(
      mode: .ldso, path: rootPath, realpath: realpath, identity: info.identity, interpreter: info.interpreter,
      needed: info.needed)
    // The main program's origin is its resolved location (/proc/self/exe); a dlopen()ed object's
    // is the directory of the path it was opened with.
    let absolute = view.absolute(rootPath)
    let origin = PathSyntax.dirname(info.interpreter != nil ? realpath : absolute)
    let root = Object(key: nil, info: info, loader: nil, tokens: tokens(origin: origin))
    objects = [root]
    byRealpath[realpath] = 0
    if let soname = info.soname { byName[soname] = 0 }
    if info.interpreter == nil { byName[absolute] = 0 }
    environmentDirectories = SearchPathList.glibcLibraryPath(config.ldLibraryPath, tokens: root.tokens)
    cacheDirectories = config.ldPaths.map { SearchPathList.glibcRpath($0, tokens: root.tokens) } ?? confDirectories
  }

  mutating func resolve() throws(ResolutionError) -> DependencyTree {
    tree.libc = try? LibcDetection.detect(
      start: LibcDetection.fromInterpreter(tree.interpreter), needed: tree.needed,
      fileName: PathSyntax.basename(tree.path))
    let root = objects[0]
    if root.info.runpath == nil {
      tree.rpath = SearchPathList.glibcRpath(root.info.rpath ?? "", tokens: root.tokens)
    }
    tree.runpath = SearchPathList.glibcRpath(root.info.runpath ?? "", tokens: root.tokens)
    loadInterpreter()
    var index = 0
    while index < objects.count {
      if objects[index].followsNeeded { loadNeeded(of: index) }
      index += 1
    }
    for (name, key) in aliases {
      guard let primary = tree.libraries[key], tree.libraries[name]?.isResolved == true else { continue }
      tree.libraries[name]?.needed = primary.needed
      tree.libraries[name]?.excluded = primary.excluded
    }
    return tree
  }

  /// The interpreter is loaded before anything else and answers to its PT_INTERP string and its
  /// DT_SONAME (the file name stands in when the file cannot be read). Its own needs are not
  /// followed.
  private mutating func loadInterpreter() {
    guard let interpreter = tree.interpreter else { return }
    let key = PathSyntax.basename(interpreter)
    let realpath = view.canonicalPath(interpreter)
    let info = realpath.flatMap { try? view.linkInfo($0) }
    tree.record(
      LibraryNode(
        soname: key, path: interpreter, realpath: realpath, identity: info?.identity ?? tree.identity,
        reason: realpath == nil ? .notFound : nil))
    let object = Object(
      key: key, info: info ?? ELFLinkInfo(elfClass: 0, byteOrder: .little, machine: 0), loader: nil,
      tokens: tokens(origin: PathSyntax.dirname(view.absolute(interpreter))), followsNeeded: false)
    objects.append(object)
    let index = objects.count - 1
    byName[interpreter] = index
    byName[info?.soname ?? key] = index
    if let realpath { byRealpath[realpath] = index }
  }

  private mutating func loadNeeded(of index: Int) {
    var excluded: [String] = []
    for name in objects[index].info.needed {
      let expanded = DynamicStringTokens.glibcExpand(name, values: objects[index].tokens) ?? ""
      if let loaded = byName[name] ?? byName[expanded] {
        alias(name, to: loaded)
        continue
      }
      if let pattern = config.excludingPattern(for: name) {
        excluded.append(name)
        recordIfAbsent(.unresolved(name, .excluded(pattern: pattern)))
        continue
      }
      if case .skip(let extended) = config.libpythonHandling(for: .ldso), LibPython.matches(name, extended: extended) {
        recordIfAbsent(.unresolved(name, .libpython))
        continue
      }
      switch search(expanded, requestedBy: index) {
      case .missing(let rejected):
        recordIfAbsent(.unresolved(name, rejected.isEmpty ? .notFound : .incompatible, rejected: rejected))
      case .stopped(let path, let problem, let rejected):
        recordIfAbsent(.unresolved(name, .invalidCandidate(path: path, problem: problem), rejected: rejected))
      case .found(let path, let realpath, let info, let rejected):
        if let pattern = config.excludingPattern(for: realpath) {
          excluded.append(name)
          recordIfAbsent(.unresolved(name, .excluded(pattern: pattern)))
          continue
        }
        if let loaded = byRealpath[realpath] {
          byName[expanded] = loaded
          alias(name, to: loaded)
          continue
        }
        let object = Object(
          key: name, info: info, loader: index,
          tokens: tokens(origin: PathSyntax.dirname(view.absolute(path))))
        objects.append(object)
        let newIndex = objects.count - 1
        byName[expanded] = newIndex
        if let soname = info.soname, byName[soname] == nil { byName[soname] = newIndex }
        byRealpath[realpath] = newIndex
        forceRecord(
          LibraryNode(
            soname: name, path: path, realpath: realpath, identity: info.identity, needed: info.needed,
            rejected: rejected))
      }
    }
    if let key = objects[index].key {
      tree.libraries[key]?.excluded = excluded
    } else {
      tree.excluded = excluded
    }
  }
}

extension LdsoResolution {
  /// The directories ld.so tries for `name` requested by object `index`, or the single file
  /// for a name containing `/`.
  private mutating func search(_ name: String, requestedBy index: Int) -> Outcome {
    if name.isEmpty { return .missing(rejected: []) }
    if name.contains("/") { return probe([name]) }
    var candidates: [String] = []
    let requester = objects[index]
    if requester.info.runpath == nil {
      var current: Int? = index
      while let object = current {
        if objects[object].info.runpath == nil, let rpath = objects[object].info.rpath {
          candidates += SearchPathList.glibcRpath(rpath, tokens: objects[object].tokens)
            .map { SearchPathList.glibcCandidate(directory: $0, name: name) }
        }
        current = objects[object].loader
      }
    }
    candidates += environmentDirectories.map { SearchPathList.glibcCandidate(directory: $0, name: name) }
    if let runpath = requester.info.runpath {
      candidates += SearchPathList.glibcRpath(runpath, tokens: requester.tokens)
        .map { SearchPathList.glibcCandidate(directory: $0, name: name) }
    }
    candidates += (cacheDirectories + abi.defaultDirectories)
      .map { SearchPathList.glibcCandidate(directory: $0, name: name) }
    return probe(candidates)
  }

  /// `open_verify` over the candidates in order.
  private func probe(_ candidates: [String]) -> Outcome {
    var rejected: [RejectedCandidate] = []
    for path in candidates {
      guard let realpath = view.canonicalPath(path),
        let kind = view.fileSystem.entryKind(atPath: view.physical(realpath))
      else { continue }
      guard kind == .regular else { return .stopped(path: path, problem: .notRegularFile, rejected: rejected) }
      let info: ELFLinkInfo
      do {
        guard let read = try view.fileSystem.linkInfo(atPath: view.physical(realpath)) else {
          return .stopped(path: path, problem: .notELF, rejected: rejected)
        }
        info = read
      } catch {
        return .stopped(path: path, problem: .unreadable(message: "\(error)"), rejected: rejected)
      }
      switch CandidateCheck.glibc(candidate: info.identity, target: tree.identity) {
      case .accept: return .found(path: path, realpath: realpath, info: info, rejected: rejected)
      case .skip(let problem): rejected.append(RejectedCandidate(path: path, problem: problem))
      case .fatal(let problem): return .stopped(path: path, problem: problem, rejected: rejected)
      }
    }
    return .missing(rejected: rejected)
  }

  private func tokens(origin: String?) -> TokenValues {
    TokenValues(origin: origin, platform: abi.platform, lib: abi.lib)
  }

  /// Makes `name` refer to the already loaded object `index` in the dictionary.
  private mutating func alias(_ name: String, to index: Int) {
    if let existing = tree.libraries[name], existing.isResolved { return }
    if index == 0 {
      forceRecord(
        LibraryNode(
          soname: name, path: tree.path, realpath: tree.realpath, identity: tree.identity, needed: tree.needed))
      return
    }
    guard let key = objects[index].key, var node = tree.libraries[key], key != name else { return }
    node.soname = name
    node.rejected = []
    forceRecord(node)
    aliases.append((name, key))
  }

  private mutating func recordIfAbsent(_ node: LibraryNode) {
    if tree.libraries[node.soname] == nil { tree.record(node) }
  }

  private mutating func forceRecord(_ node: LibraryNode) {
    tree.record(node)
  }
}
