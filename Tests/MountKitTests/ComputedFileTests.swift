import Dispatch
import MountKit
import Synchronization
import Testing

@Suite struct ComputedFileTests {
  @Test func computesOnceUnderConcurrentFirstAccess() {
    let calls = Atomic<Int>(0)
    let file = ComputedFile {
      calls.add(1, ordering: .relaxed)
      return Array(repeating: 0x61, count: 100_000)
    }
    let results = Mutex<[[UInt8]]>([])
    DispatchQueue.concurrentPerform(iterations: 32) { _ in
      let content = file.content
      results.withLock { $0.append(content) }
    }
    #expect(calls.load(ordering: .relaxed) == 1)
    let all = results.withLock { $0 }
    #expect(all.count == 32)
    #expect(all.allSatisfy { $0 == all[0] && $0.count == 100_000 })
  }

  @Test func isComputedOnlyWhenFirstAsked() {
    let file = ComputedFile.text { "x" }
    #expect(!file.isComputed)
    #expect(file.content == [0x78])
    #expect(file.isComputed)
  }

  @Test func aFailingComputationBecomesReadableErrorText() {
    struct Broken: Error, CustomStringConvertible {
      var description: String { "symbol table is truncated at 0x40" }
    }
    let calls = Atomic<Int>(0)
    let file = ComputedFile {
      calls.add(1, ordering: .relaxed)
      throw Broken()
    }
    #expect(String(decoding: file.content, as: UTF8.self) == "error: symbol table is truncated at 0x40\n")
    #expect(String(decoding: file.content, as: UTF8.self) == "error: symbol table is truncated at 0x40\n")
    #expect(calls.load(ordering: .relaxed) == 1)
  }

  @Test func auditFilesReportTheirTrueSizeBeforeAnyRead() throws {
    let audit = TextAudit(prefix: "a longer prefix: ")
    let tree = VirtualTree(wheel: Fake.wheel([Fake.file("x", "x")], audit: audit))
    _ = try tree.listing(at: "/.audit")
    #expect(audit.calls.load(ordering: .relaxed) == 0)  // listing computes nothing
    let size = try tree.attributes(at: "/.audit/report.json").size
    #expect(size == UInt64("a longer prefix: report.json text\n".utf8.count))
    #expect(try tree.text("/.audit/report.json") == "a longer prefix: report.json text\n")
    #expect(audit.calls.load(ordering: .relaxed) == 1)
  }

  @Test func eachAuditFileShowsItsOwnText() throws {
    let tree = Fake.tree([Fake.file("x", "x")])
    for name in ["policy", "symbols", "needed", "report.json", "record"] {
      #expect(try tree.text("/.audit/\(name)") == "\(name) text\n")
    }
  }

  @Test func theUnavailableProviderExplainsItselfInEveryFile() throws {
    let tree = VirtualTree(wheel: Fake.wheel([Fake.file("x", "x")], audit: UnavailableAuditProvider(wheel: "pkg-1.0.whl")))
    let text = try tree.text("/.audit/needed")
    #expect(text == "error: pkg-1.0.whl/.audit/needed: audit text is not available: not built into this wheelfs\n")
    #expect(try tree.attributes(at: "/.audit/needed").size == UInt64(text.utf8.count))
  }

  @Test func concurrentReadsOfTheSameAuditFileComputeOnce() throws {
    let audit = TextAudit()
    let tree = VirtualTree(wheel: Fake.wheel([Fake.file("x", "x")], audit: audit))
    let texts = Mutex<Set<String>>([])
    DispatchQueue.concurrentPerform(iterations: 16) { index in
      let text = index.isMultiple(of: 2)
        ? (try? tree.text("/.audit/symbols")) ?? "failed"
        : (try? tree.attributes(at: "/.audit/symbols")).map { "size \($0.size)" } ?? "failed"
      texts.withLock { _ = $0.insert(text) }
    }
    #expect(texts.withLock { $0 } == ["symbols text\n", "size 13"])
    #expect(audit.calls.load(ordering: .relaxed) == 1)
  }
}
