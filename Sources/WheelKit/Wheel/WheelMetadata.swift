/// The `.dist-info/WHEEL` file: `Wheel-Version`, `Generator`, `Root-Is-Purelib`, repeated
/// `Tag` lines, optional `Build`, and any other header, all kept in order.
///
/// Parsing and serialization follow Python's `email` package as auditwheel uses it (see
/// ``HeaderBlock``), so an unchanged file can be written back byte-identical to what
/// auditwheel would write.
public struct WheelMetadata: Sendable, Hashable {
  /// The parsed header block; edit it to change any field.
  public var block: HeaderBlock

  public init(block: HeaderBlock) { self.block = block }

  /// Parses the bytes of a WHEEL file. Never fails (see ``HeaderBlock/parse(_:)``).
  public static func parse(_ bytes: [UInt8]) -> WheelMetadata {
    WheelMetadata(block: HeaderBlock.parse(bytes))
  }

  /// The bytes auditwheel's `write_pkg_info` would write.
  public func serialized() -> [UInt8] { block.serialized() }

  /// `Wheel-Version`, e.g. `1.0`.
  public var wheelVersion: String? { block.value("Wheel-Version") }
  /// `Generator`, e.g. `bdist_wheel (0.41.2)`.
  public var generator: String? { block.value("Generator") }
  /// `Build`, the build tag, if any.
  public var build: String? { block.value("Build") }
  /// `Root-Is-Purelib` read as a boolean (`true`/`false`, any case); `nil` if absent or other.
  public var rootIsPurelib: Bool? {
    switch block.value("Root-Is-Purelib")?.lowercased() {
    case "true": true
    case "false": false
    default: nil
    }
  }

  /// The `Tag` values in order. Like auditwheel (`name == "Tag"`), the header name is matched
  /// case-sensitively here.
  public var tags: [String] {
    block.headers.filter { $0.name == "Tag" }.map(\.value)
  }

  /// Every expanded tag triple of the `Tag` lines, skipping values that are not
  /// `python-abi-platform` (the tags of a WHEEL file are never compressed).
  public var tagTriples: [WheelTag] {
    tags.compactMap { tag in
      let parts = splitScalars(tag, on: "-")
      guard parts.count == 3 else { return nil }
      return WheelTag(python: parts[0], abi: parts[1], platform: parts[2])
    }
  }
}
