import BinaryKit
import ELFKit
import Foundation
import PolicyKit
import WheelKit

/// Audits a wheel (a `.whl` file, an unpacked wheel directory, or a single ELF file) the way
/// `auditwheel show` does, without unpacking anything to disk.
///
/// ```swift
/// let analyzer = WheelAnalyzer(environment: .from(environment: env, ldPaths: nil))
/// let analysis = try analyzer.analyze(path: "numpy-2.4.6-cp311-cp311-manylinux_2_28_x86_64.whl")
/// print(analysis.report.verdict.overallTag)
/// print(AuditRendering.policyFile(analysis.report))
/// ```
///
/// Steps (docs/audit.md): list every member; skip `*.py`; find ELF files by their magic and
/// parse each once (in parallel); resolve each one's dependency tree in auditwheel's mode, with
/// the wheel's files laid over the host at a virtual root; apply auditwheel's per-ELF
/// architecture and libc checks, `_fixup_elf_trees` and root selection; evaluate the policies
/// (PolicyKit); build the report with per-symbol diagnostics.
public struct WheelAnalyzer: Sendable {
  /// Where the wheel's files appear to the resolver (auditwheel: its temporary directory).
  public static let virtualRoot = "/.wheelfs/wheel"

  public var options: AuditOptions
  public var environment: SearchEnvironment
  /// Host ELF facts, parsed at most once (share one store between audits to reuse them).
  public let store: ELFFactsStore

  public init(options: AuditOptions = .init(), environment: SearchEnvironment = .init(), store: ELFFactsStore = .init()) {
    self.options = options
    self.environment = environment
    self.store = store
  }

  /// Audits the file or directory at `path`: a directory is an unpacked wheel, a file starting
  /// with the ELF magic a one-file wheel, anything else must be a `.whl` zip archive.
  public func analyze(path: String) throws(AuditError) -> WheelAnalysis {
    try analyze(AuditInput.open(path))
  }

  /// Audits an opened input.
  public func analyze(_ input: AuditInput) throws(AuditError) -> WheelAnalysis {
    let kinds = try ELFScan.scan(input.contents, threads: options.threads)
    return try analyze(input, kinds: kinds)
  }

  /// Audits an opened input whose members were already classified (`kinds[i]` for
  /// `input.contents.files[i]`, from ``ELFScan/scan(_:threads:)``).
  public func analyze(_ input: AuditInput, kinds: [MemberKind]) throws(AuditError) -> WheelAnalysis {
    let files = input.contents.files
    var warnings: [AuditWarning] = []
    let platform = try PlatformFromTags(tags: input.platformTags, warnings: &warnings)

    // Every ELF member, in auditwheel's order (RECORD rows, then members RECORD misses).
    let (order, listed) = AnalysisOrder.order(input: input, warnings: &warnings)
    var elfMembers: [(name: String, facts: ELFFacts)] = []
    var unparseable: [(name: String, error: ELFError)] = []
    for index in order {
      switch kinds[index] {
      case .elf(let facts): elfMembers.append((files[index].name, facts))
      case .invalidELF(let error):
        unparseable.append((files[index].name, error))
        warnings.append(AuditWarning(kind: "invalid-elf", file: files[index].name, message: "ignoring: \(files[index].name): \(error)"))
      case .pythonSource, .notELF: break
      }
    }
    if let listed {
      for member in elfMembers where !listed.contains(member.name) {
        warnings.append(
          AuditWarning(
            kind: "not-in-record", file: member.name,
            message: "\(member.name) is not listed in RECORD: analysed here, invisible to auditwheel"))
      }
    }
    let purelib = elfMembers.filter { Self.isInPurelib($0.name) }.map { PathSyntax.basename($0.name) }
    if !purelib.isEmpty { throw .sharedLibrariesInPurelib(purelib) }

    // The resolver's world: the host (or sysroot) with the wheel at the virtual root.
    let physicalRoot = SysrootView.physicalPath(Self.virtualRoot, sysroot: environment.sysroot)
    let overlayMembers = files.indices.map { index -> (name: String, facts: ELFFacts?) in
      if case .elf(let facts) = kinds[index] { return (files[index].name, facts) }
      return (files[index].name, nil)
    }
    let fileSystem = AuditFileSystem(overlayRoot: physicalRoot, members: overlayMembers, store: store)
    let resolver = LibraryResolver(fileSystem: fileSystem, config: searchConfig(), mode: .auditwheel)
    let trees = Self.resolveAll(elfMembers.map { Self.virtualRoot + "/" + $0.name }, resolver: resolver, threads: options.threads)

    var loop = ELFLoop(architecture: platform.architecture, libc: platform.libc)
    for (index, member) in elfMembers.enumerated() {
      let tree: DependencyTree
      switch trees[index] {
      case .success(let value): tree = value
      case .failure(let error): throw .resolution(member: member.name, error)
      }
      loop.visit(member: member.name, logicalPath: Self.virtualRoot + "/" + member.name, facts: member.facts, tree: tree)
    }
    warnings += loop.warnings
    guard let architecture = loop.architecture, !loop.analysed.isEmpty else {
      throw .nonPlatformWheel(
        architecture: loop.architecture?.rawValue, otherArchitectureFiles: loop.otherArchitecture,
        pure: platform.isPure)
    }

    var libc = loop.libc
    var libcSource: LibcSource = platform.libc != nil ? .filename : .elf
    if libc == nil {
      libc = .glibc
      libcSource = .default
      warnings.append(AuditWarning(kind: "libc-default", message: "couldn't detect wheel libc, defaulting to glibc"))
    }
    let policies: PolicySet
    do { policies = try PolicySet(libc: libc ?? .glibc, architecture: architecture.baseline) } catch {
      throw .policy(error)
    }

    var extensions = loop.analysed.filter { $0.pythonExtension != nil }
    var others = loop.analysed.filter { $0.pythonExtension == nil }
    for message in TreeFixup.apply(extensions: extensions, others: &others) {
      warnings.append(AuditWarning(kind: "tree-fixup", message: message))
    }
    // Back to analysis order, with the fixed-up trees.
    let fixed = Dictionary(uniqueKeysWithValues: (extensions + others).map { ($0.member, $0) })
    let analysed = loop.analysed.compactMap { fixed[$0.member] }
    extensions = []
    others = []

    let converter = PolicyFactsConverter(fileSystem: fileSystem, sysroot: environment.sysroot, virtualRoot: Self.virtualRoot)
    let wheelFacts = WheelFacts(elves: analysed.map { converter.policyFacts($0) })
    warnings += converter.warnings(for: analysed)
    let context = WheelAnalysis.Context(
      wheel: input.name, input: input.kind, analysed: analysed, elfMembers: elfMembers, loop: loop,
      unparseable: unparseable, converter: converter, libc: libc ?? .glibc, libcSource: libcSource,
      warnings: warnings, options: options)
    return WheelAnalysis(policies: policies, facts: wheelFacts, context: context)
  }

