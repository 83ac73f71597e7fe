import BinaryKit
import Foundation
import Testing

@testable import ELFKit

/// A selective parse keeps exactly the symbols the selection names, in table order, with the
/// same contents as a full parse; everything else about the file is unchanged.
@Suite struct SymbolSelectionTests {
  static let prefixes = ["init", "PyInit_", "_cffi_pypyinit_", "mem"]

  static let files: [String] = {
    let candidates = [
      "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
      "/usr/lib/x86_64-linux-gnu/libz.so.1", "/usr/bin/python3", "/usr/bin/bash",
    ]
    return candidates.filter { FileManager.default.fileExists(atPath: $0) }
  }()

  @Test func selectedSymbolsAreTheFullParseFiltered() throws {
    #expect(Self.files.count >= 4, "system libraries to compare with")
    var kept = 0
    var dropped = 0
    for path in Self.files {
      let source = try FileBytes(path: path)
      let all = try ELFFacts.parse(source)
      let some = try ELFFacts.parse(source, symbols: .undefinedAndFunctions(prefixes: Self.prefixes))
      let expected = all.symbols.filter { symbol in
        !symbol.defined
          || (symbol.type == .function && Self.prefixes.contains { symbol.name.hasPrefix($0) })
      }
      #expect(some.symbols == expected, "\(path)")
      #expect(some.needed == all.needed && some.soname == all.soname && some.versionNeeds == all.versionNeeds)
      #expect(some.versionDefinitions == all.versionDefinitions && some.rpath == all.rpath)
      kept += some.symbols.count
      dropped += all.symbols.count - some.symbols.count
    }
    // Not vacuous: defined symbols were dropped and some defined functions kept (libc's mem*).
    #expect(dropped > 1000 && kept > 100)
  }
}
