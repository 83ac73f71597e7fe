import Foundation
import TestSupport
import Testing

@testable import WheelKit

@Suite struct WheelMetadataTests {
  static let bdist = """
    Wheel-Version: 1.0
    Generator: bdist_wheel (0.41.2)
    Root-Is-Purelib: false
    Tag: cp311-cp311-linux_x86_64

    """

  /// WHEEL texts, ordinary and odd, for the email round trip.
  static let corpus: [String] = [
    bdist,
    "Wheel-Version: 1.0\r\nGenerator: setuptools (80.9.0)\r\nRoot-Is-Purelib: true\r\nTag: py3-none-any\r\n\r\n",
    "Wheel-Version: 1.0\nGenerator: x\nTag: py2-none-any\nTag: py3-none-any\nBuild: 2\n",
    "Wheel-Version: 1.0\nGenerator: trailing space \nTag: cp39-abi3-linux_x86_64  \n\n",
    "Wheel-Version: 1.0\nGenerator: a\n  continued \n\tmore\nTag: x-y-z\n",
    "Wheel-Version: 1.0\n\nbody line\r\nsecond\rthird",
    "From someone\nWheel-Version: 1.0\n",
    "Wheel-Version: 1.0\nFrom misplaced\nTag: a-b-c\n\n",
    "Wheel-Version: 1.0\nFrom last\n\nbody",
    "Wheel-Version: 1.0\n:no name\n continuation of nothing\nTag: a-b-c\n",
    " leading continuation\nWheel-Version: 1.0\n",
    "Wheel-Version: 1.0\nnot a header line\nTag: a-b-c\n",
    "Wheel-Version:1.0\nEmpty:\nSpaces:    \nTab:\t\tx\t\n",
    "Wheel-Version: 1.0\nX-Custom: caf\u{E9}\n",
    "Wheel-Version: 1.0\nEmpty-continued:\n next\n",
    "Wheel-Version: 1.0\nWs-line: a\n \t\nTag: q-r-s\n",
    "Wheel-Version: 1.0\nFF: a\u{0C}b\n",
    "",
    "\n",
    "Wheel-Version: 1.0",
  ]

