/// ELF executables in `<name>.data/scripts/` cannot find grafted libraries through `$ORIGIN`
/// (pip installs scripts far from platlib), so auditwheel moves each one that needs a graft to
/// `<dist>.scripts/<file>` and writes a Python shim in its place that `exec`s it (pypa/auditwheel#340).
public enum ScriptShim {
  /// Whether `path` is a script: exactly `<something>.data/scripts/<file>`.
  public static func isScript(_ path: String) -> Bool {
    let parts = path.split(separator: "/", omittingEmptySubsequences: true)
    return parts.count == 3 && parts[0].hasSuffix(".data") && parts[1] == "scripts"
  }

  /// Where the executable moves: `<distribution>.scripts/<file>`.
  public static func movedPath(_ path: String, distribution: String) -> String {
    let file = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    return "\(distribution).scripts/\(file)"
  }

  /// The shim auditwheel 6.8.2 writes (`repair._script_shim`), byte for byte: it runs the moved
  /// executable from platlib with the same arguments.
  public static func text(executing movedPath: String) -> String {
    """
    #!python
    import os
    import sys
    import sysconfig


    if __name__ == "__main__":
        os.execv(
            os.path.join(sysconfig.get_path("platlib"), \(pythonRepr(movedPath))),
            sys.argv,
        )

    """
  }

  /// Python's `repr()` of a `str`: single quotes unless the text holds `'` and no `"`;
  /// backslash, the quote, `\t`, `\n`, `\r` escaped; other non-printable characters as
  /// `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
  public static func pythonRepr(_ text: String) -> String {
    let scalars = text.unicodeScalars
    let quote: Unicode.Scalar = scalars.contains("'") && !scalars.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for s in scalars {
      switch s {
      case "\\": out += "\\\\"
      case "\t": out += "\\t"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case quote: out += "\\" + String(quote)
      default:
        if isPrintable(s) {
          out.unicodeScalars.append(s)
        } else if s.value < 0x100 {
          out += "\\x" + hex(s.value, width: 2)
        } else if s.value < 0x10000 {
          out += "\\u" + hex(s.value, width: 4)
        } else {
          out += "\\U" + hex(s.value, width: 8)
        }
      }
    }
    out.unicodeScalars.append(quote)
    return out
  }

  /// Python's `str.isprintable()` for one character: not in categories Cc, Cf, Cs, Co, Cn,
  /// Zl, Zp, or Zs other than the ASCII space.
  private static func isPrintable(_ s: Unicode.Scalar) -> Bool {
    if s == " " { return true }
    switch s.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
      .paragraphSeparator, .spaceSeparator:
      return false
    default:
      return true
    }
  }

  private static func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
