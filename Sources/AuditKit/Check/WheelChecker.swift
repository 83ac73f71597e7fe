import PolicyKit
import WheelKit

/// `wheelfs check` (pypa/auditwheel#180): does the wheel hold together, and do its contents
/// satisfy the platform tags its file name and WHEEL file claim?
///
/// * container and RECORD: ``RecordCheck``;
/// * the file name's tags against WHEEL's `Tag` lines (each set must equal the other);
/// * every claimed platform tag against the audit's verdict: `manylinux_X_Y_<arch>` (and the
///   legacy aliases) is satisfied when the verdict is a manylinux policy for glibc ≤ X.Y;
///   `musllinux_X_Y_<arch>` when the wheel passes that musllinux policy; `linux_<arch>` when
///   the architecture matches; `any` when there is no ELF file. A failed tag names what stands
///   in the way: the symbols (with the member needing them), libraries, blacklisted symbols.
public struct WheelChecker: Sendable {
  public let analyzer: WheelAnalyzer

  public init(analyzer: WheelAnalyzer) { self.analyzer = analyzer }

  /// Checks the wheel at `path` (a `.whl` file or an unpacked wheel directory).
  ///
  /// - Throws: only when the input cannot be opened at all (``AuditError/fileNotFound(path:)``,
  ///   ``AuditError/archive(path:_:)``, ``AuditError/notAWheel(path:_:)``).
  public func check(path: String) throws(AuditError) -> CheckReport {
    check(try AuditInput.open(path))
  }

  /// Checks an opened input.
  public func check(_ input: AuditInput) -> CheckReport {
    var problems = RecordCheck.problems(input, threads: analyzer.options.threads)
    let wheelTags = Self.wheelFileTags(input)
    var claimed = Set(input.platformTags)
    if let filename = input.filename, let wheelTags {
      claimed.formUnion(wheelTags.map(\.platform))
      problems += Self.tagMismatches(filename: filename.tags, wheel: Set(wheelTags))
    } else if input.kind == .wheel, wheelTags == nil {
      problems.append(CheckProblem(code: "wheel-file", message: "no readable .dist-info/WHEEL file"))
    }
    let platforms = claimed.sorted()

    let analysis: WheelAnalysis
    do {
      analysis = try analyzer.analyze(input)
    } catch {
      if case .nonPlatformWheel = error {
        for tag in platforms where tag != "any" {
          problems.append(
            CheckProblem(code: "not-a-platform-wheel", subject: tag, message: "claims a platform but \(error)"))
        }
      } else {
        problems.append(CheckProblem(code: "analysis", message: "\(error)"))
      }
      return CheckReport(wheel: input.name, overallTag: nil, claimedPlatforms: platforms, problems: problems)
    }
    for tag in platforms { problems += TagSatisfaction(analysis: analysis).problems(for: tag) }
    return CheckReport(
      wheel: input.name, overallTag: analysis.report.verdict.overallTag, claimedPlatforms: platforms, problems: problems)
  }

  /// The WHEEL file's tag triples (`nil` when there is no readable WHEEL).
  static func wheelFileTags(_ input: AuditInput) -> [WheelTag]? {
    let files = input.contents.files
    guard let distInfo = try? DistInfo.find(in: files.map(\.name)),
      let member = files.first(where: { $0.name == distInfo.wheelPath }),
      let bytes = try? input.contents.bytes(of: member)
    else { return nil }
    return WheelMetadata.parse(bytes).tagTriples
  }

  /// Tags in the file name but not in WHEEL, and the reverse.
  static func tagMismatches(filename: Set<WheelTag>, wheel: Set<WheelTag>) -> [CheckProblem] {
    let onlyName = filename.subtracting(wheel).sorted().map {
      CheckProblem(code: "tag-mismatch", subject: "\($0)", message: "in the file name but not in WHEEL")
    }
    let onlyWheel = wheel.subtracting(filename).sorted().map {
      CheckProblem(code: "tag-mismatch", subject: "\($0)", message: "in WHEEL but not in the file name")
    }
    return onlyName + onlyWheel
  }
}
