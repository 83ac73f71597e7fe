import ELFKit
import Synchronization

/// The file system an audit resolves libraries in: the host (or a sysroot), with the wheel's
/// files laid over it at a virtual directory, as auditwheel sees them after unpacking the
/// wheel into a temporary directory.
///
/// * Wheel files are answered from the member list; their link information comes from the
///   facts parsed during the scan, never from a second parse.
/// * Host answers (`lstat`, `readlink`, directory listings) are memoised: the host does not
///   change during an audit, and every extension of a wheel asks the same questions.
/// * Host ELF files are parsed once, through an ``ELFFactsStore``.
public final class AuditFileSystem: ResolverFileSystem {
  /// The physical path of the wheel's root directory (`nil` when nothing is overlaid).
  public let overlayRoot: String?
  /// Host ELF facts, shared with whoever wants the dependencies' version needs later.
  public let store: ELFFactsStore

  private let host: HostFileSystem
  /// Overlay: every directory (as a set of child names) and every file (with its facts, if ELF).
  private let directories: [String: Set<String>]
  private let files: [String: ELFFacts?]
  private let kinds = Mutex<[String: FileEntryKind?]>([:])
  private let links = Mutex<[String: String?]>([:])
  private let listings = Mutex<[String: [String]?]>([:])

  /// - Parameters:
  ///   - overlayRoot: physical path where the wheel's files appear (e.g. `/.wheelfs/wheel`),
  ///     or `nil`.
  ///   - members: the wheel's regular files with their facts when they are ELF files.
  public init(overlayRoot: String?, members: [(name: String, facts: ELFFacts?)], store: ELFFactsStore) {
    self.store = store
    self.host = HostFileSystem(linkInfo: { path in
      try store.facts(atPath: path).map(ELFLinkInfo.init(facts:))
    })
    guard let root = overlayRoot else {
      self.overlayRoot = nil
      self.directories = [:]
      self.files = [:]
      return
    }
    let base = root.hasSuffix("/") ? String(root.dropLast()) : root
    self.overlayRoot = base
    var directories: [String: Set<String>] = [base: []]
    var files: [String: ELFFacts?] = [:]
    for member in members {
      var parent = base
      let components = member.name.split(separator: "/").map(String.init)
      for (index, component) in components.enumerated() {
        directories[parent, default: []].insert(component)
        let path = parent + "/" + component
        if index == components.count - 1 {
          files[path] = member.facts
        } else {
          if directories[path] == nil { directories[path] = [] }
          parent = path
        }
      }
    }
    // Every ancestor of the root is a directory too (so a walk from `/` reaches it).
    var ancestor = base
    while let slash = ancestor.lastIndex(of: "/"), ancestor != "/" {
      let parent = slash == ancestor.startIndex ? "/" : String(ancestor[..<slash])
      directories[parent, default: []].insert(String(ancestor[ancestor.index(after: slash)...]))
      ancestor = parent
    }
    self.directories = directories
    self.files = files
  }

  /// Whether `path` is the overlay root or inside it.
  public func isInOverlay(_ path: String) -> Bool {
    guard let root = overlayRoot else { return false }
    return path == root || path.hasPrefix(root + "/")
  }

  /// The member name of an overlay path (`nil` outside the overlay).
  public func memberName(_ path: String) -> String? {
    guard let root = overlayRoot, path.hasPrefix(root + "/") else { return nil }
    return String(path.dropFirst(root.count + 1))
  }

  public func entryKind(atPath path: String) -> FileEntryKind? {
    if overlayRoot != nil {
      if directories[path] != nil { return .directory }
      if files[path] != nil { return .regular }
      if isInOverlay(path) { return nil }
    }
    if let cached = kinds.withLock({ $0[path] }) { return cached }
    let kind = host.entryKind(atPath: path)
    kinds.withLock { $0[path] = kind }
    return kind
  }

  public func symbolicLinkTarget(atPath path: String) -> String? {
    if isInOverlay(path) { return nil }
    if let cached = links.withLock({ $0[path] }) { return cached }
    let target = host.symbolicLinkTarget(atPath: path)
    links.withLock { $0[path] = target }
    return target
  }

  public func directoryContents(atPath path: String) -> [String]? {
    if let names = directories[path] {
      // An ancestor of the overlay also shows the host's entries.
      let hostNames = isInOverlay(path) ? [] : (host.directoryContents(atPath: path) ?? [])
      return Array(names.union(hostNames)).sorted()
    }
    if isInOverlay(path) { return nil }
    if let cached = listings.withLock({ $0[path] }) { return cached }
    let names = host.directoryContents(atPath: path)
    listings.withLock { $0[path] = names }
    return names
  }

  public func readTextFile(atPath path: String) -> String? {
    isInOverlay(path) ? nil : host.readTextFile(atPath: path)
  }

  public func linkInfo(atPath path: String) throws -> ELFLinkInfo? {
    if let entry = files[path] { return entry.map(ELFLinkInfo.init(facts:)) }
    if isInOverlay(path) { return nil }
    return try host.linkInfo(atPath: path)
  }

  /// The facts of a file the resolver found: overlay files from the scan, host files from the
  /// store (parsed on first use). `nil` for non-ELF or unreadable files.
  public func facts(atPath path: String) -> ELFFacts? {
    if let entry = files[path] { return entry }
    if isInOverlay(path) { return nil }
    return try? store.facts(atPath: path)
  }
}
