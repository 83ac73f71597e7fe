import ELFKit
import PolicyKit

/// Turns resolved ELF files into PolicyKit's plain facts: libraries inside the wheel are
/// marked internal ("RPATH FTW"), external ones carry their own version needs (counted when a
/// policy would graft them) and ISA level, read through the facts store (each file parsed once).
struct PolicyFactsConverter: Sendable {
  let fileSystem: AuditFileSystem
  let sysroot: String
  let virtualRoot: String

  /// The logical path of the wheel root, with a trailing slash.
  private var rootPrefix: String { virtualRoot + "/" }

  /// Whether a resolved (logical) path is a member of the wheel.
  func isInsideWheel(_ realpath: String) -> Bool {
    PathSyntax.normpath(realpath).hasPrefix(rootPrefix)
  }

  /// The member name of a logical path inside the wheel.
  func memberName(_ realpath: String) -> String? {
    let normalized = PathSyntax.normpath(realpath)
    return normalized.hasPrefix(rootPrefix) ? String(normalized.dropFirst(rootPrefix.count)) : nil
  }

  /// The facts of the file at a logical path (`nil` for non-ELF or unreadable files), read
  /// under its canonical path: the key the resolver already parsed it under.
  func facts(atLogicalPath path: String) -> ELFFacts? {
    let view = SysrootView(fileSystem: fileSystem, sysroot: sysroot, currentDirectory: "/")
    guard let real = view.canonicalPath(path) else { return nil }
    return fileSystem.facts(atPath: view.physical(real))
  }

  func policyFacts(_ elf: ResolvedELF) -> ELFPolicyFacts {
    let facts = elf.facts
    let libraries = elf.libraries.map { node -> LibraryFacts in
      guard let realpath = node.realpath else {
        return LibraryFacts(soname: node.soname, realpath: nil)
      }
      let isInterpreter = elf.tree.interpreter != nil && node.path == elf.tree.interpreter
      let library = isInterpreter ? nil : self.facts(atLogicalPath: realpath)
      let level = isInterpreter ? ELFClassification.extendedArchitecture(facts) : library.flatMap(ELFClassification.extendedArchitecture)
      return LibraryFacts(
        soname: node.soname, realpath: realpath, isInsideWheel: isInsideWheel(realpath),
        needed: node.followedNeeded, extendedArchitecture: level,
        versionNeeds: library?.versionNeedSets ?? [:])
    }
    return ELFPolicyFacts(
      path: elf.member, pythonExtension: elf.pythonExtension, needed: elf.tree.followedNeeded,
      libraries: libraries, versionNeeds: facts.versionNeedSets,
      undefinedSymbols: ELFClassification.undefinedNonWeakSymbols(facts),
      extendedArchitecture: ELFClassification.extendedArchitecture(facts),
      usesPyFPE: !ELFClassification.pyFPESymbols(facts).isEmpty,
      usesUCS2: elf.pythonExtension == .python2 && !ELFClassification.ucs2Symbols(facts).isEmpty)
  }

  /// Warnings about facts auditwheel would stumble on: an x86-64 ISA property with bits no
  /// level explains (auditwheel raises "unknown x86_64 ISA"; wheelfs treats it as baseline).
  func warnings(for elves: [ResolvedELF]) -> [AuditWarning] {
    elves.filter { $0.facts.x86ISALevel == .unknown }.map {
      AuditWarning(kind: "isa-unknown", file: $0.member, message: "\($0.member): unknown x86_64 ISA bits, treated as baseline")
    }
  }
}
