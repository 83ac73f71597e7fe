import BinaryKit

/// Reads the small fixed-size records of a linked chain (`Elf_Verneed`, `Elf_Verdef`, …) from
/// one window fetched up front, falling back to a direct read for records outside it.
///
/// Callers keep a visited-offset set per chain; ``next(_:_:_:fileSize:)`` rejects a zero or
/// out-of-range step, so every chain walk is bounded by the file size.
struct ChainWindow {
  let file: ELFFile
  let window: ByteReader
  let windowStart: UInt64

  /// Largest window fetched up front.
  static let maxWindow: UInt64 = 64 * 1024

  init(_ file: ELFFile, offset: UInt64, available: UInt64, structure: ELFStructure)
    throws(ELFError)
  {
    self.file = file
    self.windowStart = offset
    let size = min(available, Self.maxWindow, file.fileSize > offset ? file.fileSize - offset : 0)
    self.window = try file.region(structure, offset: offset, size: size)
  }

  /// A reader holding the `size` bytes at `offset`.
  func record(at offset: UInt64, size: UInt64, _ structure: ELFStructure)
    throws(ELFError) -> ByteReader
  {
    if offset >= windowStart, let end = Checked.add(offset, size),
      end <= windowStart + UInt64(window.end)
    {
      do { return try window.window(at: Int(offset - windowStart), count: Int(size)) } catch {
        throw ELFError.from(error, structure)
      }
    }
    return try file.region(structure, offset: offset, size: size)
  }

  /// `base + delta` as the next record's offset; a zero or overflowing delta is a malformed
  /// chain (a zero `*_next` before the declared count is reached would revisit `base`).
  static func next(
    _ base: UInt64, _ delta: UInt32, _ structure: ELFStructure, fileSize: UInt64,
    allowZero: Bool = false
  ) throws(ELFError) -> UInt64 {
    guard delta != 0 || allowZero else { throw .malformedVersionChain(structure, offset: base) }
    guard let next = Checked.add(base, UInt64(delta)), next < fileSize else {
      throw .malformedVersionChain(structure, offset: base)
    }
    return next
  }
}
