/// Resolves a `.gnu.version` entry to a version name the way binutils' readelf does: a defined
/// symbol first looks for the version definition with its index (the base definition, index 1
/// with `VER_FLG_BASE`, yields no name), then any symbol looks for the version need whose
/// `vna_other` equals the index.
struct VersionLookup: Sendable {
  /// Definitions by index: (name, is the base definition).
  private var definitions: [UInt16: (name: String?, base: Bool)] = [:]
  /// Needs by `vna_other`: (version name, file).
  private var needs: [UInt16: (name: String, file: String)] = [:]

  init(requirements: [VersionRequirement], definitions defs: [VersionDefinition]) {
    for d in defs where definitions[d.index] == nil {
      definitions[d.index] = (d.names.first, d.index == 1 && d.flags == VersionDefinition.baseFlag)
    }
    for r in requirements {
      for v in r.versions where needs[v.other] == nil { needs[v.other] = (v.name, r.file) }
    }
  }

  /// The version name and, for needs, the file that provides it.
  func resolve(_ entry: UInt16, defined: Bool) -> (name: String?, file: String?) {
    let index = entry & 0x7fff
    if index == 0 { return (nil, nil) }
    if defined, entry != 0x8001, let d = definitions[index] {
      if d.base { return (nil, nil) }
      if let name = d.name { return (name, nil) }
    }
    if let n = needs[index] { return (n.name, n.file) }
    return (nil, nil)
  }
}
