import Synchronization
import WheelKit

/// The texts of a mounted wheel's `.audit/` directory, computed on first use and kept: the
/// audit runs once per wheel however many files are read, from any thread.
///
/// Its methods match MountKit's `AuditProvider`, so the mount conforms it with an empty
/// extension. A pure wheel (no ELF file, every tag `any`) is not an error here: `policy` says
/// `any`, `symbols` and `needed` are empty and `report.json` is auditwheel's pure answer. Any
/// other audit failure is thrown (the mount shows its message as the file's content).
public final class AuditFileSet: Sendable {
  private enum Outcome {
    case report(AuditReport)
    case pure(wheel: String)
    case failure(AuditError)
  }

  private let input: AuditInput
  private let analyzer: WheelAnalyzer
  private let outcome = Mutex<Outcome?>(nil)
  private let recordProblems = Mutex<[CheckProblem]?>(nil)

  public init(input: AuditInput, analyzer: WheelAnalyzer = WheelAnalyzer()) {
    self.input = input
    self.analyzer = analyzer
  }

  /// The files of a wheel the mount has already opened.
  public convenience init(
    archive: ZipArchive, name: String, analyzer: WheelAnalyzer = WheelAnalyzer(), wholeMemberLimit: UInt64? = nil
  ) throws(AuditError) {
    self.init(
      input: try AuditInput.wheel(archive, name: name, wholeMemberLimit: wholeMemberLimit), analyzer: analyzer)
  }

  /// `.audit/policy` (``AuditRendering/policyFile(_:)``).
  public func policy() throws -> String {
    switch result() {
    case .report(let report): return AuditRendering.policyFile(report)
    case .pure: return "any\npure: no ELF file in the wheel\n"
    case .failure(let error): throw error
    }
  }

  /// `.audit/symbols` (``AuditRendering/symbolsFile(_:)``).
  public func symbols() throws -> String {
    switch result() {
    case .report(let report): return AuditRendering.symbolsFile(report)
    case .pure: return ""
    case .failure(let error): throw error
    }
  }

  /// `.audit/needed` (``AuditRendering/neededFile(_:)``).
  public func needed() throws -> String {
    switch result() {
    case .report(let report): return AuditRendering.neededFile(report)
    case .pure: return ""
    case .failure(let error): throw error
    }
  }

  /// `.audit/report.json` (``AuditRendering/reportJSON(_:)``).
  public func reportJSON() throws -> String {
    switch result() {
    case .report(let report): return AuditRendering.reportJSON(report)
    case .pure(let wheel): return AuditRendering.showJSONPure(wheel: wheel)
    case .failure(let error): throw error
    }
  }

  /// `.audit/record` (``AuditRendering/recordFile(_:)``).
  public func record() throws -> String {
    let problems = recordProblems.withLock { cached in
      if let cached { return cached }
      let computed = RecordCheck.problems(input, threads: analyzer.options.threads)
      cached = computed
      return computed
    }
    return AuditRendering.recordFile(problems)
  }

  /// The audit report, when the wheel could be audited (`nil` for a pure wheel).
  public func report() throws -> AuditReport? {
    switch result() {
    case .report(let report): return report
    case .pure: return nil
    case .failure(let error): throw error
    }
  }

  private func result() -> Outcome {
    outcome.withLock { cached in
      if let cached { return cached }
      let computed: Outcome
      switch Result(catching: { () throws(AuditError) in try analyzer.analyze(input) }) {
      case .success(let analysis): computed = .report(analysis.report)
      case .failure(.nonPlatformWheel(_, _, true)): computed = .pure(wheel: input.name)
      case .failure(let error): computed = .failure(error)
      }
      cached = computed
      return computed
    }
  }
}
