/// The name a grafted library gets, as auditwheel's `copylib` computes it.
public enum GraftName {
  /// `<base>-<first 8 hex digits of the file's SHA-256>.<rest>`, splitting the real file name
  /// at its first `.` (`libsnappy.so.1.1.9` → `libsnappy-f877f91f.so.1.1.9`). A name whose base
  /// already ends with `-<hash>` is kept, so grafting an already grafted file is idempotent.
  ///
  /// - Parameters:
  ///   - basename: the library's real file name (not its soname).
  ///   - sha256: the file's SHA-256, lowercase hex.
  /// - Returns: nil when the name has no `.` (auditwheel fails on it).
  public static func grafted(basename: String, sha256: String) -> String? {
    // Python compares code points, not grapheme clusters: work on scalars.
    let scalars = Array(basename.unicodeScalars)
    guard let dot = scalars.firstIndex(of: ".") else { return nil }
    let base = scalars[..<dot]
    let rest = scalars[(dot + 1)...]
    let suffix = Array(("-" + sha256.prefix(8)).unicodeScalars)
    if base.count >= suffix.count, Array(base.suffix(suffix.count)) == suffix { return basename }
    var result = String.UnicodeScalarView()
    result.append(contentsOf: base)
    result.append(contentsOf: suffix)
    result.append(".")
    result.append(contentsOf: rest)
    return String(result)
  }
}
