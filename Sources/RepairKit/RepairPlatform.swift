import PolicyKit
import WheelKit

/// The `--plat` checks auditwheel's `main_repair.execute` makes before and after analysing a
/// wheel, as pure functions.
public enum RepairPlatform {
  /// What `--plat` asks for, once checked against the wheel's file name.
  public struct Request: Sendable, Hashable {
    /// `auto`, or the platform without its architecture suffix (`manylinux_2_17`).
    public var base: String
    /// The architecture `--plat` names (nil for `auto`).
    public var architecture: Architecture?
    /// Whether the file name's tags are all `any` (a pure wheel, which
    /// `--allow-pure-python-wheel` lets through unchanged when no ELF is found).
    public var isPureByName: Bool
  }

  /// Whether `platform` is a value `--plat` accepts: `auto`, or a manylinux/musllinux policy
  /// name or alias for any architecture (auditwheel accepts only the host's).
  public static func isKnown(_ platform: String) -> Bool {
    if platform == "auto" { return true }
    let (base, architecture) = RepairTarget.splitPlatform(platform)
    guard let architecture, architecture == architecture.baseline else { return false }
    if base.hasPrefix("musllinux_") {
      return (try? PolicySet(libc: .musl, architecture: architecture, muslPolicy: base)) != nil
    }
    guard let set = try? PolicySet(libc: .glibc, architecture: architecture),
      let policy = try? set.lookup(platform)
    else { return false }
    return !policy.isLinux
  }

  /// auditwheel's checks of the wheel's file name against `--plat`, in its order: the
  /// architecture (when the name has one) must be the requested one, and the libc (when the
  /// name has one) must be the one the requested prefix names.
  ///
  /// - Throws: ``RepairError/architectureMismatch(wheel:wheelArchitecture:requested:)``,
  ///   ``RepairError/libcMismatch(wheel:wheelLibc:requested:)``.
  public static func check(wheelFilename: String, platform: String) throws(RepairError) -> Request {
    let (base, requested) = RepairTarget.splitPlatform(platform)
    var isPure = false
    var filename: WheelFilename?
    do { filename = try WheelFilename.parse(wheelFilename) } catch { filename = nil }
    if let filename {
      var arch: String?
      do { arch = try filename.architecture() } catch { isPure = error == .pureWheel }
      if let arch, let requested, requested.rawValue != arch {
        throw .architectureMismatch(
          wheel: wheelFilename, wheelArchitecture: arch, requested: requested.rawValue)
      }
    }
    var libc: PlatformLibc? = nil
    if let filename { libc = try? filename.libc() }
    for candidate in PlatformLibc.allCases where base.hasPrefix(candidate.tagPrefix) {
      if libc == nil { libc = candidate }
      if let libc, libc != candidate {
        throw .libcMismatch(
          wheel: wheelFilename, wheelLibc: displayName(libc), requested: displayName(candidate))
      }
    }
    return Request(base: base, architecture: requested, isPureByName: isPure)
  }

  /// auditwheel's refusals, then the PyFPE refusal auditwheel forgets: a wheel referencing
  /// `PyFPE_jbuf` can have no manylinux or musllinux tag.
  ///
  /// - Throws: ``PolicyError`` (unknown policy, or `repairRefused` in auditwheel's order),
  ///   ``RepairError/usesPyFPE(wheel:platform:)``.
  public static func target(
    policies: PolicySet, platformBase: String, verdict: Verdict, wheel: String, onlyPlatform: Bool
  ) throws -> RepairTarget {
    let target = try policies.repairTarget(
      platformBase: platformBase, verdict: verdict, wheel: wheel, onlyPlatform: onlyPlatform)
    if target.requested.priority > verdict.pyfpe.priority {
      let platform =
        platformBase == "auto" ? target.requested.name : "\(platformBase)_\(policies.architecture.rawValue)"
      throw RepairError.usesPyFPE(wheel: wheel, platform: platform)
    }
    return target
  }

  /// auditwheel's `Libc` member names, used in its messages.
  static func displayName(_ libc: PlatformLibc) -> String {
    libc.rawValue.uppercased()
  }
}
