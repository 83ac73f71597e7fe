import Foundation
import TestSupport

/// Tiny shared objects and executables built with the Debian cross compilers into a temporary
/// directory, once per test process.
enum CrossBuild {
  /// A versioned library: two versions of `api`, a version-script, libm and libc imports.
  static let librarySource = """
    #include <string.h>
    #include <stdio.h>
    #include <math.h>
    int api_old(void) { return 1; }
    int api_new(void) { return 2; }
    __asm__(".symver api_old,api@VERS_1");
    __asm__(".symver api_new,api@@VERS_2");
    int helper(int x) { return x + 1; }
    double use_libs(char *d, const char *s, double x) { memcpy(d, s, 4); printf("%s", d); return sqrt(x); }
    """
  static let versionScript = """
    VERS_1 { global: api; helper; local: *; };
    VERS_2 { global: api; use_libs; } VERS_1;
    """
  static let programSource = """
    #include <stdio.h>
    int main(int argc, char **argv) { puts(argv[0]); return argc > 1; }
    """

  /// Compilers and the architecture each produces.
  static let compilers: [(cc: String, arch: String)] = [
    ("gcc", "x86_64"), ("aarch64-linux-gnu-gcc", "aarch64"),
    ("arm-linux-gnueabihf-gcc", "armv7l"), ("i686-linux-gnu-gcc", "i686"),
    ("powerpc64le-linux-gnu-gcc", "ppc64le"), ("s390x-linux-gnu-gcc", "s390x"),
    ("riscv64-linux-gnu-gcc", "riscv64"), ("musl-gcc", "x86_64"),
  ]

  struct BuildFailure: Error, CustomStringConvertible {
    var command: String
    var stderr: String
    var description: String { "\(command) failed: \(stderr)" }
  }

  struct Output: Sendable {
    var directory: String
    /// (path, compiler, expected base architecture)
    var objects: [(path: String, cc: String, arch: String)]
  }

  /// Builds everything once; throws (failing the test) when a compiler is missing or fails.
  static func build() throws -> Output { try cached.get() }

  private static let cached: Result<Output, any Error> = Result { try buildAll() }

  private static func buildAll() throws -> Output {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("elfkit-cross-\(ProcessInfo.processInfo.processIdentifier)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try librarySource.write(toFile: dir + "/lib.c", atomically: true, encoding: .utf8)
    try versionScript.write(toFile: dir + "/lib.map", atomically: true, encoding: .utf8)
    try programSource.write(toFile: dir + "/main.c", atomically: true, encoding: .utf8)
    var objects: [(String, String, String)] = []
    for (cc, arch) in compilers {
      let common = ["-O1", "-Wl,-rpath,$ORIGIN/../lib:/opt/x"]
      let variants: [(String, [String])] = [
        ("lib-\(cc).so", ["-shared", "-fPIC", "lib.c", "-Wl,--version-script=lib.map",
          "-Wl,-soname,libx.so.1", "-lm"]),
        ("lib-\(cc)-sysv.so", ["-shared", "-fPIC", "lib.c", "-Wl,--version-script=lib.map",
          "-Wl,--hash-style=sysv", "-Wl,--disable-new-dtags", "-lm"]),
        ("prog-\(cc)", ["main.c"]),
      ]
      let isa: [(String, [String])] =
        cc == "gcc"
        ? ["x86-64-v2", "x86-64-v3", "x86-64-v4"].map {
          (
            "isa-\($0).so",
            [
              "-shared", "-fPIC", "-march=\($0)", "-mneeded", "lib.c",
              "-Wl,--version-script=lib.map", "-Wl,-soname,libx.so.1", "-lm",
            ]
          )
        } : []
      for (name, args) in variants + isa {
        let r = try Tool.run([cc] + common + args + ["-o", name], currentDirectory: dir)
        guard r.status == 0 else {
          throw BuildFailure(command: ([cc] + args).joined(separator: " "), stderr: r.stderr)
        }
        objects.append((dir + "/" + name, cc, arch))
      }
    }
    return Output(directory: dir, objects: objects)
  }
}
