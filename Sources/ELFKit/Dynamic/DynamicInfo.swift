/// What the dynamic section says about linking, computed in one pass over its entries.
///
/// Strings are the raw values from the dynamic string table; ``DynamicInfo/splitPath(_:)``
/// splits an `RPATH`/`RUNPATH` into its entries.
public struct DynamicInfo: Sendable, Hashable, Codable {
  /// Every entry before the first `DT_NULL`, in file order.
  public var entries: [DynamicEntry]
  /// File offset of the dynamic array.
  public var offset: UInt64
  /// `DT_NEEDED` strings, in order.
  public var needed: [String]
  /// `DT_SONAME`
  public var soname: String?
  /// `DT_RPATH`, unsplit.
  public var rpath: String?
  /// `DT_RUNPATH`, unsplit.
  public var runpath: String?
  /// `DT_FLAGS`
  public var flags: UInt64?
  /// `DT_FLAGS_1`
  public var flags1: UInt64?
  /// `DT_STRSZ`
  public var stringTableSize: UInt64?
  /// `DT_VERNEEDNUM`
  public var versionNeedCount: UInt64?
  /// `DT_VERDEFNUM`
  public var versionDefinitionCount: UInt64?

  /// The value of the first entry with `tag`.
  public func value(of tag: DynamicTag) -> UInt64? {
    entries.first { $0.tag == tag }?.value
  }

  /// Splits a search path on `:` the way the loader does (empty entries are kept: ld.so treats
  /// them as the current directory).
  public static func splitPath(_ path: String) -> [String] {
    path.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
  }

  /// An object without a dynamic section.
  public static let none = DynamicInfo(
    entries: [], offset: 0, needed: [], soname: nil, rpath: nil, runpath: nil, flags: nil,
    flags1: nil, stringTableSize: nil, versionNeedCount: nil, versionDefinitionCount: nil)
}
