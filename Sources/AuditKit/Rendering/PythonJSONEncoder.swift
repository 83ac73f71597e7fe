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

/// A node being built; containers hand out child slots that are filled in later.
private final class Slot {
  enum Content {
    case empty
    case scalar(PythonJSON)
    case object([(String, Slot)])
    case array([Slot])
  }

  var content: Content = .empty

  func json() -> PythonJSON {
    switch content {
    case .empty: return .null
    case .scalar(let value): return value
    case .object(let members): return .object(members.map { PythonJSON.Member($0.0, $0.1.json()) })
    case .array(let items): return .array(items.map { $0.json() })
    }
  }

  func append(key: String) -> Slot {
    let child = Slot()
    if case .object(var members) = content {
      members.append((key, child))
      content = .object(members)
    } else {
      content = .object([(key, child)])
    }
    return child
  }

  func appendItem() -> Slot {
    let child = Slot()
    if case .array(var items) = content {
      items.append(child)
      content = .array(items)
    } else {
      content = .array([child])
    }
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
    if case .object = slot.content {} else { slot.content = .object([]) }
    return KeyedEncodingContainer(KeyedSlot<Key>(slot: slot, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if case .array = slot.content {} else { slot.content = .array([]) }
    return UnkeyedSlot(slot: slot, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleSlot(slot: slot, codingPath: codingPath)
  }
}

/// Scalar conversions shared by the three containers.
private func scalar<T: Encodable>(_ value: T, into slot: Slot, path: [any CodingKey]) throws {
  switch value {
  case let v as Bool: slot.content = .scalar(.bool(v))
  case let v as String: slot.content = .scalar(.string(v))
  case let v as Int: slot.content = .scalar(.int(v))
  case let v as any FixedWidthInteger:
    guard let int = Int(exactly: v) else {
      throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "integer out of range"))
    }
    slot.content = .scalar(.int(int))
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

  mutating func encodeNil(forKey key: Key) throws { child(key).content = .scalar(.null) }
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
  var count: Int {
    if case .array(let items) = slot.content { return items.count }
    return 0
  }

  private var nextPath: [any CodingKey] { codingPath + [AnyKey(intValue: count)] }

  mutating func encodeNil() throws { slot.appendItem().content = .scalar(.null) }
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

  mutating func encodeNil() throws { slot.content = .scalar(.null) }
  mutating func encode<T: Encodable>(_ value: T) throws { try scalar(value, into: slot, path: codingPath) }
}
