/// An open space of ELF constants (`PT_*`, `SHT_*`, `DT_*`, `EM_*`, `STT_*`, …): any raw value
/// is representable; known ones have their C name.
///
/// `description` prints the C name without its prefix (`NEEDED`, `FUNC`), falling back to hex.
/// Values encode to JSON as numbers.
public protocol ELFConstant: RawRepresentable, Hashable, Sendable, Codable,
  CustomStringConvertible
where RawValue: FixedWidthInteger & UnsignedInteger & Codable & Sendable {
  /// Known values and their names.
  static var names: [RawValue: String] { get }
  init(rawValue: RawValue)
}

extension ELFConstant {
  public var description: String {
    Self.names[rawValue] ?? "0x" + String(rawValue, radix: 16)
  }

  public init(from decoder: any Decoder) throws {
    self.init(rawValue: try decoder.singleValueContainer().decode(RawValue.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}
