/// The `<name>-<version>.dist-info/` directory of a wheel and its `METADATA`.
public struct DistInfo: Sendable, Hashable {
  /// The directory with its trailing `/`, e.g. `numpy-2.4.6.dist-info/`.
  public let directory: String

  /// The directory name's project part (text before the last `-`).
  public var name: String {
    let stem = directory.dropLast(".dist-info/".count)
    guard let dash = stem.lastIndex(of: "-") else { return String(stem) }
    return String(stem[..<dash])
  }

  /// The directory name's version part (text after the last `-`).
  public var version: String {
    let stem = directory.dropLast(".dist-info/".count)
    guard let dash = stem.lastIndex(of: "-") else { return "" }
    return String(stem[stem.index(after: dash)...])
  }

  /// `<directory>RECORD`.
  public var recordPath: String { directory + "RECORD" }
  /// `<directory>WHEEL`.
  public var wheelPath: String { directory + "WHEEL" }
  /// `<directory>METADATA`.
  public var metadataPath: String { directory + "METADATA" }

  /// Finds the single top-level `*.dist-info` directory among archive member paths (files or
  /// directory entries), as auditwheel's `_dist_info_dir` requires.
  ///
  /// - Throws: ``WheelError/noDistInfo`` or ``WheelError/multipleDistInfo(_:)`` (sorted).
  public static func find(in members: [String]) throws(WheelError) -> DistInfo {
    var found: Set<String> = []
    for member in members {
      guard let slash = member.firstIndex(of: "/") else { continue }
      let top = member[..<slash]
      if top.hasSuffix(".dist-info") && top.count > ".dist-info".count { found.insert(String(top)) }
    }
    guard let only = found.first else { throw .noDistInfo }
    guard found.count == 1 else { throw .multipleDistInfo(found.sorted(by: codePointLess)) }
    return DistInfo(directory: only + "/")
  }
}

/// The core metadata fields wheelfs needs from `METADATA` (RFC 822 headers, UTF-8).
public struct CoreMetadata: Sendable, Hashable {
  /// `Metadata-Version`.
  public let metadataVersion: String?
  /// `Name`, as written.
  public let name: String
  /// `Version`, as written.
  public let version: String

  /// Parses `METADATA` bytes.
  ///
  /// - Throws: ``WheelError/missingHeader(file:header:)`` when `Name` or `Version` is absent,
  ///   ``WheelError/invalidText(file:)`` when they are not valid UTF-8.
  public static func parse(_ bytes: [UInt8]) throws(WheelError) -> CoreMetadata {
    let block = HeaderBlock.parse(bytes)
    func field(_ header: String) throws(WheelError) -> String {
      guard block.value(header) != nil else { throw .missingHeader(file: "METADATA", header: header) }
      guard let value = block.utf8Value(header) else { throw .invalidText(file: "METADATA") }
      return value.trimmingPythonWhitespace()
    }
    return CoreMetadata(
      metadataVersion: block.utf8Value("Metadata-Version"), name: try field("Name"),
      version: try field("Version"))
  }

  /// PEP 503 canonical project name.
  public var canonicalName: String { ProjectName.canonicalize(name) }
}

extension String {
  /// The string without leading and trailing ASCII whitespace.
  func trimmingPythonWhitespace() -> String {
    let scalars = Array(unicodeScalars)
    func isSpace(_ s: Unicode.Scalar) -> Bool {
      s == " " || (0x09...0x0D).contains(s.value) || (0x1C...0x1F).contains(s.value)
    }
    guard let first = scalars.firstIndex(where: { !isSpace($0) }),
      let last = scalars.lastIndex(where: { !isSpace($0) })
    else { return "" }
    var result = ""
    result.unicodeScalars.append(contentsOf: scalars[first...last])
    return result
  }
}
