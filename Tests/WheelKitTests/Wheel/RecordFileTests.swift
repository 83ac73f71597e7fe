import Crypto
import Foundation
import TestSupport
import Testing

@testable import WheelKit

@Suite struct RecordFileTests {
  static let trickyPaths = [
    "pkg/__init__.py", "pkg/a,b.py", "pkg/quote\"d.py", "pkg/\"leading", "pkg/sp ace.py", " lead/trail ",
    "pkg/caf\u{E9}/\u{1F40D}.so", "pkg/new\nline", "pkg/cr\rreturn", "pkg/crlf\r\n", "pkg/semi;colon",
    "pkg/tab\there", "", "pkg/'single'", "pkg/x\"\"y,z", "pkg/back\\slash",
  ]

  /// Writing equals Python's `csv.writer` byte for byte (`\r\n`, minimal quoting).
  @Test func writerMatchesPythonCSV() throws {
    var rows = Self.trickyPaths.map { [$0, "sha256=abc", "12"] }
    rows.append(["pkg-1.0.dist-info/RECORD", "", ""])
    rows.append([""])
    rows.append(["a", "b"])
    let ours = rows.map(CSVWriter.row).joined()
    let python = try PythonOracle.run(Self.writeScript, input: try Self.jsonText(rows))
    #expect(ours == python)
  }

  /// Reading equals `csv.reader(io.StringIO(text, newline=""))`, including malformed input.
  @Test func readerMatchesPythonCSV() throws {
    let written = Self.trickyPaths.map { CSVWriter.row([$0, "h", "1"]) }.joined()
    let texts = [
      written,
      "a,b,c\n\nd,e,f\r\n",
      "a,b,c\rd,e,f\r",
      "\"ab\"c,d\n",
      "a\"b,c\n",
      "\"unterminated,x\ny",
      "\"multi\nline\",2,3",
      "a,b,\n,\n",
      "no newline at end",
      "\"\",\"\"\"\",x\r\n",
      "x\u{0}y,z\n",
      "caf\u{E9},\u{1F40D}\r\n",
      "\"q\"\r\n\"r\"\"\"",
      "",
      "\n\n",
    ]
    let output = try #require(try PythonOracle.json(Self.readScript, texts) as? [[[String]]])
    for (text, python) in zip(texts, output) {
      let rows = try CSVReader.parse(text).map(\.fields)
      #expect(rows == python, "\(text.debugDescription)")
    }
  }

  @Test func rowsRememberTheirLine() throws {
    let rows = try CSVReader.parse("a,1,2\n\"b\nc\",3,4\nd,5,6\n")
    #expect(rows.map(\.line) == [1, 2, 4])
  }

