import Dispatch
import Glibc
import MountKit
import Synchronization
import Testing

@Suite struct RepairControlTests {
  /// A repair trigger that records the tags it receives.
  final class Recorder: Sendable {
    let tags = Mutex<[String]>([])
    let outcome: @Sendable (String) -> RepairOutcome
    init(_ outcome: @escaping @Sendable (String) -> RepairOutcome = { .success("repaired to \($0)") }) {
      self.outcome = outcome
    }
    func trigger(_ tag: String) -> RepairOutcome {
      tags.withLock { $0.append(tag) }
      return outcome(tag)
    }
  }

  static func tree(_ recorder: Recorder) -> VirtualTree {
    VirtualTree(wheel: Fake.wheel([Fake.file("pkg/a.py", "a\n")], repair: { recorder.trigger($0) }))
  }

  @Test func showsUsageBeforeAnyRepair() throws {
    let text = try Self.tree(Recorder()).text("/.audit/repair")
    #expect(text.hasPrefix("Write a platform tag to this file"))
    #expect(text.contains("echo manylinux_2_28_x86_64 > .audit/repair"))
  }

  @Test(arguments: ["manylinux_2_28_x86_64", "manylinux_2_28_x86_64\n", "  manylinux_2_28_x86_64 \r\n", "\tmanylinux_2_28_x86_64\n\n"])
  func tagsAreTrimmedAndRunSynchronously(written: String) throws {
    let recorder = Recorder()
    let tree = Self.tree(recorder)
    let consumed = try tree.write("/.audit/repair", bytes: Array(written.utf8))
    #expect(consumed == written.utf8.count)
    #expect(recorder.tags.withLock { $0 } == ["manylinux_2_28_x86_64"])
    #expect(try tree.text("/.audit/repair") == "repaired to manylinux_2_28_x86_64\n")
    #expect(try tree.attributes(at: "/.audit/repair").size == UInt64("repaired to manylinux_2_28_x86_64\n".utf8.count))
  }

  @Test(arguments: ["", "\n", "   \n", "two words\n", "tag\u{7}\n", "a\nb\n"])
  func malformedTagsAreRejectedWithoutRunningTheRepair(written: String) throws {
    let recorder = Recorder()
    let tree = Self.tree(recorder)
    expectError(.invalidRepairTag) { _ = try tree.write("/.audit/repair", bytes: Array(written.utf8)) }
    #expect(recorder.tags.withLock { $0 }.isEmpty)
    #expect(try tree.text("/.audit/repair").hasPrefix("invalid platform tag"))
  }

  @Test func invalidUTF8IsRejected() throws {
    let recorder = Recorder()
    expectError(.invalidRepairTag) { _ = try Self.tree(recorder).write("/.audit/repair", bytes: [0xff, 0xfe, 0x0a]) }
    #expect(recorder.tags.withLock { $0 }.isEmpty)
  }

  @Test func aTagTheTriggerRejectsIsInvalidAndExplained() throws {
    let tree = Self.tree(Recorder { .invalidTag("\($0) is not a manylinux tag") })
    expectError(.invalidRepairTag) { _ = try tree.write("/.audit/repair", bytes: Array("win_amd64\n".utf8)) }
    #expect(try tree.text("/.audit/repair") == "win_amd64 is not a manylinux tag\n")
  }

  @Test func aFailedRepairCarriesItsErrno() throws {
    let tree = Self.tree(Recorder { _ in .failed("no space left\n", errno: 28) })
    expectError(.repairFailed(errno: 28)) { _ = try tree.write("/.audit/repair", bytes: Array("musllinux_1_2_x86_64".utf8)) }
    #expect(try tree.text("/.audit/repair") == "no space left\n")
  }

  @Test func theLatestOutcomeWins() throws {
    let tree = Self.tree(Recorder())
    let untouched = try tree.attributes(at: "/.audit/repair").modificationTime
    #expect(untouched == (try tree.attributes(at: "/.audit/policy")).modificationTime)
    _ = try tree.write("/.audit/repair", bytes: Array("first\n".utf8))
    let first = try tree.attributes(at: "/.audit/repair").modificationTime
    _ = try tree.write("/.audit/repair", bytes: Array("second\n".utf8))
    let second = try tree.attributes(at: "/.audit/repair").modificationTime
    #expect(try tree.text("/.audit/repair") == "repaired to second\n")
    // Every outcome moves the mtime forward (the kernel drops the cached text on a new mtime).
    #expect(untouched < first && first < second)
  }

  /// If writers were not serialised, 8 writers each spending 2 ms inside the trigger would
  /// overlap; the maximum number inside at once must stay 1.
  @Test func concurrentWritersAreSerialized() throws {
    let inside = Atomic<Int>(0)
    let maximum = Atomic<Int>(0)
    let recorder = Recorder { tag in
      let now = inside.add(1, ordering: .sequentiallyConsistent).newValue
      maximum.max(now, ordering: .sequentiallyConsistent)
      usleep(2_000)
      inside.subtract(1, ordering: .sequentiallyConsistent)
      return .success("repaired to \(tag)")
    }
    let tree = Self.tree(recorder)
    let failures = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 8) { index in
      do { _ = try tree.write("/.audit/repair", bytes: Array("tag\(index)\n".utf8)) } catch {
        failures.add(1, ordering: .relaxed)
      }
    }
    #expect(failures.load(ordering: .relaxed) == 0)
    #expect(maximum.load(ordering: .sequentiallyConsistent) == 1)
    #expect(Set(recorder.tags.withLock { $0 }) == Set((0..<8).map { "tag\($0)" }))
  }

  @Test func readsGoOnWhileARepairRuns() throws {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let finished = Atomic<Bool>(false)
    let tree = VirtualTree(wheel: Fake.wheel([Fake.file("pkg/a.py", "a\n")], repair: { tag in
      entered.signal()
      release.wait()
      return .success("slow repair to \(tag) done")
    }))
    let writer = DispatchGroup()
    DispatchQueue.global().async(group: writer) {
      _ = try? tree.write("/.audit/repair", bytes: Array("manylinux_2_17_x86_64\n".utf8))
      finished.store(true, ordering: .sequentiallyConsistent)
    }
    entered.wait()
    // The repair is now inside the trigger and cannot finish until `release` is signalled. The
    // reads run on another thread with a generous bound so a regression fails instead of hanging.
    let readers = DispatchGroup()
    let observed = Mutex<[String]>([])
    DispatchQueue.global().async(group: readers) {
      let texts = [
        (try? tree.text("/pkg/a.py")) ?? "failed", (try? tree.text("/.audit/policy")) ?? "failed",
        String((try? tree.text("/.audit/repair"))?.prefix(13) ?? "failed"),
        (try? tree.listing(at: "/").map(\.name).joined(separator: ",")) ?? "failed",
      ]
      observed.withLock { $0 = texts }
    }
    let readersDone = readers.wait(timeout: .now() + 30) == .success
    #expect(readersDone)
    let finishedEarly = finished.load(ordering: .sequentiallyConsistent)
    #expect(!finishedEarly)
    #expect(observed.withLock { $0 } == ["a\n", "policy text\n", "Write a platf", ".audit,pkg"])
    release.signal()
    writer.wait()
    #expect(try tree.text("/.audit/repair") == "slow repair to manylinux_2_17_x86_64 done\n")
  }
}
