/// A platform tag of a wheel file name, classified by the grammar wheelfs understands.
///
/// `manylinux_X_Y_<arch>` / `musllinux_X_Y_<arch>` are PEP 600 / PEP 656; `manylinux1`,
/// `manylinux2010`, `manylinux2014` the legacy aliases of glibc 2.5, 2.12 and 2.17;
/// `android_<api>_<arch>` is PEP 738. Anything else (`macosx_*`, `win_*`, malformed tags) is
/// kept opaque as ``other(_:)``.
public enum PlatformTag: Sendable, Hashable, CustomStringConvertible {
  /// `any`: a pure wheel.
  case any
  /// `linux_<arch>`: built on Linux, no compatibility promise.
  case linux(architecture: String)
  /// `manylinux1|2010|2014_<arch>` with the glibc version it stands for.
  case manylinuxLegacy(alias: String, glibcMajor: Int, glibcMinor: Int, architecture: String)
  /// `manylinux_<major>_<minor>_<arch>`.
  case manylinux(glibcMajor: Int, glibcMinor: Int, architecture: String)
  /// `musllinux_<major>_<minor>_<arch>`.
  case musllinux(muslMajor: Int, muslMinor: Int, architecture: String)
  /// `android_<api level>_<arch>`.
  case android(apiLevel: Int, architecture: String)
  /// Any other tag, verbatim.
  case other(String)

  /// Classifies `text` (lower-case it first for file-name semantics).
  public init(_ text: String) {
    let parts = text.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
    func arch(from index: Int) -> String? {
      guard parts.count > index else { return nil }
      let arch = parts[index...].joined(separator: "_")
      return arch.isEmpty ? nil : arch
    }
    func number(_ index: Int) -> Int? {
      guard index < parts.count, !parts[index].isEmpty, parts[index].count <= 9,
        parts[index].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        parts[index] == "0" || !parts[index].hasPrefix("0")
      else { return nil }  // leading zeros would not print back identically
      return Int(parts[index])
    }
    let legacy: [String: (Int, Int)] = [
      "manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17),
    ]
    switch parts.first {
    case "any" where parts.count == 1:
      self = .any
    case "linux":
      if let arch = arch(from: 1) { self = .linux(architecture: arch) } else { self = .other(text) }
    case "manylinux", "musllinux":
      if let major = number(1), let minor = number(2), let arch = arch(from: 3) {
        self =
          parts[0] == "manylinux"
          ? .manylinux(glibcMajor: major, glibcMinor: minor, architecture: arch)
          : .musllinux(muslMajor: major, muslMinor: minor, architecture: arch)
      } else {
        self = .other(text)
      }
    case "android":
      if let level = number(1), let arch = arch(from: 2) {
        self = .android(apiLevel: level, architecture: arch)
      } else {
        self = .other(text)
      }
    case let first? where legacy[first] != nil:
      if let (major, minor) = legacy[first], let arch = arch(from: 1) {
        self = .manylinuxLegacy(
          alias: first, glibcMajor: major, glibcMinor: minor, architecture: arch)
      } else {
        self = .other(text)
      }
    default:
      self = .other(text)
    }
  }

  /// The tag text.
  public var description: String {
    switch self {
    case .any: "any"
    case .linux(let arch): "linux_\(arch)"
    case .manylinuxLegacy(let alias, _, _, let arch): "\(alias)_\(arch)"
    case .manylinux(let major, let minor, let arch): "manylinux_\(major)_\(minor)_\(arch)"
    case .musllinux(let major, let minor, let arch): "musllinux_\(major)_\(minor)_\(arch)"
    case .android(let level, let arch): "android_\(level)_\(arch)"
    case .other(let text): text
    }
  }

  /// The architecture part of a Linux or Android tag.
  public var architecture: String? {
    switch self {
    case .linux(let arch), .manylinuxLegacy(_, _, _, let arch), .manylinux(_, _, let arch),
      .musllinux(_, _, let arch), .android(_, let arch):
      arch
    case .any, .other: nil
    }
  }
}