  @Test func oversizedFieldsAreRefused() {
    let huge = String(repeating: "x", count: CSVReader.fieldSizeLimit + 1)
    #expect(throws: WheelError.recordFieldTooLong(line: 2, limit: CSVReader.fieldSizeLimit)) {
      try CSVReader.parse("ok,1,2\n\(huge),1,2\n")
    }
    #expect(throws: Never.self) {
      try CSVReader.parse(String(repeating: "y", count: CSVReader.fieldSizeLimit) + ",1,2\n")
    }
  }

  @Test func recordRejectsInvalidUTF8() {
    #expect(throws: WheelError.recordNotUTF8(offset: 5)) { try RecordFile.parse(Array("a,b,c".utf8) + [0xC3, 0x28]) }
    #expect(throws: WheelError.recordNotUTF8(offset: 0)) { try RecordFile.parse([0xED, 0xA0, 0x80]) }
    #expect(RecordFile.firstInvalidUTF8(Array("caf\u{E9}\u{1F40D}".utf8)) == 9)
  }

  /// URL-safe base64 without padding, checked against Python's `urlsafe_b64encode`.
  @Test func base64MatchesPython() throws {
    var rng = WheelSplitMix(seed: 64)
    let inputs = (0..<40).map { length in (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
    let python = try #require(
      try PythonOracle.json(Self.base64Script, inputs.map { $0.map(Int.init) }) as? [String])
    for (bytes, expected) in zip(inputs, python) {
      #expect(Base64URL.encode(bytes) == expected)
      #expect(Base64URL.decode(expected) == bytes)
    }
    #expect(Base64URL.decode("AB") == nil, "non-zero trailing bits")
    #expect(Base64URL.decode("A") == nil)
    #expect(Base64URL.decode("ab+/") == nil)
    #expect(Base64URL.decode("AA==") == [0])
  }

  /// The generated RECORD equals the one auditwheel's `rewrite_record` writes for the same
  /// files (walk order, dist-info last, RECORD last with empty fields, hashes, CSV).
  @Test func generatedRecordMatchesAuditwheel() throws {
    let files: [String: [UInt8]] = [
      "pkg/__init__.py": Array("print('hi')\n".utf8),
      "pkg/sub/z.so": [0x7F, 0x45, 0x4C, 0x46, 0, 1, 2],
      "pkg/sub/a,b.txt": Array("comma".utf8),
      "pkg/B.txt": [],
      "Zed.py": Array("z".utf8),
      "pkg-1.0.data/scripts/tool": Array("#!python\n".utf8),
      "pkg.libs/libfoo-0123abcd.so.1": Array(repeating: 0xAB, count: 5000),
      "pkg-1.0.dist-info/WHEEL": Array("Wheel-Version: 1.0\n".utf8),
      "pkg-1.0.dist-info/METADATA": Array("Name: pkg\nVersion: 1.0\n".utf8),
      "pkg-1.0.dist-info/RECORD": [],
      "pkg-1.0.dist-info/licenses/LICENSE": Array("MIT".utf8),
      "pkg-1.0.dist-info/Z_after_record": Array("x".utf8),
      "pkg/inner-0.dist-info/RECORD": Array("y".utf8),
      "pkg/inner-0.dist-info/A": Array("a".utf8),
      "caf\u{E9}/\u{1F40D}.py": Array("snake".utf8),
    ]
    let order = RecordFile.walkOrder(Array(files.keys) + ["pkg/", "pkg/sub/"])
    let record = RecordFile.generate(
      files: order.map { path in
        let bytes = files[path] ?? []
        return (path, Array(SHA256.hash(data: bytes)), bytes.count)
      }, recordPath: "pkg-1.0.dist-info/RECORD")
    let input = files.mapValues { Data($0).base64EncodedString() }
    let python = try PythonOracle.run(Self.rewriteRecordScript, input: try Self.jsonText(input))
    #expect(String(decoding: record.serialized(), as: UTF8.self) == python)
    #expect(order.suffix(3) == ["pkg-1.0.dist-info/Z_after_record", "pkg-1.0.dist-info/RECORD", "pkg-1.0.dist-info/licenses/LICENSE"])
    #expect(order.first == "Zed.py")
    #expect(try RecordFile.parse(record.serialized()).entries == record.entries)
  }

  static func jsonText(_ value: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
  }

  static let writeScript = """
    import csv, io, json, sys
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in json.load(open(sys.argv[1])):
        writer.writerow(row)
    sys.stdout.buffer.write(buffer.getvalue().encode("utf-8"))
    """

  static let readScript = """
    import csv, io, json, sys
    out = [list(csv.reader(io.StringIO(text, newline=""))) for text in json.load(open(sys.argv[1]))]
    print(json.dumps(out))
    """

  static let base64Script = """
    import base64, json, sys
    out = [base64.urlsafe_b64encode(bytes(b)).rstrip(b"=").decode() for b in json.load(open(sys.argv[1]))]
    print(json.dumps(out))
    """

  static let rewriteRecordScript = """
    import base64, json, sys, tempfile
    from pathlib import Path
    from auditwheel.wheeltools import rewrite_record
    files = json.load(open(sys.argv[1]))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for path, content in files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(content))
        rewrite_record(root)
        sys.stdout.buffer.write((root / "pkg-1.0.dist-info" / "RECORD").read_bytes())
    """
}
