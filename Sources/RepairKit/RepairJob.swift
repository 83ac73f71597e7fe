import BinaryKit
import Crypto
import ELFKit
import ELFPatchKit
import WheelKit

/// One member of the output and how it is produced. Jobs are independent, so the executor runs
/// them in parallel (``ParallelJobs``).
enum RepairJob: Sendable {
  /// An input member copied as its raw compressed bytes; it is inflated only to hash it for
  /// RECORD (and its CRC-32 checked on the way).
  case copy(ZipMember)
  /// An ELF member of the input, patched, written under `name`.
  case patch(ZipMember, edits: [ELFEdit], name: String, permissions: UInt32)
  /// A host library's bytes, patched, written under `name`.
  case graft(bytes: [UInt8], source: String, edits: [ELFEdit], name: String, permissions: UInt32)
  /// New text (a script shim, WHEEL), written under `name`.
  case text([UInt8], name: String, permissions: UInt32)

  /// The member name in the output.
  var name: String {
    switch self {
    case .copy(let member): member.name
    case .patch(_, _, let name, _), .graft(_, _, _, let name, _), .text(_, let name, _): name
    }
  }

  /// Rough cost, to start the big jobs first.
  var weight: UInt64 {
    switch self {
    case .copy(let member): member.uncompressedSize
    case .patch(let member, _, _, _): member.uncompressedSize * 4
    case .graft(let bytes, _, _, _, _): UInt64(bytes.count) * 4
    case .text(let bytes, _, _): UInt64(bytes.count)
    }
  }

  /// What a job produced: the RECORD facts, and for new members the compressed member.
  struct Output: Sendable {
    var name: String
    var sha256: [UInt8]
    var size: Int
    /// The input member to copy, for ``RepairJob/copy(_:)``.
    var copied: ZipMember?
    /// The compressed member, for every other job.
    var prepared: PreparedMember?
    /// Something the user should know (a static executable `--strip` could not strip).
    var warning: String? = nil
  }

  /// Runs the job.
  func run(archive: ZipArchive, compression: ZipCompression, timestamp: DOSTimestamp) throws(RepairError)
    -> Output
  {
    switch self {
    case .copy(let member):
      let bytes: [UInt8]
      do { bytes = try archive.data(of: member) } catch { throw .zip(error) }
      return Output(
        name: member.name, sha256: Self.digest(bytes), size: bytes.count, copied: member, prepared: nil)
    case .patch(let member, let edits, let name, let permissions):
      let bytes: [UInt8]
      do { bytes = try archive.data(of: member) } catch { throw .zip(error) }
      if edits == [.strip(.all)], Self.isStatic(bytes) {
        // ELFPatchKit patches dynamic objects only; `strip -s` would still strip this one.
        var output = try Self.new(
          bytes, name: name, permissions: permissions, compression: compression, timestamp: timestamp)
        output.warning = "\(member.name): static executable left unstripped"
        return output
      }
      let output = try patched(bytes, edits: edits, path: member.name)
      if output == bytes && name == member.name {
        // The edits changed nothing (already repaired): keep the raw bytes.
        return Output(name: name, sha256: Self.digest(bytes), size: bytes.count, copied: member, prepared: nil)
      }
      return try Self.new(
        output, name: name, permissions: permissions, compression: compression, timestamp: timestamp)
    case .graft(let bytes, let source, let edits, let name, let permissions):
      return try Self.new(
        patched(bytes, edits: edits, path: source), name: name, permissions: permissions,
        compression: compression, timestamp: timestamp)
    case .text(let bytes, let name, let permissions):
      return try Self.new(
        bytes, name: name, permissions: permissions, compression: compression, timestamp: timestamp)
    }
  }

  private func patched(_ bytes: [UInt8], edits: [ELFEdit], path: String) throws(RepairError) -> [UInt8] {
    do { return try ELFPatcher.patch(bytes: bytes, edits: edits, path: path) } catch { throw .patch(error) }
  }

  private static func new(
    _ contents: [UInt8], name: String, permissions: UInt32, compression: ZipCompression,
    timestamp: DOSTimestamp
  ) throws(RepairError) -> Output {
    let prepared: PreparedMember
    do {
      prepared = try PreparedMember.file(
        NewMember(
          name: name, contents: contents, compression: compression, permissions: permissions,
          timestamp: timestamp))
    } catch { throw .zip(error) }
    return Output(
      name: name, sha256: digest(contents), size: contents.count, copied: nil, prepared: prepared)
  }

  static func digest(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

  /// Whether `bytes` is an ELF file without `PT_DYNAMIC` (nothing for the patcher to do).
  static func isStatic(_ bytes: [UInt8]) -> Bool {
    guard let file = try? ELFFile(InMemoryBytes(bytes)) else { return false }
    return file.segment(ofType: .dynamic) == nil
  }
}
