/// Project-name normalization (PEP 503, and the file-name escaping of the binary distribution
/// format spec / PEP 625).
public enum ProjectName {
  /// PEP 503's canonical form, as `packaging.utils.canonicalize_name`: runs of `-`, `_`, `.`
  /// become one `-`, ASCII letters are lower-cased (`Foo.Bar__baz` → `foo-bar-baz`).
  public static func canonicalize(_ name: String) -> String {
    collapse(name, into: "-")
  }

  /// The form used in wheel file names and `.dist-info` directory names: runs of `-`, `_`, `.`
  /// become one `_`, lower-cased (`Foo.Bar-baz` → `foo_bar_baz`).
  public static func escapedForFilename(_ name: String) -> String {
    collapse(name, into: "_")
  }

  /// Whether two names denote the same project.
  public static func same(_ a: String, _ b: String) -> Bool {
    canonicalize(a) == canonicalize(b)
  }

  private static func collapse(_ name: String, into replacement: Character) -> String {
    var result = ""
    var inRun = false
    for char in name {
      if char == "-" || char == "_" || char == "." {
        if !inRun { result.append(replacement) }
        inRun = true
      } else {
        result.append(contentsOf: char.isASCII ? char.lowercased() : String(char))
        inRun = false
      }
    }
    return result
  }
}
