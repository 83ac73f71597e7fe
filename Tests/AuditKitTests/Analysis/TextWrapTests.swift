import Foundation
import Testing

@testable import AuditKit

/// `TextWrap` against Python's own `textwrap.wrap(width=70, break_long_words=False,
/// break_on_hyphens=False)`, which `auditwheel show` uses for every paragraph.
@Suite struct TextWrapTests {
  static let texts: [String] = {
    var texts = [
      "", " ", "short", "  leading and trailing  ", "tab\there\tand\tthere", "new\nlines\r\nand\u{0B}more",
      String(repeating: "x", count: 80) + " tail",
      "head " + String(repeating: "y", count: 75),
      "a " + String(repeating: "z", count: 69) + " b",
      "psutil-7.2.2-cp36-abi3-manylinux2010_x86_64.manylinux_2_12_x86_64.manylinux_2_28_x86_64.whl is consistent with the following platform tag: \"manylinux_2_12_x86_64\".",
      "The wheel references external versioned symbols in these system-provided shared libraries: libc.so.6 with versions {'GLIBC_2.2.5', 'GLIBC_2.3', 'GLIBC_2.3.4'}, libpthread.so.0 with versions {'GLIBC_2.2.5'}",
      "hyphen-ated words-with-dashes should-not-break-on-hyphens-because-the-option-is-off ok",
      "unicode ünïcödé wörds ✓ are counted by code point " + String(repeating: "é", count: 40),
    ]
    // Words of every length around the width, separated by one or several spaces.
    for n in [1, 3, 7, 13, 69, 70, 71] {
      texts.append((0..<12).map { String(repeating: "w", count: ($0 * n) % 23 + 1) }.joined(separator: n % 2 == 0 ? " " : "   "))
    }
    return texts
  }()

  @Test func agreesWithPythonTextwrap() throws {
    let script = """
      import json, sys, textwrap
      print(json.dumps([textwrap.wrap(t, break_long_words=False, break_on_hyphens=False)
                        for t in json.loads(sys.argv[1])]))
      """
    let output = try ResolverOracles.runPython(script, [try ResolverOracles.jsonArgument(Self.texts)])
    let expected = try JSONDecoder().decode([[String]].self, from: Data(output.utf8))
    #expect(expected.count == Self.texts.count)
    for (text, lines) in zip(Self.texts, expected) {
      #expect(TextWrap.wrap(text) == lines, "\(text.debugDescription)")
    }
  }
}
