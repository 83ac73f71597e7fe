import Foundation
import Testing

@testable import AuditKit

/// Search-path list parsing in both flavours.
@Suite struct SearchPathListTests {
  /// auditwheel's own `parse_ld_paths` on real directories, for a batch of lists.
  @Test func auditwheelFlavourAgreesWithParseLdPaths() throws {
    try ResolverOracles.withScratchDirectory { dir in
      for sub in ["a", "b", "lib", "o/lib"] {
        try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
      }
      let object = dir + "/o/ext.so"
      let lists = [
        "", ":", "\(dir)/a", "\(dir)/a:\(dir)/a/:\(dir)/b", "\(dir)/missing:\(dir)/b", "$ORIGIN/lib",
        "${ORIGIN}/lib:$ORIGIN",
        "\(dir)//a/../b", "a::b", "lib", "/\(dir)/a",
      ]
      let script = """
        import json, sys
        from auditwheel.lddtree import parse_ld_paths
        out = []
        for s in json.loads(sys.argv[1]):
            out.append(parse_ld_paths(s, path=sys.argv[2], root='/'))
            try: out.append(parse_ld_paths(s))
            except ValueError as e: out.append(['ValueError'])
        print(json.dumps(out))
        """
      let output = try ResolverOracles.runPython(
        script, [try ResolverOracles.jsonArgument(lists), object], currentDirectory: dir)
      let expected = try #require(
        try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String]])
      let view = SysrootView(fileSystem: ResolverOracles.hostFileSystem, sysroot: "/", currentDirectory: dir)
      var actual: [[String]] = []
      for list in lists {
        actual.append(try SearchPathList.auditwheel(list, objectPath: object, root: "/", listName: "L", view: view))
        do {
          actual.append(try SearchPathList.auditwheel(list, objectPath: nil, root: "", listName: "L", view: view))
        } catch ResolutionError.originWithoutObject {
          actual.append(["ValueError"])
        }
      }
      #expect(actual == expected)
    }
  }

  @Test func glibcRpathElements() {
    let tokens = TokenValues(origin: "/o", platform: nil, lib: "lib64")
    #expect(
      SearchPathList.glibcRpath("/a/:/a::$ORIGIN/x//:/:$LIB/$PLATFORM:/b", tokens: tokens) == [
        "/a", "", "/o/x", "/", "/b",
      ])
    #expect(SearchPathList.glibcCandidate(directory: "", name: "libz.so") == "libz.so")
    #expect(SearchPathList.glibcCandidate(directory: "/", name: "libz.so") == "/libz.so")
  }

  /// LD_LIBRARY_PATH: `;` separates too; the whole value is expanded at once, so a token
  /// without a value empties it; an empty value is no list at all.
  @Test func glibcLibraryPath() {
    let tokens = TokenValues(origin: "/main", platform: nil, lib: "lib")
    #expect(SearchPathList.glibcLibraryPath("/a;/b:$ORIGIN/c", tokens: tokens) == ["/a", "/b", "/main/c"])
    #expect(SearchPathList.glibcLibraryPath("/a:$PLATFORM", tokens: tokens) == [])
    #expect(SearchPathList.glibcLibraryPath("", tokens: tokens) == [])
    #expect(SearchPathList.glibcLibraryPath(nil, tokens: tokens) == [])
    #expect(SearchPathList.glibcLibraryPath(":", tokens: tokens) == [""])
  }
}