  /// The resolver configuration: auditwheel's search order, the wheel's virtual root as the
  /// working directory (auditwheel works inside its unpacked copy), the given environment.
  func searchConfig() -> LibrarySearchConfig {
    LibrarySearchConfig(
      sysroot: environment.sysroot, currentDirectory: Self.virtualRoot, ldSoConfPath: "/etc/ld.so.conf",
      ldPaths: environment.ldPaths, ldLibraryPath: environment.ldLibraryPath,
      auditwheelLdLibraryPath: environment.auditwheelLdLibraryPath, exclude: options.exclude,
      libpython: .skip(extended: options.extendedLibPython))
  }

  /// auditwheel: an ELF file with a `purelib` directory among its parents.
  static func isInPurelib(_ path: String) -> Bool {
    path.split(separator: "/").dropLast().contains("purelib")
  }

  /// Resolves every root in parallel; result `i` belongs to `paths[i]`.
  static func resolveAll(_ paths: [String], resolver: LibraryResolver, threads: Int?) -> [Result<DependencyTree, ResolutionError>] {
    ParallelMap.map(paths, threads: threads) { path in
      Result { () throws(ResolutionError) -> DependencyTree in try resolver.resolve(path) }
    }
  }
}

/// The result of an audit: the report, and the values it was computed from (for `check` and
/// repair, which evaluate further).
public struct WheelAnalysis: Sendable {
  /// What a report needs besides the verdict.
  struct Context: Sendable {
    let wheel: String
    let input: AuditInputKind
    let analysed: [ResolvedELF]
    let elfMembers: [(name: String, facts: ELFFacts)]
    let loop: ELFLoop
    let unparseable: [(name: String, error: ELFError)]
    let converter: PolicyFactsConverter
    let libc: Libc
    let libcSource: LibcSource
    let warnings: [AuditWarning]
    let options: AuditOptions
  }

  public let report: AuditReport
  /// The policies the verdict was computed against.
  public let policies: PolicySet
  /// The facts handed to the policy evaluation.
  public let facts: WheelFacts
  public let verdict: Verdict
  let context: Context

  init(policies: PolicySet, facts: WheelFacts, context: Context) {
    self.policies = policies
    self.facts = facts
    self.context = context
    self.verdict = policies.evaluate(facts, options: Self.evaluationOptions(context.options))
    self.report = Self.report(policies: policies, verdict: verdict, context: context)
  }

  /// The verdict under other evaluation options (repair: `.repair(platformBase:)`), against
  /// ``policies`` or another policy set of the same architecture. The ISA option of the audit
  /// is kept unless `options` sets it.
  public func verdict(options: EvaluationOptions, policies other: PolicySet? = nil) -> Verdict {
    var options = options
    options.disableISAExtensionCheck = options.disableISAExtensionCheck || context.options.disableISAExtensionCheck
    return (other ?? policies).evaluate(facts, options: options)
  }

  /// The host path of a library path in the facts (they are paths as the target sees them:
  /// under `--root DIR` the file is read from `DIR/...`). `nil` for a member of the wheel.
  public func hostPath(ofLibrary path: String) -> String? {
    if context.converter.isInsideWheel(path) { return nil }
    return SysrootView.physicalPath(path, sysroot: context.converter.sysroot)
  }

  /// The member name of a library path that lies inside the wheel (`nil` otherwise).
  public func memberName(ofLibrary path: String) -> String? {
    context.converter.memberName(path)
  }

  /// The verdict and report against another policy set of the same architecture (e.g. another
  /// musllinux version), with the same `show` options.
  public func evaluate(with other: PolicySet) -> (verdict: Verdict, report: AuditReport) {
    let verdict = other.evaluate(facts, options: Self.evaluationOptions(context.options))
    return (verdict, Self.report(policies: other, verdict: verdict, context: context))
  }

  static func evaluationOptions(_ options: AuditOptions) -> EvaluationOptions {
    EvaluationOptions(disableISAExtensionCheck: options.disableISAExtensionCheck)
  }

  static func report(policies: PolicySet, verdict: Verdict, context: Context) -> AuditReport {
    ReportBuilder(
      wheel: context.wheel, input: context.input, policies: policies, verdict: verdict, analysed: context.analysed,
      elfMembers: context.elfMembers, loop: context.loop, unparseable: context.unparseable, converter: context.converter
    ).build(libc: context.libc, libcSource: context.libcSource, warnings: context.warnings)
  }
}
