import MountKit

/// The tree behind the hidden `wheelfs mount --demo-source NAME MOUNTPOINT`: a small in-memory
/// wheel, so the mount lifecycle (background readiness, signals, stale recovery) can be tested
/// with the built binary before the zip reader is merged.
enum MountDemo {
  /// A wheel named `name` with a package, a symlink, an executable, a 256 KiB data file and a
  /// repair trigger that accepts manylinux/musllinux tags without writing anything.
  static func tree(name: String) -> VirtualTree {
    VirtualTree(
      wheel: MountedWheel(name: name, source: source, audit: DemoAudit(), repair: repair))
  }

  static let source: InMemorySource = {
    let time = MountTime(seconds: 1_700_000_000)
    func file(_ path: String, _ text: String, mode: UInt16 = 0o644) -> (entry: MountEntry, content: [UInt8]) {
      (MountEntry(path: path, kind: .file, mode: mode, modificationTime: time), Array(text.utf8))
    }
    let big = (0..<(256 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    return InMemorySource([
      file("demo/__init__.py", "print('hello from the demo wheel')\n"),
      file("demo/_native.so", "\u{7f}ELF demo\n", mode: 0o755),
      (MountEntry(path: "demo/data/big.bin", kind: .file, mode: 0o644, modificationTime: time), big),
      (MountEntry(path: "demo/link.py", kind: .symlink, modificationTime: time, symlinkTarget: "__init__.py"), []),
      file("demo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"),
      file("demo-1.0.dist-info/RECORD", "demo/__init__.py,,\n"),
    ], modificationTime: time)
  }()

  static let repair: RepairTrigger = { tag in
    let families = ["manylinux_", "musllinux_"]
    guard families.contains(where: tag.hasPrefix), tag.hasSuffix("_x86_64") || tag.hasSuffix("_aarch64")
    else { return .invalidTag("not a platform tag this wheel can be repaired to: \(tag)\n") }
    return .success("demo: repaired to \(tag) (nothing written)\n")
  }
}

/// Fixed `.audit/` texts for the demo wheel.
struct DemoAudit: AuditProvider {
  func policy() throws -> String { "demo: linux_x86_64 (no extensions)\n" }
  func symbols() throws -> String { "" }
  func needed() throws -> String { "demo/_native.so\n" }
  func reportJSON() throws -> String { "{\"demo\": true}\n" }
  func record() throws -> String { "RECORD: 1 entry\n" }
}
