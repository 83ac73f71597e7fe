import BinaryKit
import ELFKit

/// Rebuilds the dynamic string table from the model: the original bytes are kept as a prefix,
/// so every offset anything already holds (`DT_NEEDED`, `vn_file`, `vna_name`, `vda_name`,
/// `st_name`, …) stays valid without having to find every reference, and new strings are
/// appended once each.
///
/// A new string that already occurs in the table (as a whole string or as the tail of a longer
/// one, which linkers share) reuses that offset, so an edit naming an existing string needs no
/// new table at all.
struct StringTableBuilder: Sendable, Equatable {
  /// The original table.
  let original: [UInt8]
  /// Strings appended after `original`, each with its NUL.
  private(set) var appended: [UInt8] = []
  private var known: [String: UInt64] = [:]

  init(_ original: [UInt8]) { self.original = original }

  /// The whole table: the original bytes, then the appended strings.
  var bytes: [UInt8] { original + appended }
  var size: UInt64 { UInt64(original.count + appended.count) }
  /// Whether any string had to be appended.
  var grew: Bool { !appended.isEmpty }

  /// The string at `offset`, exactly as the loader reads it.
  func string(at offset: UInt64) throws(PatchError.Reason) -> String {
    guard offset < UInt64(original.count) else {
      throw .unreadable(.stringOffsetOutOfRange(table: .dynamicStringTable, offset: offset))
    }
    do {
      return String(decoding: try ByteReader(original).cStringBytes(at: Int(offset)), as: UTF8.self)
    } catch {
      throw .unreadable(.unterminatedString(table: .dynamicStringTable, offset: offset))
    }
  }

  /// The offset of `s` in the table, appending it when it is not already there.
  mutating func offset(of s: String) -> UInt64 {
    if let hit = known[s] { return hit }
    let needle = Array(s.utf8)
    let found = Self.find(needle, in: original) ?? Self.find(needle, in: appended).map {
      $0 + UInt64(original.count)
    }
    let offset: UInt64
    if let found {
      offset = found
    } else {
      offset = size
      appended += needle + [0]
    }
    known[s] = offset
    return offset
  }

  /// The first index where `needle` followed by a NUL occurs in `haystack`: every match ends
  /// at a terminator, so checking the bytes before each NUL is enough.
  static func find(_ needle: [UInt8], in haystack: [UInt8]) -> UInt64? {
    let n = needle.count
    for nul in haystack.indices where haystack[nul] == 0 && nul >= n {
      if haystack[(nul - n)..<nul].elementsEqual(needle) { return UInt64(nul - n) }
    }
    return nil
  }
}
