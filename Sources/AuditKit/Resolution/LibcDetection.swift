/// auditwheel's libc detection for a root ELF (`lddtree.ldd`, `_first` branch).
enum LibcDetection {
  /// The libc implied by `PT_INTERP`: musl for `ld-musl-*`, glibc for any other interpreter.
  static func fromInterpreter(_ interpreter: String?) -> LibcFlavor? {
    guard let interpreter else { return nil }
    return PathSyntax.basename(PathSyntax.auditwheelNormpath("/" + interpreter)).hasPrefix("ld-musl-")
      ? .musl : .glibc
  }

  /// Refines `start` with the DT_NEEDED names (`libc.musl-*`/`ld-musl-*` mean musl;
  /// `libc.so.6`, `ld-linux-*`, `ld64.so.*` mean glibc; a contradiction throws), then falls back
  /// to the file name (`-linux-musl.so`/`-arm-linux-musleabihf.so` mean musl;
  /// `-linux-gnu.so`/`-arm-linux-gnueabihf.so` mean glibc for CPython 3.11 and later only, since
  /// musl builds used the gnu suffix before).
  static func detect(start: LibcFlavor?, needed: [String], fileName: String) throws(ResolutionError)
    -> LibcFlavor?
  {
    var libc = start
    for name in needed {
      if name.hasPrefix("libc.musl-") || name.hasPrefix("ld-musl-") {
        if libc == nil { libc = .musl }
        if libc != .musl { throw .conflictingLibc(detected: .glibc, needed: name) }
      } else if name == "libc.so.6" || name.hasPrefix("ld-linux-") || name.hasPrefix("ld64.so.") {
        if libc == nil { libc = .glibc }
        if libc != .glibc { throw .conflictingLibc(detected: .musl, needed: name) }
      }
    }
    if libc != nil { return libc }
    if fileName.hasSuffix("-arm-linux-musleabihf.so") || fileName.hasSuffix("-linux-musl.so") { return .musl }
    if fileName.hasSuffix("-arm-linux-gnueabihf.so") || fileName.hasSuffix("-linux-gnu.so") {
      // path.stem.split(".")[-1].split("-"): e.g. ["cpython", "311", "x86_64", "linux", "gnu"].
      let stem = fileName.hasSuffix(".so") ? String(fileName.dropLast(3)) : fileName
      let soabi = (stem.split(separator: ".", omittingEmptySubsequences: false).last ?? "")
        .split(separator: "-", omittingEmptySubsequences: false)
      if soabi.count > 1, soabi[0] == "cpython", (11..<100).contains(where: { soabi[1].hasPrefix("3\($0)") }) {
        return .glibc
      }
    }
    return nil
  }
}
