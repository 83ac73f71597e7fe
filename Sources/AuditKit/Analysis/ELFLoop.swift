import ELFKit
import PolicyKit

/// auditwheel's per-ELF loop in `get_wheel_elfdata`: each ELF file, in order, either sets the
/// wheel's architecture and libc or must agree with them; ELF files that disagree are skipped
/// with a warning (and named in the error if nothing is left).
struct ELFLoop {
  /// From the file name at first, then from the first ELF file that reveals it.
  private(set) var architecture: Architecture?
  private(set) var libc: Libc?
  /// The ELF files kept, in order.
  private(set) var analysed: [ResolvedELF] = []
  /// File names of ELF files of an unknown or another architecture (auditwheel's message
  /// lists them).
  private(set) var otherArchitecture: [String] = []
  /// Per member: why it was skipped.
  private(set) var skipped: [String: (status: ELFStatus, detail: String)] = [:]
  /// Per member: the libc its tree revealed.
  private(set) var revealedLibc: [String: Libc] = [:]
  private(set) var warnings: [AuditWarning] = []

  init(architecture: Architecture?, libc: Libc?) {
    self.architecture = architecture
    self.libc = libc
  }

  mutating func visit(member: String, logicalPath: String, facts: ELFFacts, tree: DependencyTree) {
    let fileName = PathSyntax.basename(member)
    if let treeLibc = tree.libc { revealedLibc[member] = treeLibc == .musl ? .musl : .glibc }
    guard let elfArchitecture = ELFClassification.baseArchitecture(facts) else {
      otherArchitecture.append(fileName)
      skip(member, .skippedArchitecture, "ignoring: \(fileName) with unknown architecture")
      return
    }
    if let architecture {
      guard elfArchitecture == architecture.baseline else {
        otherArchitecture.append(fileName)
        skip(member, .skippedArchitecture, "ignoring: \(fileName) with \(elfArchitecture) architecture")
        return
      }
    } else {
      architecture = elfArchitecture
    }
    if let treeLibc = revealedLibc[member] {
      if libc == nil {
        libc = treeLibc
      } else if libc != treeLibc {
        skip(member, .skippedLibc, "ignoring: \(fileName) with \(treeLibc.displayName) libc")
        return
      }
    }
    analysed.append(
      ResolvedELF(
        member: member, logicalPath: logicalPath, facts: facts, tree: tree,
        pythonExtension: ELFClassification.pythonExtension(fileName: fileName, facts: facts)))
  }

  private mutating func skip(_ member: String, _ status: ELFStatus, _ message: String) {
    skipped[member] = (status, message)
    let kind = status == .skippedLibc ? "other-libc" : "other-architecture"
    warnings.append(AuditWarning(kind: kind, file: member, message: message))
  }
}
