import Foundation
import Testing

@testable import RepairKit

/// Script handling against auditwheel's `_path_is_script` and `_script_shim`.
@Suite struct ScriptShimTests {
  static let paths = [
    "pkg.scripts/tool", "pkg.scripts/it's", "pkg.scripts/say \"hi\"", "pkg.scripts/both'\"",
    "naïve.scripts/outil", "pkg.scripts/tab\there", "pkg.scripts/back\\slash", "pkg.scripts/bell\u{7}",
    "pkg.scripts/nbsp\u{a0}x", "pkg.scripts/emoji😀", "pkg.scripts/zwj\u{200d}", "pkg.scripts/del\u{7f}",
  ]

  @Test func shimTextEqualsAuditwheel() throws {
    let data = try JSONSerialization.data(withJSONObject: Self.paths)
    let script = """
      import json, sys
      from pathlib import Path
      from auditwheel.repair import _script_shim
      print(json.dumps([_script_shim(Path(p)) for p in json.loads(sys.argv[1])]))
      """
    let text = try RepairOracle.python(script, [String(decoding: data, as: UTF8.self)])
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
    #expect(expected.count == Self.paths.count)
    for (path, want) in zip(Self.paths, expected) {
      #expect(ScriptShim.text(executing: path) == want, "\(path)")
    }
  }

  @Test func scriptPathsAreExactlyDataScriptsFile() throws {
    let paths = [
      "x-1.0.data/scripts/tool", "x-1.0.data/scripts/sub/tool", "x-1.0.data/purelib/tool",
      "scripts/tool", "a.data/scripts", "pkg/x-1.0.data/scripts/tool", "x.data/scripts/t.so",
    ]
    let data = try JSONSerialization.data(withJSONObject: paths)
    let script = """
      import json, sys
      from pathlib import Path
      from auditwheel.repair import _path_is_script
      print(json.dumps([_path_is_script(Path(p)) for p in json.loads(sys.argv[1])]))
      """
    let text = try RepairOracle.python(script, [String(decoding: data, as: UTF8.self)])
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Bool])
    #expect(paths.map(ScriptShim.isScript) == expected)
    #expect(ScriptShim.movedPath("x-1.0.data/scripts/tool", distribution: "x") == "x.scripts/tool")
  }
}
