/// Where a wheel member installs (the binary distribution format's install schemes).
public enum InstallLocation: Sendable, Hashable {
  /// Outside `.data/`: installs into purelib or platlib per `Root-Is-Purelib`.
  case root
  /// `<name>-<version>.data/<scheme>/<rest>` for a known scheme.
  case data(scheme: DataScheme, relativePath: String)
  /// `<name>-<version>.data/<other>/...`: a scheme installers reject.
  case unknownScheme(name: String, relativePath: String)
  /// The `.dist-info` directory.
  case distInfo
}

/// The `.data/` subdirectories the wheel spec defines.
public enum DataScheme: String, Sendable, Hashable, CaseIterable {
  case purelib, platlib, scripts, headers, data
}

extension InstallLocation {
  /// Classifies a member path. Only a *top-level* `*.data/` or `*.dist-info/` directory counts.
  public init(path: String) {
    guard let slash = path.firstIndex(of: "/") else {
      self = .root
      return
    }
    let top = path[..<slash]
    let rest = path[path.index(after: slash)...]
    if top.hasSuffix(".dist-info") {
      self = .distInfo
      return
    }
    guard top.hasSuffix(".data"), top.count > ".data".count else {
      self = .root
      return
    }
    guard let schemeEnd = rest.firstIndex(of: "/") else {
      self = .unknownScheme(name: String(rest), relativePath: "")
      return
    }
    let name = String(rest[..<schemeEnd])
    let relative = String(rest[rest.index(after: schemeEnd)...])
    if let scheme = DataScheme(rawValue: name) {
      self = .data(scheme: scheme, relativePath: relative)
    } else {
      self = .unknownScheme(name: name, relativePath: relative)
    }
  }
}
