import BinaryKit
import Dispatch
import ELFKit
import Foundation
import Synchronization

/// What one member of a wheel turned out to be.
public enum MemberKind: Sendable, Equatable {
  /// Skipped by name (`*.py`, as auditwheel's `elf_file_filter`).
  case pythonSource
  /// Not an ELF file (no `\x7fELF` magic).
  case notELF
  /// An ELF file, parsed once.
  case elf(ELFFacts)
  /// `\x7fELF` magic, but the file cannot be parsed.
  case invalidELF(ELFError)
}

/// Finds and parses the ELF files among a wheel's members: every regular file except `*.py`
/// is checked for the ELF magic (4 bytes), and each ELF file is parsed **once** with
/// `ELFFacts.parse`. Members are processed in parallel, largest first.
public enum ELFScan {
  /// The ELF magic, `\x7fELF`.
  static let magic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]

  /// Classifies every file of `contents`; result `i` belongs to `contents.files[i]`.
  ///
  /// - Throws: the first member that cannot be read (in member order), e.g. a corrupt zip member.
  public static func scan(_ contents: any WheelContents, threads: Int? = nil) throws(AuditError) -> [MemberKind] {
    let files = contents.files
    let results = Mutex([Result<MemberKind, AuditError>](repeating: .success(.notELF), count: files.count))
    var candidates: [Int] = []
    for (index, file) in files.enumerated() {
      if isPythonSource(file.name) {
        results.withLock { $0[index] = .success(.pythonSource) }
      } else if file.size >= 4 || file.problem != nil {
        candidates.append(index)
      }
    }
    candidates.sort { files[$0].size > files[$1].size }
    let work = candidates
    let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, candidates.count))
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < work.count else { return }
        let index = work[k]
        let result = Result { () throws(AuditError) -> MemberKind in try classify(files[index], in: contents) }
        results.withLock { $0[index] = result }
      }
    }
    return try results.withLock { all throws(AuditError) -> [MemberKind] in
      try all.map { result throws(AuditError) -> MemberKind in try result.get() }
    }
  }

  /// auditwheel skips files whose name ends with `.py` without opening them.
  public static func isPythonSource(_ path: String) -> Bool {
    path.hasSuffix(".py")
  }

  private static func classify(_ file: ContentMember, in contents: any WheelContents) throws(AuditError) -> MemberKind {
    // A member named like a shared library is inflated once, whole, and its magic checked in
    // memory; anything else first has its first 4 bytes read (cheap for stored members and
    // small ones), so non-ELF data files are never inflated needlessly.
    if let zip = contents as? ZipWheelContents, zip.readsWhole(file), looksLikeSharedLibrary(file.name) {
      let bytes = try contents.bytes(of: file)
      guard bytes.count >= 4, Array(bytes[0..<4]) == magic else { return .notELF }
      do { return .elf(try ELFFacts.parse(InMemoryBytes(bytes), symbols: ELFClassification.symbolSelection)) } catch { return .invalidELF(error) }
    }
    let head = try contents.prefix(of: file, count: 4)
    guard head == magic else { return .notELF }
    let source = try contents.source(of: file)
    do { return .elf(try ELFFacts.parse(source, symbols: ELFClassification.symbolSelection)) } catch {
      // A member read by streaming that the archive could not inflate is a corrupt member,
      // not a malformed ELF file.
      if let streamed = source as? ZipMemberSource, let failure = streamed.failure {
        throw .corruptMember(name: file.name, failure)
      }
      return .invalidELF(error)
    }
  }

  /// `*.so` or `*.so.<version>` in the file name (only a hint for the reading strategy; the
  /// magic decides).
  static func looksLikeSharedLibrary(_ path: String) -> Bool {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return name.hasSuffix(".so") || name.contains(".so.")
  }
}