  /// Parsing and re-serializing gives exactly what Python's `Parser` + `BytesGenerator` give.
  @Test func roundTripMatchesPythonEmail() throws {
    let inputs = Self.corpus.map { Array($0.utf8) }
    let output = try #require(
      try PythonOracle.json(Self.emailScript, inputs.map { Data($0).base64EncodedString() }) as? [String])
    for (input, python) in zip(inputs, output) {
      let ours = WheelMetadata.parse(input).serialized()
      let expected = Array(Data(base64Encoded: python) ?? Data())
      #expect(ours == expected, "\(String(decoding: input, as: UTF8.self).debugDescription): ours \(String(decoding: ours, as: UTF8.self).debugDescription), python \(String(decoding: expected, as: UTF8.self).debugDescription)")
    }
  }

  @Test func fields() {
    let metadata = WheelMetadata.parse(Array(Self.corpus[2].utf8))
    #expect(metadata.wheelVersion == "1.0")
    #expect(metadata.generator == "x")
    #expect(metadata.build == "2")
    #expect(metadata.rootIsPurelib == nil)
    #expect(metadata.tags == ["py2-none-any", "py3-none-any"])
    #expect(metadata.tagTriples.map(\.platform) == ["any", "any"])
    #expect(WheelMetadata.parse(Array(Self.bdist.utf8)).rootIsPurelib == false)
  }

  /// Study §4.2 step 7 / auditwheel-tests.md: python_mscl keeps its stale manylinux2014 tag.
  @Test func pythonMsclRetag() throws {
    let retag = try PlatformRetag(
      filename: "python_mscl-67.0.1.0-cp313-cp313-manylinux2014_aarch64.whl",
      metadata: WheelMetadata.parse(Array("Wheel-Version: 1.0\nTag: cp313-cp313-manylinux2014_aarch64\n".utf8)),
      add: ["manylinux_2_31_aarch64"], remove: ["linux_aarch64"])
    #expect(retag.filename == "python_mscl-67.0.1.0-cp313-cp313-manylinux2014_aarch64.manylinux_2_31_aarch64.whl")
    #expect(retag.metadata.tags == ["cp313-cp313-manylinux2014_aarch64", "cp313-cp313-manylinux_2_31_aarch64"])
  }

  /// testsimple x86_64 (auditwheel-tests.md §1) and the WHEEL tag order of study §4.2 step 7.
  @Test func testsimpleRetag() throws {
    let retag = try PlatformRetag(
      filename: "testsimple-0.0.1-cp313-cp313-linux_x86_64.whl",
      metadata: WheelMetadata.parse(Array(Self.bdist.replacingOccurrences(of: "cp311", with: "cp313").utf8)),
      add: ["manylinux_2_5_x86_64", "manylinux1_x86_64"], remove: ["linux_x86_64"])
    #expect(retag.filename == "testsimple-0.0.1-cp313-cp313-manylinux1_x86_64.manylinux_2_5_x86_64.whl")
    #expect(retag.metadataChanged)
    #expect(
      String(decoding: retag.metadata.serialized(), as: UTF8.self) == """
        Wheel-Version: 1.0
        Generator: bdist_wheel (0.41.2)
        Root-Is-Purelib: false
        Tag: cp313-cp313-manylinux_2_5_x86_64
        Tag: cp313-cp313-manylinux1_x86_64


        """)
  }

  /// testpackage: `py3-none-any` loses `any`, and the wheel becomes platlib.
  @Test func pureWheelBecomesPlatlib() throws {
    let retag = try PlatformRetag(
      filename: "testpackage-0.0.1-py3-none-any.whl",
      metadata: WheelMetadata.parse(Array("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\nBuild: 1\n".utf8)),
      add: ["manylinux_2_17_x86_64", "manylinux2014_x86_64"], remove: ["linux_x86_64"])
    #expect(retag.filename == "testpackage-0.0.1-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl")
    #expect(
      String(decoding: retag.metadata.serialized(), as: UTF8.self)
        == "Wheel-Version: 1.0\nBuild: 1\nTag: py3-none-manylinux_2_17_x86_64\nTag: py3-none-manylinux2014_x86_64\nRoot-Is-Purelib: False\n\n")
  }

  /// Nothing to change: auditwheel leaves WHEEL alone (no re-serialization).
  @Test func unchangedMetadataIsNotRewritten() throws {
    let original = WheelMetadata.parse(Array("Wheel-Version: 1.0\nTag: cp39-cp39-manylinux_2_17_x86_64\n".utf8))
    let retag = try PlatformRetag(
      filename: "foo-1.0-cp39-cp39-manylinux_2_17_x86_64.whl", metadata: original,
      add: ["manylinux_2_17_x86_64"], remove: ["linux_x86_64"])
    #expect(!retag.metadataChanged)
    #expect(retag.metadata == original)
    #expect(retag.filename == "foo-1.0-cp39-cp39-manylinux_2_17_x86_64.whl")
  }

  /// The rewrite equals auditwheel's own `add_platforms` (run on a temporary WHEEL file) for
  /// generated tag sets.
  @Test func retagMatchesAuditwheel() throws {
    var rng = WheelSplitMix(seed: 0xADD)
    let platforms = [
      "linux_x86_64", "manylinux1_x86_64", "manylinux_2_5_x86_64", "manylinux_2_17_x86_64",
      "manylinux2014_x86_64", "manylinux_2_28_x86_64", "any", "musllinux_1_2_x86_64",
    ]
    let pyabis = ["cp311-cp311", "py3-none", "cp36-abi3", "pp310-pypy310_pp73", "py2.py3-none"]
    var cases: [[String: Any]] = []
    var ours: [PlatformRetag] = []
    for _ in 0..<150 {
      let pyabi = pyabis[rng.below(pyabis.count)]
      let original = Array(Set((0..<(1 + rng.below(3))).map { _ in platforms[rng.below(platforms.count)] })).sorted()
      let filename = "pkg-1.0-\(pyabi)-\(original.joined(separator: ".")).whl"
      let pys = pyabi.split(separator: "-")
      var wheel = "Wheel-Version: 1.0\nGenerator: gen 1.0\nRoot-Is-Purelib: \(original == ["any"])\n"
      for python in pys[0].split(separator: ".") {
        for platform in original { wheel += "Tag: \(python)-\(pys[1])-\(platform)\n" }
      }
      if rng.below(3) == 0 { wheel += "Build: 7\nTag: \(pys[0].split(separator: ".")[0])-extra-linux_x86_64\n" }
      let add = Array(Set((0..<(1 + rng.below(3))).map { _ in platforms[1 + rng.below(platforms.count - 2)] }))
      let remove = rng.below(4) == 0 ? [] : ["linux_x86_64"]
      cases.append(["filename": filename, "wheel": wheel, "add": add, "remove": remove])
      ours.append(try PlatformRetag(filename: filename, metadata: WheelMetadata.parse(Array(wheel.utf8)), add: add, remove: remove))
    }
    let output = try #require(try PythonOracle.json(Self.addPlatformsScript, cases) as? [[String: Any]])
    for (index, (retag, python)) in zip(ours, output).enumerated() {
      #expect(retag.filename == python["filename"] as? String, "\(cases[index])")
      #expect(retag.metadataChanged == python["changed"] as? Bool, "\(cases[index])")
      let expected = python["wheel"] as? String ?? ""
      let written = retag.metadataChanged ? String(decoding: retag.metadata.serialized(), as: UTF8.self) : cases[index]["wheel"] as? String ?? ""
      #expect(written == expected, "\(cases[index])")
    }
  }

  static let emailScript = """
    import base64, io, json, sys
    from email.parser import Parser
    from email.generator import BytesGenerator
    out = []
    for item in json.load(open(sys.argv[1])):
        raw = base64.b64decode(item)
        text = io.TextIOWrapper(io.BytesIO(raw), encoding="ascii", errors="surrogateescape").read()
        message = Parser().parsestr(text)
        buffer = io.BytesIO()
        BytesGenerator(buffer, mangle_from_=False, maxheaderlen=0).flatten(message)
        out.append(base64.b64encode(buffer.getvalue()).decode())
    print(json.dumps(out))
    """

  static let addPlatformsScript = """
    import json, sys, tempfile, logging
    from pathlib import Path
    logging.disable(logging.CRITICAL)
    from auditwheel.wheeltools import add_platforms
    class Ctx:
        pass
    out = []
    for case in json.load(open(sys.argv[1])):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            info = root / "pkg-1.0.dist-info"
            info.mkdir()
            (info / "WHEEL").write_bytes(case["wheel"].encode())
            ctx = Ctx()
            ctx.path = root
            ctx.in_wheel = root / case["filename"]
            ctx.out_wheel = root / "out" / case["filename"]
            result = add_platforms(ctx, case["add"], case["remove"])
            written = (info / "WHEEL").read_bytes().decode()
            out.append({"filename": result.name, "wheel": written, "changed": written != case["wheel"]})
    print(json.dumps(out))
    """
}

/// Large, adversarial inputs parse in linear time and give the expected values.
@Suite struct WheelLargeInputTests {
  @Test func longWhitespaceRuns() throws {
    let spaces = String(repeating: " ", count: 400_000)
    let block = HeaderBlock.parse(Array("Generator:\(spaces)x\nTag:\(spaces)\n".utf8))
    #expect(block.value("Generator") == "x")
    #expect(block.value("Tag") == "")
    #expect(try PEP440Version.parse(spaces + "1.0" + spaces).description == "1.0")
    let csv = try CSVReader.parse(String(repeating: ",", count: 200_000) + "\n")
    #expect(csv.first?.fields.count == 200_001)
    let lines = String(repeating: "Tag: a-b-c\n", count: 50_000)
    #expect(WheelMetadata.parse(Array(lines.utf8)).tags.count == 50_000)
  }
}
