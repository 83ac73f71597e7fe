import ELFKit

extension ElfCommand {
  /// The human-readable summary of one file.
  static func render(path: String, _ f: ELFFacts) -> String {
    var lines = ["\(path):"]
    func add(_ key: String, _ value: String) { lines.append("  \(key): \(value)") }
    let hexFlags = "0x" + String(f.flags, radix: 16)
    add(
      "identity",
      "\(f.elfClass == .elf64 ? "ELF64" : "ELF32") \(f.encoding)-endian \(f.type) "
        + "\(f.machine) flags \(hexFlags) osabi \(f.osABI) → \(f.baseArchitecture)")
    add("interpreter", f.interpreter ?? "-")
    add("needed", f.needed.isEmpty ? "-" : f.needed.joined(separator: ", "))
    add("soname", f.soname ?? "-")
    add("rpath", f.rpath ?? "-")
    add("runpath", f.runpath ?? "-")
    add("execstack", f.executableStack ? "yes" : "no")
    if let bits = f.x86ISANeeded {
      add("x86 ISA needed", "0x\(String(bits, radix: 16)) (\(f.x86ISALevel?.rawValue ?? "-"))")
    }
    if let id = f.buildID { add("build id", id) }
    if !f.versionNeeds.isEmpty {
      lines.append("  version needs:")
      for need in f.versionNeeds {
        lines.append("    \(need.file): \(need.versions.map(\.name).joined(separator: " "))")
      }
    }
    if !f.versionDefinitions.isEmpty {
      lines.append("  version definitions:")
      for d in f.versionDefinitions {
        let base = d.flags & VersionDefinition.baseFlag != 0 ? " (base)" : ""
        lines.append("    \(d.index)\(base): \(d.names.joined(separator: " <- "))")
      }
    }
    let defined = f.symbols.filter(\.defined).count
    let undefined = f.undefinedSymbols.count
    let weak = f.symbols.filter { $0.weak && !$0.defined }.count
    add(
      "dynamic symbols",
      "\(f.symbols.count) (\(defined) defined, \(undefined) undefined, \(weak) weak undefined)")
    return lines.joined(separator: "\n")
  }
}
