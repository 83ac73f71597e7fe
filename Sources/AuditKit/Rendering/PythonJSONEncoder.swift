/// Encodes `Encodable` values as ``PythonJSON``: object keys in the order `encode(to:)` writes
/// them (declaration order for synthesized conformances), camelCase property names turned
/// into snake_case, `nil` optionals written as `null` (never omitted). Floating-point values
/// are not supported (the report has none).
///
/// One source of truth for the report's JSON: `JSONDecoder` with `.convertFromSnakeCase`
/// reads the output back into the same value (tested).
enum PythonJSONEncoder {
  static func encode<T: Encodable>(_ value: T) throws -> PythonJSON {
    let root = Slot()
    try value.encode(to: TreeEncoder(slot: root, codingPath: []))
    return root.json()
  }

  /// `schemaVersion` → `schema_version`: an underscore before every upper-case letter that
  /// follows a lower-case letter or digit, everything lower-cased.
  static func snakeCase(_ key: String) -> String {
    if key.utf8.allSatisfy({ $0 < 0x80 }) {
      var bytes: [UInt8] = []
      bytes.reserveCapacity(key.utf8.count + 4)
      var previousIsLowerOrDigit = false
      for byte in key.utf8 {
        if byte >= 0x41 && byte <= 0x5A {
          if previousIsLowerOrDigit { bytes.append(0x5F) }
          bytes.append(byte + 0x20)
          previousIsLowerOrDigit = false
        } else {
          bytes.append(byte)
          previousIsLowerOrDigit = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
    var out = ""
    var previousIsLowerOrDigit = false
    for character in key {
      if character.isUppercase {
        if previousIsLowerOrDigit { out.append("_") }
        out += character.lowercased()
        previousIsLowerOrDigit = false
      } else {
        out.append(character)
        previousIsLowerOrDigit = character.isLowercase || character.isNumber
      }
    }
    return out
  }
}

/// A node being built; containers hand out child slots that are filled in later. Children are
/// appended in place (no copy of the sibling list per append).
private final class Slot {
  enum Kind {
    case empty, scalar, object, array
  }

  var kind: Kind = .empty
  var value: PythonJSON = .null
  var members: [(String, Slot)] = []
  var items: [Slot] = []

  func json() -> PythonJSON {
    switch kind {
    case .empty: return .null
    case .scalar: return value
    case .object: return .object(members.map { PythonJSON.Member($0.0, $0.1.json()) })
    case .array: return .array(items.map { $0.json() })
    }
  }

  func set(_ scalar: PythonJSON) {
    kind = .scalar
    value = scalar
  }

  func append(key: String) -> Slot {
    let child = Slot()
    kind = .object
    members.append((key, child))
    return child
  }

  func appendItem() -> Slot {
    let child = Slot()
    kind = .array
    items.append(child)
    return child
  }
}

private struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) {
    self.stringValue = String(intValue)
    self.intValue = intValue
  }
}

private struct TreeEncoder: Encoder {
  let slot: Slot
  var codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if slot.kind != .object { slot.kind = .object }
    return KeyedEncodingContainer(KeyedSlot<Key>(slot: slot, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if slot.kind != .array { slot.kind = .array }
    return UnkeyedSlot(slot: slot, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleSlot(slot: slot, codingPath: codingPath)
  }
}

/// Scalar conversions shared by the three containers.
private func scalar<T: Encodable>(_ value: T, into slot: Slot, path: [any CodingKey]) throws {
  switch value {
  case let v as Bool: slot.set(.bool(v))
  case let v as String: slot.set(.string(v))
  case let v as Int: slot.set(.int(v))
  case let v as any FixedWidthInteger:
    guard let int = Int(exactly: v) else {
      throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "integer out of range"))
    }
    slot.set(.int(int))
  case is Double, is Float:
    throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "floating point not supported"))
  default:
    try value.encode(to: TreeEncoder(slot: slot, codingPath: path))
  }
}

private struct KeyedSlot<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let slot: Slot
  var codingPath: [any CodingKey]

  private func child(_ key: Key) -> Slot { slot.append(key: PythonJSONEncoder.snakeCase(key.stringValue)) }

  mutating func encodeNil(forKey key: Key) throws { child(key).set(.null) }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try scalar(value, into: child(key), path: codingPath + [key])
  }
  mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
    guard let value else { return try encodeNil(forKey: key) }
    try encode(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
    guard let value else { return try encodeNil(forKey: key) }
    try encode(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
    guard let value else { return try encodeNil(forKey: key) }
    try encode(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
    guard let value else { return try encodeNil(forKey: key) }
    try encode(value, forKey: key)
  }
  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    TreeEncoder(slot: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
  }
  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    TreeEncoder(slot: child(key), codingPath: codingPath + [key]).unkeyedContainer()
  }
  mutating func superEncoder() -> any Encoder {
    TreeEncoder(slot: slot.append(key: "super"), codingPath: codingPath)
  }
  mutating func superEncoder(forKey key: Key) -> any Encoder {
    TreeEncoder(slot: child(key), codingPath: codingPath + [key])
  }
}

private struct UnkeyedSlot: UnkeyedEncodingContainer {
  let slot: Slot
  var codingPath: [any CodingKey]
  var count: Int { slot.items.count }

  private var nextPath: [any CodingKey] { codingPath + [AnyKey(intValue: count)] }

  mutating func encodeNil() throws { slot.appendItem().set(.null) }
  mutating func encode<T: Encodable>(_ value: T) throws {
    let path = nextPath
    try scalar(value, into: slot.appendItem(), path: path)
  }
  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
    let path = nextPath
    return TreeEncoder(slot: slot.appendItem(), codingPath: path).container(keyedBy: keyType)
  }
  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let path = nextPath
    return TreeEncoder(slot: slot.appendItem(), codingPath: path).unkeyedContainer()
  }
  mutating func superEncoder() -> any Encoder {
    TreeEncoder(slot: slot.appendItem(), codingPath: nextPath)
  }
}

private struct SingleSlot: SingleValueEncodingContainer {
  let slot: Slot
  var codingPath: [any CodingKey]

  mutating func encodeNil() throws { slot.set(.null) }
  mutating func encode<T: Encodable>(_ value: T) throws { try scalar(value, into: slot, path: codingPath) }
}
