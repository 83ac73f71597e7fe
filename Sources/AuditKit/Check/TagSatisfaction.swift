import PolicyKit
import WheelKit

/// Whether one claimed platform tag is satisfied by an audited wheel, and if not, why (one
/// problem per fact standing in the way).
struct TagSatisfaction {
  let analysis: WheelAnalysis

  func problems(for tag: String) -> [CheckProblem] {
    let report = analysis.report
    switch PlatformTag(tag) {
    case .any:
      let elves = report.elves.filter { $0.status == .analysed }.map(\.path)
      return [
        CheckProblem(
          code: "tag-not-satisfied", subject: tag,
          message: "claims a pure wheel but has ELF files: \(elves.joined(separator: ", "))")
      ]
    case .linux(let architecture):
      return architectureProblems(tag, architecture)
    case .manylinuxLegacy(_, let major, let minor, let architecture),
      .manylinux(let major, let minor, let architecture):
      let early = architectureProblems(tag, architecture) + libcProblems(tag, .glibc)
      return early.isEmpty ? manylinuxProblems(tag, major: major, minor: minor) : early
    case .musllinux(let major, let minor, let architecture):
      let early = architectureProblems(tag, architecture) + libcProblems(tag, .musl)
      return early.isEmpty ? musllinuxProblems(tag, major: major, minor: minor) : early
    case .android:
      return [CheckProblem(code: "tag-unknown", subject: tag, message: "Android tags are not checked by wheelfs")]
    case .other:
      return [CheckProblem(code: "tag-unknown", subject: tag, message: "not a Linux platform tag wheelfs knows")]
    }
  }

  private func architectureProblems(_ tag: String, _ architecture: String) -> [CheckProblem] {
    let baseline = Architecture(rawValue: architecture)?.baseline.rawValue
    guard baseline != analysis.report.architecture else { return [] }
    return [
      CheckProblem(
        code: "tag-architecture", subject: tag,
        message: "the ELF files are \(analysis.report.architecture), not \(architecture)")
    ]
  }

  private func libcProblems(_ tag: String, _ libc: Libc) -> [CheckProblem] {
    guard analysis.report.libc != libc.rawValue else { return [] }
    return [
      CheckProblem(code: "tag-libc", subject: tag, message: "the ELF files are built for \(analysis.report.libc), not \(libc)")
    ]
  }

  /// `manylinux_X_Y`: the verdict must be a manylinux policy for glibc ≤ X.Y.
  private func manylinuxProblems(_ tag: String, major: Int, minor: Int) -> [CheckProblem] {
    let report = analysis.report
    let overall = report.verdict.overallTag
    if let version = Self.glibcVersion(overall), version <= (major, minor) { return [] }
    // Explain with the newest policy the claim covers (or the oldest one there is).
    let covered = analysis.policies.policies.filter {
      guard let version = Self.glibcVersion($0.name) else { return false }
      return version <= (major, minor)
    }
    let target = covered.min { $0.priority < $1.priority } ?? analysis.policies.highest
    return explain(tag, needs: overall, barrier: report.barriers.first { $0.policy == target.name }, report: report)
  }

  /// `musllinux_X_Y`: the wheel must pass that musllinux policy.
  private func musllinuxProblems(_ tag: String, major: Int, minor: Int) -> [CheckProblem] {
    let policies: PolicySet
    do {
      policies = try PolicySet(
        libc: .musl, architecture: analysis.policies.architecture, muslPolicy: "musllinux_\(major)_\(minor)")
    } catch {
      return [CheckProblem(code: "tag-unknown", subject: tag, message: "\(error)")]
    }
    let (verdict, report) = analysis.evaluate(with: policies)
    guard verdict.overall != policies.highest else { return [] }
    return explain(tag, needs: verdict.overall.name, barrier: report.barriers.first, report: report)
  }

  private func explain(_ tag: String, needs overall: String, barrier: PolicyBarrier?, report: AuditReport)
    -> [CheckProblem]
  {
    let facts = barrier.map(BarrierFact.facts(of:)) ?? []
    guard !facts.isEmpty else {
      return [CheckProblem(code: "tag-not-satisfied", subject: tag, message: "the contents are only \(overall)")]
    }
    return facts.map {
      CheckProblem(
        code: "tag-not-satisfied", subject: tag,
        message: "the contents are only \(overall): \($0.kind.rawValue) \($0.text)")
    }
  }

  /// (X, Y) of `manylinux_X_Y_<arch>`, `nil` for anything else (`linux_<arch>`).
  static func glibcVersion(_ policy: String) -> (Int, Int)? {
    switch PlatformTag(policy) {
    case .manylinux(let major, let minor, _), .manylinuxLegacy(_, let major, let minor, _): (major, minor)
    default: nil
    }
  }
}
