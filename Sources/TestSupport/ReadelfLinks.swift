/// NEEDED, SONAME, RPATH and RUNPATH of an ELF file as `readelf -dW` prints them: the oracle
/// that the ELF patching and repair tests compare their output with.
public struct ReadelfLinks: Equatable, Sendable, CustomStringConvertible {
  public var needed: [String]
  public var soname: String?
  public var rpath: String?
  public var runpath: String?

  public init(needed: [String] = [], soname: String? = nil, rpath: String? = nil, runpath: String? = nil) {
    self.needed = needed
    self.soname = soname
    self.rpath = rpath
    self.runpath = runpath
  }

  /// Reads the bracketed values of the `(NEEDED)`, `(SONAME)`, `(RPATH)` and `(RUNPATH)` lines.
  public init(readelfDynamic output: String) {
    self.init()
    for line in output.split(separator: "\n") {
      guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { continue }
      let value = String(line[line.index(after: open)..<close])
      if line.contains("(NEEDED)") { needed.append(value) }
      if line.contains("(SONAME)") { soname = value }
      if line.contains("(RPATH)") { rpath = value }
      if line.contains("(RUNPATH)") { runpath = value }
    }
  }

  public var description: String {
    "needed \(needed) soname \(soname ?? "-") rpath \(rpath ?? "-") runpath \(runpath ?? "-")"
  }
}
