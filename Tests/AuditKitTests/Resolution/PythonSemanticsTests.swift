import Foundation
import Testing

@testable import AuditKit

/// The pieces of Python behaviour the `.auditwheel` mode re-implements, checked against the
/// Python interpreter itself (posixpath, pathlib, fnmatch, auditwheel's `LIBPYTHON_RE`, and
/// `json.dumps`).
@Suite struct PythonSemanticsTests {
  static let paths = [
    "", "/", "//", "///", "//usr/lib", "///usr//lib/", "a/./b/../c", "../x", "/../x", "a/..", "/a/b/",
    "./", "/lib64/", "//lib/../x", "a//b", "/usr/lib/x86_64-linux-gnu/libc.so.6", "lib", ".", "..",
    "/a/b/../../..", "a/b/../../..", "/tmp/x/$ORIGIN/../lib",
  ]

  @Test func posixpathAndPathlibAgreeWithPython() throws {
    let script = """
      import json, os, posixpath, sys, pathlib
      out = []
      for p in json.loads(sys.argv[1]):
          out += [posixpath.normpath(p), posixpath.dirname(p), posixpath.basename(p),
                  posixpath.join('/base', p), posixpath.join('/base/', p), posixpath.join('', p),
                  str(pathlib.PurePosixPath(p)), posixpath.normpath(p).replace('//', '/'),
                  posixpath.normpath(posixpath.join('/cwd', p))]
      print(json.dumps(out))
      """
    let expected = try ResolverOracles.jsonStrings(
      try ResolverOracles.runPython(script, [try ResolverOracles.jsonArgument(Self.paths)]))
    var actual: [String] = []
    for p in Self.paths {
      actual += [
        PathSyntax.normpath(p), PathSyntax.dirname(p), PathSyntax.basename(p), PathSyntax.join("/base", p),
        PathSyntax.join("/base/", p), PathSyntax.join("", p), PathSyntax.purePosix(p),
        PathSyntax.auditwheelNormpath(p), PathSyntax.abspath(p, cwd: "/cwd"),
      ]
    }
    #expect(actual == expected.map { $0 ?? "<null>" })
  }

  static let fnmatchCases: [(pattern: String, names: [String])] = [
    ("libfoo.so*", ["libfoo.so", "libfoo.so.1", "libfoo.so.1/x", "libfoo.s"]),
    ("*", ["", "a", "/a/b", "\n"]),
    ("lib?.so", ["liba.so", "lib.so", "libab.so", "lib/.so"]),
    ("[abc]x", ["ax", "dx", "[x", "bx"]),
    ("[!abc]x", ["ax", "dx", "!x"]),
    ("[a-c]", ["a", "b", "c", "d", "-"]),
    ("[z-a]", ["z", "a", "-", "m"]),
    ("[!z-a]", ["z", "a", "q"]),
    ("[a-]", ["a", "-", "b"]),
    ("[!a-]", ["a", "-", "b"]),
    ("[-a]", ["-", "a", "b"]),
    ("[]]", ["]", "a"]),
    ("[!]]", ["]", "a"]),
    ("[a-c-e]", ["a", "b", "d", "e", "-"]),
    ("[ab-cd-ef]", ["a", "b", "c", "d", "e", "f", "g", "-"]),
    ("[a-cz-bd-e]", ["a", "b", "c", "d", "e", "z", "y", "-"]),
    ("[z-ab-c]", ["z", "a", "b", "c", "-"]),
    ("[", ["[", "a"]),
    ("[abc", ["[abc", "a"]),
    ("a\\*b", ["a\\xb", "a*b", "a\\*b"]),
    ("[\\]a", ["\\a", "]a"]),
    ("[&~|]", ["&", "~", "|", "a"]),
    ("[^a]", ["^", "a", "b"]),
    ("*.so.*", ["libx.so.1", "libx.so", ".so.", "/usr/lib/libx.so.1"]),
    ("**a**", ["a", "bab", "b"]),
    ("é*", ["éa", "e"]),
    ("/usr/lib/*", ["/usr/lib/libz.so.1", "/usr/lib64/libz.so.1", "/usr/lib/sub/libz.so"]),
  ]

