import Testing

@testable import WheelKit

@Suite struct DistInfoTests {
  @Test func findsTheSingleDistInfo() throws {
    let info = try DistInfo.find(in: ["numpy/__init__.py", "numpy-2.4.6.dist-info/RECORD", "numpy.libs/x.so", "numpy/sub.dist-info/y"])
    #expect(info.directory == "numpy-2.4.6.dist-info/")
    #expect(info.name == "numpy" && info.version == "2.4.6")
    #expect(info.recordPath == "numpy-2.4.6.dist-info/RECORD")
    #expect(info.wheelPath == "numpy-2.4.6.dist-info/WHEEL")
    #expect(throws: WheelError.noDistInfo) { try DistInfo.find(in: ["a.py", ".dist-info/RECORD"]) }
    #expect(throws: WheelError.multipleDistInfo(["a-1.dist-info", "b-2.dist-info"])) {
      try DistInfo.find(in: ["b-2.dist-info/RECORD", "a-1.dist-info/", "a-1.dist-info/RECORD"])
    }
  }

  @Test func coreMetadata() throws {
    let text = "Metadata-Version: 2.4\nName: Python-Snappy\nVersion:  0.5.2 \nSummary: caf\u{E9}\n\nlong description\nName: not-a-header\n"
    let metadata = try CoreMetadata.parse(Array(text.utf8))
    #expect(metadata.name == "Python-Snappy")
    #expect(metadata.version == "0.5.2")
    #expect(metadata.metadataVersion == "2.4")
    #expect(metadata.canonicalName == "python-snappy")
    #expect(HeaderBlock.parse(Array(text.utf8)).utf8Value("Summary") == "caf\u{E9}")
    #expect(throws: WheelError.missingHeader(file: "METADATA", header: "Version")) {
      try CoreMetadata.parse(Array("Name: x\n".utf8))
    }
    #expect(throws: WheelError.invalidText(file: "METADATA")) {
      try CoreMetadata.parse(Array("Name: x".utf8) + [0xFF] + Array("\nVersion: 1\n".utf8))
    }
  }

  @Test(arguments: [
    ("pkg/mod.so", InstallLocation.root),
    ("top.py", .root),
    ("pkg-1.0.data/scripts/tool", .data(scheme: .scripts, relativePath: "tool")),
    ("pkg-1.0.data/purelib/pkg/x.so", .data(scheme: .purelib, relativePath: "pkg/x.so")),
    ("pkg-1.0.data/platlib/pkg/x.so", .data(scheme: .platlib, relativePath: "pkg/x.so")),
    ("pkg-1.0.data/headers/x.h", .data(scheme: .headers, relativePath: "x.h")),
    ("pkg-1.0.data/data/share/x", .data(scheme: .data, relativePath: "share/x")),
    ("pkg-1.0.data/bogus/x", .unknownScheme(name: "bogus", relativePath: "x")),
    ("pkg-1.0.data/orphan", .unknownScheme(name: "orphan", relativePath: "")),
    ("pkg-1.0.dist-info/RECORD", .distInfo),
    ("pkg/inner.data/scripts/x", .root),
  ])
  func installLocations(path: String, expected: InstallLocation) {
    #expect(InstallLocation(path: path) == expected)
  }
}
