import ELFPatchKit

extension RepairPlan: CustomStringConvertible {
  /// The plan as `wheelfs repair --dry-run` prints it: stable text, one fact per line, in plan
  /// order (grafts sorted by destination, patches in audit order).
  public var description: String {
    var lines = ["repair \(wheelPath)"]
    if isEmpty {
      lines.append("  nothing to repair: no ELF file was analysed; no output is written")
      return lines.joined(separator: "\n")
    }
    lines.append("  output: \(outputPath)")
    if addedTags.isEmpty {
      lines.append("  tags: unchanged")
    } else {
      lines.append("  tags: add \(addedTags.joined(separator: " "))")
      if !removedTags.isEmpty { lines.append("  tags: remove \(removedTags.joined(separator: " "))") }
    }
    lines.append("  libraries directory: \(librariesDirectory)/")
    for graft in grafts {
      lines.append("  graft \(graft.source.realpath) -> \(graft.destination)")
      lines.append("    for: \(graft.sonames.joined(separator: " "))")
      lines.append("    sha256: \(graft.source.sha256)")
      lines.append("    mode: 0o\(String(graft.permissions, radix: 8))")
      lines += graft.edits.map { "    " + Self.describe($0) }
    }
    for patch in patches {
      if patch.destination == patch.path {
        lines.append("  patch \(patch.path)")
      } else {
        lines.append("  move \(patch.path) -> \(patch.destination) (a Python shim takes its place)")
      }
      lines += patch.edits.map { "    " + Self.describe($0) }
    }
    lines += warnings.map { "  warning: \($0)" }
    return lines.joined(separator: "\n")
  }

  /// One edit in words.
  static func describe(_ edit: ELFEdit) -> String {
    switch edit {
    case .setSoname(let name): "set SONAME \(name)"
    case .replaceNeeded(let old, let new): "replace NEEDED \(old) -> \(new)"
    case .removeNeeded(let name): "remove NEEDED \(name)"
    case .setRunpathOrRpath(let value, kind: .rpath): "set RPATH \(value)"
    case .setRunpathOrRpath(let value, kind: .runpath): "set RUNPATH \(value)"
    case .removeRunpathAndRpath: "remove RPATH/RUNPATH"
    case .strip(.all): "strip all symbols"
    case .strip(.debug): "strip debug sections"
    }
  }
}
