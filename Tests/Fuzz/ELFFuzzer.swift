// libFuzzer harness for ELFKit: every input goes through ELFFacts.parse and every ELFFile
// accessor. Built by Tests/scripts/fuzz.sh; unsafe code is allowed here (not product code).
import BinaryKit
import ELFKit

@_cdecl("LLVMFuzzerTestOneInput")
public func elfFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let source = InMemoryBytes(bytes)
  _ = ELFFile.isELF(Array(bytes.prefix(16)))
  if let facts = try? ELFFacts.parse(source) {
    _ = facts.rpathEntries
    _ = facts.runpathEntries
    _ = facts.definedSymbols.count
    _ = facts.undefinedSymbols.map(\.versionedName)
  }
  guard let file = try? ELFFile(source) else { return 0 }
  _ = try? file.interpreter()
  _ = file.stackFlags
  _ = file.hasExecutableStack
  _ = try? file.dynamicEntries()
  if let info = try? file.dynamicInfo() { _ = info.rpath.map(DynamicInfo.splitPath) }
  _ = try? file.dynamicSymbols()
  if let notes = try? file.notes() {
    for note in notes { _ = try? file.gnuProperties(note) }
  }
  _ = try? file.noteSummary()
  for index in file.sections.indices { _ = try? file.contents(ofSection: index) }
  _ = file.section(named: ".dynsym")
  for p in file.programHeaders { _ = file.addressMap.lookup(p.virtualAddress) }
  return 0
}
