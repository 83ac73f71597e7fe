/// Resolves the shared-library dependency tree of ELF files, without loading anything, the way
/// glibc's ld.so (``ResolutionMode/ldso``) or auditwheel 6.8.2 (``ResolutionMode/auditwheel``)
/// would.
///
/// ```swift
/// let resolver = LibraryResolver(fileSystem: HostFileSystem(linkInfo: reader), config: .init(), mode: .auditwheel)
/// let tree = try resolver.resolve("pkg/_ext.cpython-311-x86_64-linux-gnu.so")
/// for library in tree.closure() where !library.isResolved { print(library.soname) }
/// ```
///
/// The ld.so.conf directories are read once, when the resolver is made; one resolver can then
/// serve every ELF of a wheel. Everything the resolver learns about the target (class, machine,
/// `$LIB`, `$PLATFORM`, default directories) comes from the root ELF, never from the host.
/// See docs/resolver.md for both search orders and their differences.
public struct LibraryResolver: Sendable {
  public let mode: ResolutionMode
  public let config: LibrarySearchConfig
  let view: SysrootView
  /// ld.so.conf read the glibc way (`.ldso`) or the auditwheel way (`.auditwheel`).
  let confDirectories: [String]

  public init(fileSystem: any ResolverFileSystem, config: LibrarySearchConfig, mode: ResolutionMode) {
    self.mode = mode
    self.config = config
    self.view = SysrootView(fileSystem: fileSystem, sysroot: config.sysroot, currentDirectory: config.currentDirectory)
    guard let conf = config.ldSoConfPath else {
      self.confDirectories = []
      return
    }
    switch mode {
    case .ldso: self.confDirectories = LdSoConf.glibcDirectories(confPath: conf, view: view)
    case .auditwheel: self.confDirectories = LdSoConf.auditwheelDirectories(confPath: conf, view: view)
    }
  }

  /// The directories this resolver reads from ld.so.conf, in order.
  public var ldSoConfDirectories: [String] { confDirectories }

  /// The dependency tree of the ELF file at `path` (a logical path under the sysroot; relative
  /// paths are taken against ``LibrarySearchConfig/currentDirectory``).
  ///
  /// - Throws: ``ResolutionError`` when the root itself cannot be used, or (`.auditwheel`) in
  ///   the situations where auditwheel raises. Problems with dependencies never throw; they are
  ///   recorded on their ``LibraryNode``.
  public func resolve(_ path: String) throws(ResolutionError) -> DependencyTree {
    guard let realpath = view.canonicalPath(path) else { throw .rootNotFound(path: path) }
    let info: ELFLinkInfo
    do {
      guard let read = try view.fileSystem.linkInfo(atPath: view.physical(realpath)) else {
        throw ResolutionError.rootNotELF(path: path)
      }
      info = read
    } catch let error as ResolutionError {
      throw error
    } catch {
      throw .rootUnreadable(path: path, message: "\(error)")
    }
    switch mode {
    case .auditwheel:
      return try AuditwheelResolution(view: view, config: config, confDirectories: confDirectories)
        .resolve(path, info: info)
    case .ldso:
      var engine = LdsoResolution(
        view: view, config: config, confDirectories: confDirectories, rootPath: path, info: info, realpath: realpath)
      return try engine.resolve()
    }
  }
}