  @Test func fnmatchAgreesWithPython() throws {
    var arguments: [String] = []
    for (pattern, names) in Self.fnmatchCases { arguments += names.map { "\(pattern)\u{1}\($0)" } }
    let script = """
      import json, sys, fnmatch
      pairs = (a.split('\\x01', 1) for a in json.loads(sys.argv[1]))
      print(json.dumps(['1' if fnmatch.fnmatch(n, p) else '0' for p, n in pairs]))
      """
    let expected = try ResolverOracles.jsonStrings(
      try ResolverOracles.runPython(script, [try ResolverOracles.jsonArgument(arguments)]))
    var actual: [String] = []
    for (pattern, names) in Self.fnmatchCases {
      let matcher = FNMatch(pattern)
      actual += names.map { matcher.matches($0) ? "1" : "0" }
    }
    for (index, argument) in arguments.enumerated() where actual[index] != expected[index] {
      Issue.record("fnmatch \(argument.replacingOccurrences(of: "\u{1}", with: " vs ")): ours \(actual[index])")
    }
    #expect(actual.count == expected.count)
  }

  static let libpythonNames = [
    "libpython3.11.so.1.0", "libpython3.8.so", "libpython2.7.so.1.0", "libpython3.7m.so.1.0",
    "libpython3.13t.so.1.0", "libpython3.13d.so", "libpython3.12so", "libpython3.1m1so", "libpython3.11.so.10",
    "libpython3.so", "libpython3.11.so.1.0\n", "libpython3.11xso", "libpython.so", "libpythonX.Y.so",
    "libpython3.11.so.1.0.dbg", "xlibpython3.11.so", "libpython3.١١.so", "libpython3.11m.so",
    "libpython3.11mm.so", "libpython3.11.so.1.", "libpython3.13td.so.1.0",
  ]

  @Test func auditwheelLibpythonPatternAgreesWithAuditwheel() throws {
    let script = """
      import json, sys
      from auditwheel.lddtree import LIBPYTHON_RE
      print(json.dumps(['1' if LIBPYTHON_RE.match(n) else '0' for n in json.loads(sys.argv[1])]))
      """
    let expected = try ResolverOracles.jsonStrings(
      try ResolverOracles.runPython(script, [try ResolverOracles.jsonArgument(Self.libpythonNames)]))
    let actual = Self.libpythonNames.map { LibPython.matches($0, extended: false) ? "1" : "0" }
    #expect(actual == expected.map { $0 ?? "" })
  }

  /// The extended pattern adds the ABI-flag forms auditwheel 6.8.2 misses, and nothing else.
  @Test func extendedLibpythonPatternAddsFreeThreadedForms() {
    #expect(LibPython.matches("libpython3.13t.so.1.0", extended: true))
    #expect(!LibPython.matches("libpython3.13t.so.1.0", extended: false))
    #expect(LibPython.matches("libpython3.13td.so", extended: true))
    #expect(LibPython.matches("libpython3.11.so.10", extended: true))
    #expect(!LibPython.matches("libpython3.11x.so", extended: true))
    #expect(!LibPython.matches("libpython3.so", extended: true))
    for name in Self.libpythonNames where LibPython.matches(name, extended: false) {
      #expect(LibPython.matches(name, extended: true), "\(name)")
    }
  }

  @Test func jsonRenderingAgreesWithPython() throws {
    let value = PythonJSON.object([
      .init("a", .string("é\u{7F}\u{2028}𝄞\"\\\u{1}\n\t\u{8}\u{C}\r")),
      .init("b", .array([])), .init("c", .object([])),
      .init("d", .array([.int(1), .null, .bool(true), .bool(false), .array([.string("x")])])),
      .init("e", .object([.init("k", .object([.init("z", .int(-3))]))])),
    ])
    let script = """
      import json
      print(json.dumps({'a': 'é\\x7f\\u2028\\U0001d11e"\\\\\\x01\\n\\t\\b\\f\\r', 'b': [], 'c': {},
                        'd': [1, None, True, False, ['x']], 'e': {'k': {'z': -3}}}, indent=4), end='')
      """
    #expect(value.rendered() == (try ResolverOracles.runPython(script)))
  }
}
