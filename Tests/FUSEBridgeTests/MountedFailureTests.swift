import Dispatch
import FUSEBridge
import Foundation
import MountKit
import Synchronization
import TestSupport
import Testing

/// Corrupt members and concurrent readers through a real mount.
@Suite struct MountedFailureTests {
  @Test func aCorruptMemberIsEIOForThatFileOnly() throws {
    try withMount(TestWheel.tree(extra: [TestWheel.corrupt])) { (mount: TestMount) throws in
      let bad = try Tool.run(["cat", mount.path("pkg/bad.so")])
      #expect(bad.status != 0)
      #expect(bad.stderr.contains("Input/output error"), "\(bad.stderr)")
      #expect(try Tool.run(["stat", "-c", "%s", mount.path("pkg/bad.so")]).stdout == "5000\n")
      #expect(try Tool.run(["cat", mount.path("top.txt")]).stdout == "top\n")
      let grep = try Tool.run(["grep", "-rl", TestWheel.needle, mount.mountpoint])
      #expect(grep.status == 2)  // a match, and an error for bad.so
      #expect(grep.stdout == mount.path("pkg/__init__.py") + "\n")
      #expect(grep.stderr.contains("bad.so: Input/output error"), "\(grep.stderr)")
    }
  }

  @Test func parallelReadersGetIdenticalBytes() throws {
    let expected = try TestWheel.realCopy()
    defer { try? FileManager.default.removeItem(atPath: expected) }
    try withMount(TestWheel.tree()) { (mount: TestMount) throws in
      let paths = ["pkg/data/big.bin", "pkg/_ext.cpython-311-x86_64-linux-gnu.so"]
      let failures = Mutex<[String]>([])
      // 8 external readers on a cold mount, then 8 in-process readers.
      DispatchQueue.concurrentPerform(iterations: 8) { index in
        let path = paths[index % 2]
        let cmp = try? Tool.run(["timeout", "30", "cmp", expected + "/" + path, mount.path(path)])
        if cmp?.status != 0 { failures.withLock { $0.append("cmp \(path): \(cmp?.stdout ?? "did not run")") } }
      }
      let contents = Mutex<[Data]>([])
      DispatchQueue.concurrentPerform(iterations: 8) { _ in
        let data = FileManager.default.contents(atPath: mount.path(paths[0])) ?? Data()
        contents.withLock { $0.append(data) }
      }
      #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
      let reference = Data(TestWheel.members[2].content)
      #expect(contents.withLock { $0 }.count == 8)
      #expect(contents.withLock { $0 }.allSatisfy { $0 == reference })
    }
  }
}
