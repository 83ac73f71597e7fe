import ELFKit
import PolicyKit

/// One ELF file of a wheel after resolution: its facts, its dependency tree as auditwheel's
/// `lddtree` computes it, and the flattened library list the policies are evaluated on.
struct ResolvedELF: Sendable {
  /// The member path inside the wheel.
  let member: String
  /// The logical path the resolver used (inside the wheel's virtual root).
  let logicalPath: String
  let facts: ELFFacts
  let tree: DependencyTree
  /// `tree.libraries` in load order, after auditwheel's `_fixup_elf_trees`.
  var libraries: [LibraryNode]
  let pythonExtension: PythonExtensionKind?

  init(member: String, logicalPath: String, facts: ELFFacts, tree: DependencyTree, pythonExtension: PythonExtensionKind?) {
    self.member = member
    self.logicalPath = logicalPath
    self.facts = facts
    self.tree = tree
    self.libraries = tree.orderedLibraries.filter { !$0.isExcludedPlaceholder }
    self.pythonExtension = pythonExtension
  }

  /// Whether every library has a real path (auditwheel's "fully resolved" executables).
  var isFullyResolved: Bool { libraries.allSatisfy { $0.realpath != nil } }

  /// The library with DT_NEEDED name `soname`.
  func library(_ soname: String) -> LibraryNode? { libraries.first { $0.soname == soname } }
}

/// auditwheel's `_fixup_elf_trees`: a non-extension ELF whose dependencies do not all resolve
/// borrows them from a fully resolved tree (extension or not) that contains it as a library.
/// Example: `libfoo.so` ships in the wheel without an RPATH; the extension's RPATH finds its
/// dependencies, so they are assumed loadable for `libfoo.so` too. Extension trees are never
/// changed.
enum TreeFixup {
  /// Applies the fix-up in place; returns auditwheel's warnings (`X not found in Y ELF tree`).
  static func apply(extensions: [ResolvedELF], others: inout [ResolvedELF]) -> [String] {
    let resolved = (extensions + others).filter(\.isFullyResolved)
    var warnings: [String] = []
    for index in others.indices where !others[index].isFullyResolved {
      let elf = others[index]
      let own = PathSyntax.normpath(elf.logicalPath)
      guard
        let reference = resolved.first(where: { candidate in
          candidate.libraries.contains { $0.realpath.map(PathSyntax.normpath) == own }
        })
      else { continue }
      let referenceName = PathSyntax.basename(reference.logicalPath)
      var order: [String] = []
      var chosen: [String: LibraryNode] = [:]
      func put(_ node: LibraryNode) {
        if chosen.updateValue(node, forKey: node.soname) == nil { order.append(node.soname) }
      }
      var all = Set(elf.libraries.map(\.soname))
      for library in elf.libraries {
        if library.realpath == nil, let borrowed = reference.library(library.soname) {
          put(borrowed)
          // Add the borrowed library's own dependencies, transitively, from the reference.
          var pending = Set(borrowed.followedNeeded).subtracting(all)
          while !pending.isEmpty {
            let batch = pending.sorted()
            all.formUnion(batch)
            for soname in batch {
              if let node = reference.library(soname) {
                put(node)
                pending.formUnion(node.followedNeeded)
              } else {
                warnings.append("\(soname) not found in \(referenceName) ELF tree")
              }
            }
            pending.subtract(all)
          }
        } else {
          if library.realpath == nil {
            warnings.append("\(library.soname) not found in \(referenceName) ELF tree")
          }
          put(library)
        }
      }
      others[index].libraries = order.compactMap { chosen[$0] }
    }
    return warnings
  }
}
