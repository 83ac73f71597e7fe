import Foundation
import MountKit
import Synchronization

/// The fake wheel every FUSE test mounts, and a real directory with the same content (the
/// oracle the mounted view is compared with).
enum TestWheel {
  typealias Member = (entry: MountEntry, content: [UInt8])

  static let time = MountTime(seconds: 1_700_000_000)

  static func file(_ path: String, _ content: [UInt8], mode: UInt16? = 0o644, seconds: Int64 = 1_600_000_000) -> Member {
    (MountEntry(path: path, kind: .file, mode: mode, modificationTime: MountTime(seconds: seconds, nanoseconds: 250_000_000)), content)
  }

  static func pattern(_ count: Int, seed: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761 &+ seed) >> 7) }
  }

  static let needle = "wheelfs-grep-needle"

  static let members: [Member] = {
    var ext = file("pkg/_ext.cpython-311-x86_64-linux-gnu.so", pattern(300_001, seed: 1), mode: 0o755, seconds: 1_600_000_100)
    ext.entry.compressedSize = 123_456
    ext.entry.crc32 = 0x00c0_ffee
    ext.entry.recordHash = "sha256=q1w2e3"
    return [
      file("pkg/__init__.py", Array("import os\nNEEDLE = '\(needle)'\n".utf8)),
      ext,
      file("pkg/data/big.bin", pattern((1 << 20) + 7, seed: 2)),
      file("pkg/sub/deep/x.txt", Array("deep\n".utf8), mode: 0o600),
      (MountEntry(path: "pkg/link.py", kind: .symlink, modificationTime: time, symlinkTarget: "__init__.py"), []),
      file("pkg/empty.txt", []),
      (MountEntry(path: "pkg-1.0.dist-info/", kind: .directory, modificationTime: MountTime(seconds: 1_650_000_000)), []),
      file("pkg-1.0.dist-info/RECORD", Array("pkg/__init__.py,sha256=x,40\n".utf8)),
      file("top.txt", Array("top\n".utf8), mode: nil),
      file("space name.txt", Array("spaces\n".utf8), mode: 0o4755),
    ]
  }()

  static let corrupt: Member = {
    struct CRCMismatch: Error, CustomStringConvertible {
      var description: String { "CRC-32 mismatch" }
    }
    var member = file("pkg/bad.so", pattern(5000, seed: 3))
    member.entry.problem = CRCMismatch()
    return member
  }()

  /// The single-wheel tree of ``members`` (plus `extra`), with `audit` and `repair`.
  static func tree(
    extra: [Member] = [], audit: any AuditProvider = FixedAudit(),
    repair: @escaping RepairTrigger = { .success("repaired to \($0)") }
  ) -> VirtualTree {
    VirtualTree(wheel: MountedWheel(
      name: "pkg-1.0", source: InMemorySource(members + extra, modificationTime: time), audit: audit, repair: repair))
  }

  /// Writes ``members`` into a new real directory, with the modes and times the mount must show.
  static func realCopy() throws -> String {
    let root = NSTemporaryDirectory() + "wheelfs-expected-\(UUID().uuidString.prefix(8))"
    let manager = FileManager.default
    try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
    for (entry, content) in members {
      let path = root + "/" + entry.path
      let parent = (path as NSString).deletingLastPathComponent
      try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
      switch entry.kind {
      case .directory:
        try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
      case .symlink:
        try manager.createSymbolicLink(atPath: path, withDestinationPath: entry.symlinkTarget ?? "")
      case .file:
        try Data(content).write(to: URL(fileURLWithPath: path))
        let executable = (entry.mode ?? 0) & 0o111 != 0
        try manager.setAttributes(
          [.posixPermissions: executable ? 0o755 : 0o644,
           .modificationDate: Date(timeIntervalSince1970: Double(entry.modificationTime.seconds) + Double(entry.modificationTime.nanoseconds) / 1e9)],
          ofItemAtPath: path)
      }
    }
    return root
  }
}

/// Fixed audit texts; `symbols` fails, to show error text through the mount.
struct FixedAudit: AuditProvider {
  struct Broken: Error, CustomStringConvertible {
    var description: String { "no dynamic symbol table" }
  }
  func policy() throws -> String { "manylinux_2_17_x86_64\n" }
  func symbols() throws -> String { throw Broken() }
  func needed() throws -> String { String(repeating: "libc.so.6\n", count: 500) }
  func reportJSON() throws -> String { "{\"policy\": \"manylinux_2_17_x86_64\"}\n" }
  func record() throws -> String { "RECORD ok\n" }
}

/// Records the tags repair triggers receive (they run on FUSE worker threads).
final class TagLog: Sendable {
  private let tags = Mutex<[String]>([])
  func append(_ tag: String) { tags.withLock { $0.append(tag) } }
  var all: [String] { tags.withLock { $0 } }
}
