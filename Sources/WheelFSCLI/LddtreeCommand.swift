import ArgumentParser
import AuditKit
import Foundation

/// `wheelfs lddtree FILE`: the resolved shared-library tree of one ELF file, without loading it.
struct LddtreeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lddtree",
    abstract: "Show the resolved shared-library tree of an ELF file (like auditwheel lddtree).",
    discussion: """
      --mode auditwheel (the default) resolves exactly as auditwheel 6.8.2 does (the answer its
      verdicts are based on); --mode ldso imitates glibc's ld.so (what would really be loaded).
      --json prints auditwheel lddtree's JSON object. See docs/resolver.md for both search orders.
      """)

  enum Mode: String, ExpressibleByArgument, CaseIterable {
    case auditwheel, ldso
  }

  @Argument(help: "An ELF file.")
  var file: String

  @Flag(help: "Print auditwheel lddtree's JSON object instead of an indented tree.")
  var json = false

  @Option(help: "auditwheel: auditwheel's lddtree; ldso: glibc's dynamic loader.")
  var mode: Mode = .auditwheel

  @Option(
    help: ArgumentHelp(
      "Colon-separated directories replacing the default search list (auditwheel's --ldpaths).",
      valueName: "paths"))
  var ldpaths: String?

  @Option(help: ArgumentHelp("Look up libraries under this directory instead of /.", valueName: "dir"))
  var root: String?

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let store = ELFFactsStore()
    let fileSystem = AuditFileSystem(overlayRoot: nil, members: [], store: store)
    let config = LibrarySearchConfig(
      sysroot: root ?? "/", currentDirectory: AuditCommandSupport.currentDirectory, ldPaths: ldpaths,
      ldLibraryPath: environment["LD_LIBRARY_PATH"],
      auditwheelLdLibraryPath: environment["AUDITWHEEL_LD_LIBRARY_PATH"])
    let resolver = LibraryResolver(
      fileSystem: fileSystem, config: config, mode: mode == .ldso ? .ldso : .auditwheel)
    let tree: DependencyTree
    do {
      tree = try resolver.resolve(file)
    } catch {
      if case .rootNotFound = error { throw CLIFailure("cannot access \(file). No such file", status: ExitStatus.usage) }
      throw CLIFailure("\(error)")
    }
    if json {
      let sysroot = root ?? "/"
      print(
        AuditwheelLddtreeJSON.render(tree) { path in
          let physical = sysroot == "/" || path.hasPrefix("/") == false ? path : sysroot + path
          return (try? store.facts(atPath: physical))?.extendedArchitectureName
        })
    } else {
      print(tree.renderedTree(), terminator: "")
    }
  }
}
