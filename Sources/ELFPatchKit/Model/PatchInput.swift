import BinaryKit
import ELFKit

/// The input file read once: its bytes, ELFKit's view of it, its facts, and the planner's
/// tables. The validator compares the output with these.
struct PatchInput: Sendable {
  let bytes: [UInt8]
  let file: ELFFile
  let facts: ELFFacts
  let tables: PatchTables

  /// Reads `bytes`; `readSymbolTable` also scans `.symtab` (only stripping debug sections
  /// while keeping it needs that).
  init(_ bytes: [UInt8], readSymbolTable: Bool) throws(PatchError.Reason) {
    self.bytes = bytes
    do {
      file = try ELFFile(InMemoryBytes(bytes))
      facts = try ELFFacts.parse(file)
    } catch {
      throw .unreadable(error)
    }
    tables = try PatchTables.read(file, facts: facts, readSymbolTable: readSymbolTable)
  }
}
