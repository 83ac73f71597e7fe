/// The archive behind a mounted wheel: its entries and their bytes.
///
/// The adapter over the zip reader implements this. ``VirtualTree`` reads ``entries`` once, when
/// it is built, and keeps only metadata; content is requested from ``read(entry:offset:count:)``
/// on demand, from many FUSE worker threads at once.
public protocol MountSource: Sendable {
  /// The entries in archive order. An entry's index in this array identifies it in
  /// ``read(entry:offset:count:)``.
  var entries: [MountEntry] { get }

  /// The archive's own modification time; implied directories (parents that have no entry of
  /// their own) get it. `nil` means "use the newest entry's time".
  var modificationTime: MountTime? { get }

  /// Returns up to `count` bytes of entry number `entry` starting at `offset`.
  ///
  /// Must be safe to call concurrently. The tree only asks for ranges inside the entry's
  /// ``MountEntry/size`` (`offset < size`, `count <= size - offset`, `count > 0`) and never for
  /// entries that carry a ``MountEntry/problem``. A shorter result means the data ended early;
  /// a thrown error becomes EIO for this read only.
  func read(entry: Int, offset: UInt64, count: Int) throws -> [UInt8]

  /// See the default implementation in the extension below.
  func residentContent(entry: Int) -> ResidentContent?

  /// The hash RECORD gives entry `entry` (`sha256=...`), when the source has a RECORD listing it
  /// with a hash. Default: none (then ``MountEntry/recordHash`` is used).
  func recordHash(entry: Int) -> String?

  /// How entry `entry` compares with its RECORD row (hashing it if needed), or nil when RECORD
  /// gives it no hash. Default: none.
  func recordMatch(entry: Int) -> RecordMatch?
}

extension MountSource {
  /// The whole content of entry `entry` if the source holds it in memory now and is willing to
  /// hand it out for the kernel's page cache (nil: not resident, or too large to copy at once).
  /// Never reads or inflates. The default holds nothing.
  public func residentContent(entry: Int) -> ResidentContent? { nil }
  public func recordHash(entry: Int) -> String? { nil }
  public func recordMatch(entry: Int) -> RecordMatch? { nil }
}

/// A member's whole content handed out by its source, and what keeps it accounted in the
/// source's memory budget while it is held (released with this value).
public struct ResidentContent: Sendable {
  /// The content.
  public let bytes: [UInt8]
  /// Keeps the bytes counted in the source's budget (a cache reservation), if any.
  public let hold: (any Sendable)?

  /// Creates a handed-out content.
  public init(bytes: [UInt8], hold: (any Sendable)? = nil) {
    self.bytes = bytes
    self.hold = hold
  }
}
