/// A wheel file name (PEP 427): `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`,
/// parsed as `packaging.utils.parse_wheel_filename` (packaging 25) does.
///
/// Components are kept as written, so ``description`` prints the name back unchanged; the
/// normalized views (``canonicalName``, ``version``, ``tags``) follow packaging.
public struct WheelFilename: Sendable, Hashable, CustomStringConvertible {
  /// The project-name part as written (`python_snappy`).
  public let name: String
  /// The version part as written.
  public let versionText: String
  /// The parsed version.
  public let version: PEP440Version
  /// The build tag as written, if any (`1`, `2abc`).
  public let build: String?
  /// Python tags as written (`cp311`, or `py2`, `py3` for `py2.py3`).
  public let pythonTags: [String]
  /// ABI tags as written.
  public let abiTags: [String]
  /// Platform tags as written.
  public let platformTags: [String]

  /// Parses a file name (no directory part).
  ///
  /// - Throws: ``WheelError/notAWheelFilename(_:)``, ``WheelError/wrongNumberOfParts(filename:dashes:)``,
  ///   ``WheelError/invalidProjectName(filename:)``, ``WheelError/invalidVersion(filename:version:)``,
  ///   ``WheelError/invalidBuildTag(filename:build:)``.
  public static func parse(_ filename: String) throws(WheelError) -> WheelFilename {
    let bytes = Array(filename.utf8)
    guard bytes.count >= 4, bytes.suffix(4).elementsEqual(".whl".utf8) else {
      throw .notAWheelFilename(filename)
    }
    let stem = String(decoding: bytes.dropLast(4), as: UTF8.self)
    let parts = splitScalars(stem, on: "-")
    let dashes = parts.count - 1
    guard dashes == 4 || dashes == 5 else {
      throw .wrongNumberOfParts(filename: stem, dashes: dashes)
    }
    let name = parts[0]
    guard !name.contains("__"), name.unicodeScalars.allSatisfy(isNameScalar) else {
      throw .invalidProjectName(filename: stem)
    }
    let version: PEP440Version
    do { version = try PEP440Version.parse(parts[1]) } catch {
      throw .invalidVersion(filename: stem, version: parts[1])
    }
    var build: String?
    if dashes == 5 {
      guard let first = parts[2].utf8.first, first >= 0x30, first <= 0x39 else {
        throw .invalidBuildTag(filename: stem, build: parts[2])
      }
      build = parts[2]
    }
    let tags = parts.suffix(3).map { splitScalars($0, on: ".") }
    return WheelFilename(
      name: name, versionText: parts[1], version: version, build: build,
      pythonTags: tags[0], abiTags: tags[1], platformTags: tags[2])
  }

  /// Builds a file name from components (they are not validated).
  public init(
    name: String, versionText: String, version: PEP440Version, build: String?,
    pythonTags: [String], abiTags: [String], platformTags: [String]
  ) {
    self.name = name
    self.versionText = versionText
    self.version = version
    self.build = build
    self.pythonTags = pythonTags
    self.abiTags = abiTags
    self.platformTags = platformTags
  }

  /// The file name, components as written, compressed tag sets joined with `.`.
  public var description: String {
    var parts = [name, versionText]
    if let build { parts.append(build) }
    parts += [pythonTags, abiTags, platformTags].map { $0.joined(separator: ".") }
    return parts.joined(separator: "-") + ".whl"
  }

  /// PEP 503 canonical project name (`python-snappy`).
  public var canonicalName: String { ProjectName.canonicalize(name) }

  /// The build tag split as packaging does: leading digits as a number string, and the rest.
  public var buildTag: (number: String, suffix: String)? {
    guard let build else { return nil }
    let digits = build.prefix { $0.isASCII && $0.isNumber }
    let number = digits.drop { $0 == "0" }
    return (number.isEmpty ? "0" : String(number), String(build.dropFirst(digits.count)))
  }

  /// Every (python, abi, platform) combination, lower-cased.
  public var tags: Set<WheelTag> {
    var result: Set<WheelTag> = []
    for python in pythonTags {
      for abi in abiTags {
        for platform in platformTags { result.insert(WheelTag(python: python, abi: abi, platform: platform)) }
      }
    }
    return result
  }

  /// The distinct platform tags, lower-cased and sorted (auditwheel's `get_wheel_platforms`).
  public var platforms: [String] { Set(platformTags.map { $0.lowercased() }).sorted() }

  /// The same name with other platform tags (used by the repair re-tagging).
  public func replacingPlatformTags(_ tags: [String]) -> WheelFilename {
    WheelFilename(
      name: name, versionText: versionText, version: version, build: build,
      pythonTags: pythonTags, abiTags: abiTags, platformTags: tags)
  }
}

/// `[\w\d._]` restricted to ASCII: letters, digits, `.`, `_`.
private func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x5F: true
  default: false
  }
}

/// Splits on a scalar (not a `Character`, so a combining mark cannot hide a separator), keeping
/// empty pieces, as Python's `str.split(sep)`.
func splitScalars(_ text: String, on separator: Unicode.Scalar) -> [String] {
  text.unicodeScalars.split(separator: separator, omittingEmptySubsequences: false)
    .map { String(String.UnicodeScalarView($0)) }
}
