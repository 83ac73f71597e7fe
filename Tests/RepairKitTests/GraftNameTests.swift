import Foundation
import Testing

@testable import RepairKit

/// Grafted names as auditwheel's `copylib` derives them.
@Suite struct GraftNameTests {
  static let hash = "f877f91f6b09dc43160ff8cec697c2986613b7cded2a03fb27a8b112d0a9bb73"

  /// The worked example of the study (§4.3): the realpath, not the soname, is split.
  @Test func splitsTheRealFileNameAtItsFirstDot() {
    #expect(GraftName.grafted(basename: "libsnappy.so.1.1.9", sha256: Self.hash) == "libsnappy-f877f91f.so.1.1.9")
  }

  @Test func alreadyHashedNamesAreKept() {
    #expect(GraftName.grafted(basename: "libsnappy-f877f91f.so.1.1.9", sha256: Self.hash) == "libsnappy-f877f91f.so.1.1.9")
    // Another file's hash is not the same suffix: hashed again.
    #expect(GraftName.grafted(basename: "libsnappy-00000000.so.1", sha256: Self.hash) == "libsnappy-00000000-f877f91f.so.1")
  }

  @Test func namesWithoutADotCannotBeGrafted() {
    #expect(GraftName.grafted(basename: "libfoo", sha256: Self.hash) == nil)
  }

  @Test func equalsCopylibsExpression() throws {
    let names = [
      "liba.so.1.0.0", "libstdc++.so.6.0.30", ".hidden.so", "lib.so", "libx-f877f91f.so", "a.b.c",
      "libé.so.1", "lib-f877f91f-f877f91f.so", "libf877f91f.so", "lib-f877f91f",
    ]
    let data = try JSONSerialization.data(withJSONObject: names)
    let script = """
      import json, sys
      h = sys.argv[2][:8]
      out = []
      for n in json.loads(sys.argv[1]):
          try:
              base, ext = n.split(".", 1)
          except ValueError:
              out.append(None); continue
          out.append(f"{base}-{h}.{ext}" if not base.endswith(f"-{h}") else n)
      print(json.dumps(out))
      """
    let text = try RepairOracle.python(script, [String(decoding: data, as: UTF8.self), Self.hash])
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])
    for (name, want) in zip(names, expected) {
      #expect(GraftName.grafted(basename: name, sha256: Self.hash) == want as? String, "\(name)")
    }
  }
}
