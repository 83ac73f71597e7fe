/// auditwheel's `add_platforms` (`wheeltools.py`): the new file name and WHEEL tags after a
/// repair, given the tags to add (`abis`) and to remove (`linux_<arch>`).
public struct PlatformRetag: Sendable, Hashable {
  /// The output file name.
  public let filename: String
  /// The sorted, `.`-joined platform tags of ``filename``.
  public let platformTags: [String]
  /// The updated WHEEL metadata; equal to the input when ``metadataChanged`` is false.
  public let metadata: WheelMetadata
  /// Whether auditwheel would rewrite the WHEEL file (it leaves it untouched otherwise).
  public let metadataChanged: Bool

  /// Computes the re-tagging.
  ///
  /// * File name: the original platform tags (lower-cased, sorted, unique) minus `remove`, then
  ///   `add` appended, duplicates dropped; `any` is dropped when other tags remain; the result
  ///   is sorted by code point and joined with `.` after the input name up to its last `-`.
  /// * WHEEL: for each distinct `python-abi` pair of the existing `Tag` lines, in order, tags
  ///   `pair-platform` for every platform of `add` (in `add` order) are appended when missing;
  ///   `pair-r` for every removed tag `r` (and `any` when dropped) is deleted. Only when the tag
  ///   list changes are all `Tag` headers moved to the end, and — if `any` was dropped —
  ///   `Root-Is-Purelib` replaced by `Root-Is-Purelib: False` after them.
  ///
  /// - Parameters:
  ///   - filename: the input wheel's file name.
  ///   - metadata: its WHEEL file.
  ///   - add: platform tags to add (`abis`).
  ///   - remove: platform tags to remove (`get_replace_platforms(abis[0])`).
  /// - Throws: the errors of ``WheelFilename/parse(_:)``.
  public init(filename: String, metadata: WheelMetadata, add: [String], remove: [String])
    throws(WheelError)
  {
    let original = try WheelFilename.parse(filename).platforms
    var toRemove = remove
    var tags = uniqueByIndex(original.filter { !remove.contains($0) } + add)
    var notPurelib = false
    if tags.contains("any") && tags.count > 1 {
      tags.removeAll { $0 == "any" }  // unique already, so this removes one
      toRemove.append("any")
      notPurelib = true
    }
    let sortedTags = tags.sorted(by: codePointLess)
    let scalars = Array(filename.unicodeScalars)
    let dash = scalars.lastIndex(of: "-") ?? scalars.endIndex
    var prefix = ""
    prefix.unicodeScalars.append(contentsOf: scalars[..<dash])
    self.filename = prefix + "-" + sortedTags.joined(separator: ".") + ".whl"
    self.platformTags = sortedTags

    let existing = metadata.tags
    let pairs = uniqueByIndex(existing.map { splitScalars($0, on: "-").prefix(2).joined(separator: "-") })
    let wanted = pairs.flatMap { pair in add.map { "\(pair)-\($0)" } }
    let newTags = wanted.filter { !existing.contains($0) }
    let unwanted = Set(pairs.flatMap { pair in toRemove.map { "\(pair)-\($0)" } })
    let updated = existing.filter { !unwanted.contains($0) } + newTags
    var result = metadata
    if updated != existing {
      result.block.removeAll("Tag")
      for tag in updated { result.block.append("Tag", tag) }
      if notPurelib {
        result.block.removeAll("Root-Is-Purelib")
        result.block.append("Root-Is-Purelib", "False")
      }
    }
    self.metadata = result
    self.metadataChanged = updated != existing
  }
}

/// The elements of `sequence` without repeats, in first-seen order (`unique_by_index`).
func uniqueByIndex(_ sequence: [String]) -> [String] {
  var seen: Set<String> = []
  return sequence.filter { seen.insert($0).inserted }
}

/// Python's `str` ordering: by Unicode code point.
func codePointLess(_ a: String, _ b: String) -> Bool {
  a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}
