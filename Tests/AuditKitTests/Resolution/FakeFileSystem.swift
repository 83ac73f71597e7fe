@testable import AuditKit

/// An in-memory ``ResolverFileSystem`` for resolver tests.
///
/// Lookups are exact dictionary hits: the fake does not follow links in the directory part of a
/// path. That is deliberate, because the resolver promises to walk links itself and to ask only
/// about entries whose parent is already canonical; a resolver that broke the promise would miss
/// files here and fail the tests.
struct FakeFileSystem: ResolverFileSystem {
  enum Entry: Sendable, Equatable {
    case directory
    case elf(ELFLinkInfo)
    case text(String)
    /// A regular file that is not ELF (a linker script, say).
    case notELF
    /// An ELF file the reader fails on.
    case brokenELF(String)
    case symlink(String)
  }

  struct ReaderFailure: Error, CustomStringConvertible {
    var description: String
  }

  private(set) var entries: [String: Entry] = ["/": .directory]
  /// Paths in the order they were added: directory listings come out in this order, the way
  /// `readdir` returns entries in creation order on a fresh directory.
  private(set) var creationOrder: [String] = []

  /// Adds `entry` at `path`, creating missing parent directories.
  mutating func add(_ path: String, _ entry: Entry) {
    var parent = PathSyntax.dirname(path)
    var parents: [String] = []
    while parent != "/" && !parent.isEmpty && entries[parent] == nil {
      parents.append(parent)
      parent = PathSyntax.dirname(parent)
    }
    for directory in parents.reversed() {
      entries[directory] = .directory
      creationOrder.append(directory)
    }
    if entries.updateValue(entry, forKey: path) == nil { creationOrder.append(path) }
  }

  mutating func dir(_ path: String) { add(path, .directory) }
  mutating func lib(_ path: String, _ info: ELFLinkInfo) { add(path, .elf(info)) }
  mutating func link(_ path: String, to target: String) { add(path, .symlink(target)) }
  mutating func text(_ path: String, _ content: String) { add(path, .text(content)) }

  func entryKind(atPath path: String) -> FileEntryKind? {
    switch entries[path] {
    case nil: return nil
    case .directory: return .directory
    case .symlink: return .symbolicLink
    default: return .regular
    }
  }

  func symbolicLinkTarget(atPath path: String) -> String? {
    if case .symlink(let target) = entries[path] { return target }
    return nil
  }

  func directoryContents(atPath path: String) -> [String]? {
    guard entries[path] == .directory else { return nil }
    return creationOrder.filter { PathSyntax.dirname($0) == path }.map(PathSyntax.basename)
  }

  func readTextFile(atPath path: String) -> String? {
    if case .text(let content) = entries[path] { return content }
    return nil
  }

  func linkInfo(atPath path: String) throws -> ELFLinkInfo? {
    switch entries[path] {
    case .elf(let info): return info
    case .brokenELF(let message): throw ReaderFailure(description: message)
    default: return nil
    }
  }
}

extension ELFLinkInfo {
  static func x86_64(
    needed: [String] = [], soname: String? = nil, rpath: String? = nil, runpath: String? = nil,
    interpreter: String? = nil, osabi: UInt8 = 0
  ) -> ELFLinkInfo {
    ELFLinkInfo(
      elfClass: 2, byteOrder: .little, machine: ELFMachine.x86_64, osabi: osabi, interpreter: interpreter,
      needed: needed, soname: soname, rpath: rpath, runpath: runpath)
  }

  static func aarch64(
    needed: [String] = [], soname: String? = nil, rpath: String? = nil, runpath: String? = nil,
    interpreter: String? = nil
  ) -> ELFLinkInfo {
    ELFLinkInfo(
      elfClass: 2, byteOrder: .little, machine: ELFMachine.aarch64, interpreter: interpreter, needed: needed,
      soname: soname, rpath: rpath, runpath: runpath)
  }

  static func i386(needed: [String] = [], soname: String? = nil) -> ELFLinkInfo {
    ELFLinkInfo(elfClass: 1, byteOrder: .little, machine: ELFMachine.i386, needed: needed, soname: soname)
  }

  static func armhf(needed: [String] = [], flags: UInt32 = 0x0500_0400) -> ELFLinkInfo {
    ELFLinkInfo(elfClass: 1, byteOrder: .little, machine: ELFMachine.arm, flags: flags, needed: needed)
  }

  static func s390x(needed: [String] = []) -> ELFLinkInfo {
    ELFLinkInfo(elfClass: 2, byteOrder: .big, machine: ELFMachine.s390, needed: needed)
  }
}

/// A resolver over `fs` with no ld.so.conf and Debian defaults unless told otherwise.
func makeResolver(
  _ fs: FakeFileSystem, _ mode: ResolutionMode, configure: (inout LibrarySearchConfig) -> Void = { _ in }
) -> LibraryResolver {
  var config = LibrarySearchConfig(currentDirectory: "/work", ldSoConfPath: nil)
  configure(&config)
  return LibraryResolver(fileSystem: fs, config: config, mode: mode)
}
