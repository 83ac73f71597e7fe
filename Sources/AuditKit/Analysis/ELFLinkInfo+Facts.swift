import ELFKit

extension ELFLinkInfo {
  /// What library resolution needs, taken from already parsed facts (the ELFKit adapter).
  public init(facts: ELFFacts) {
    self.init(
      elfClass: facts.elfClass == .elf32 ? 1 : 2, byteOrder: facts.encoding == .little ? .little : .big,
      machine: facts.machine.rawValue, osabi: facts.osABI, flags: facts.flags,
      interpreter: facts.interpreter, needed: facts.needed, soname: facts.soname, rpath: facts.rpath,
      runpath: facts.runpath)
  }
}

extension ELFFacts {
  /// The x86-64 ISA level as a policy architecture (`x86_64_v2` …), `nil` for the baseline,
  /// for no property note, and for non-x86-64 files.
  public var extendedArchitectureName: String? {
    switch x86ISALevel {
    case .v2: "x86_64_v2"
    case .v3: "x86_64_v3"
    case .v4: "x86_64_v4"
    case .baseline, .unknown, nil: nil
    }
  }

  /// `.gnu.version_r` as version nodes per needed file (every file, loaders included).
  public var versionNeedSets: [String: Set<String>] {
    var result: [String: Set<String>] = [:]
    for need in versionNeeds { result[need.file, default: []].formUnion(need.versions.map(\.name)) }
    return result
  }
}
