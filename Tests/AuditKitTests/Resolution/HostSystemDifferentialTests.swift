import Foundation
import Testing

@testable import AuditKit

/// `.ldso` mode against `ldd` on this machine's own programs and libraries, and `.auditwheel`
/// mode against `auditwheel lddtree` on a sample of them.
@Suite struct HostSystemDifferentialTests {
  /// Programs and every `lib*.so.*` regular file of the multiarch directory (sorted, capped so
  /// the test stays fast).
  static func sample(limit: Int) throws -> [String] {
    let dir = "/usr/lib/x86_64-linux-gnu"
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
      .filter { $0.hasPrefix("lib") && $0.contains(".so.") }
      .filter {
        (try? FileManager.default.attributesOfItem(atPath: dir + "/" + $0)[.type] as? FileAttributeType) == .typeRegular
      }
    let stride = max(1, names.count / limit)
    let libraries = Swift.stride(from: 0, to: names.count, by: stride).map { dir + "/" + names[$0] }
    return ["/usr/bin/python3", "/bin/ls", "/usr/bin/gcc", "/usr/bin/readelf"] + libraries.prefix(limit)
  }

  @Test func ldsoModeMatchesLddOnHostBinaries() throws {
    let resolver = LibraryResolver(fileSystem: ResolverOracles.hostFileSystem, config: .init(), mode: .ldso)
    var compared = 0
    for path in try Self.sample(limit: 60) {
      let ldd = try ResolverOracles.ldd(path)
      guard !ldd.isEmpty else { continue }  // static, or ldd refused it
      let tree = try resolver.resolve(path)
      for (name, lddPath) in ldd {
        let node = tree.libraries[name]
        let ours: String? = node?.isResolved == true ? node?.path : nil
        #expect(ours == lddPath, "\(path): \(name)")
        compared += 1
      }
    }
    #expect(compared > 100)
  }

  @Test func auditwheelModeMatchesAuditwheelOnHostBinaries() throws {
    let paths = try Self.sample(limit: 60)
    let script = """
      import json as _j, sys
      from pathlib import Path
      from auditwheel import json
      from auditwheel.lddtree import ldd
      out = []
      for p in _j.loads(sys.argv[1]):
          try: out.append(json.dumps(ldd(Path(p))))
          except Exception as e: out.append('error: %r' % e)
      print(_j.dumps(out))
      """
    let expected = try ResolverOracles.jsonStrings(
      try ResolverOracles.runPython(
        script, [try ResolverOracles.jsonArgument(paths)],
        environment: ["LD_LIBRARY_PATH": "", "AUDITWHEEL_LD_LIBRARY_PATH": ""]))
    try #require(expected.count == paths.count)
    let resolver = LibraryResolver(fileSystem: ResolverOracles.hostFileSystem, config: .init(), mode: .auditwheel)
    for (path, json) in zip(paths, expected) {
      let tree = try resolver.resolve(path)
      #expect(AuditwheelLddtreeJSON.render(tree) == json, "\(path)")
    }
  }
}
