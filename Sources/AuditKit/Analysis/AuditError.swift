import BinaryKit
import ELFKit
import PolicyKit
import WheelKit

/// Why an audit could not produce a verdict. Messages are rendered in
/// `AuditError+Description.swift` only; those that auditwheel also reports use its wording.
public enum AuditError: Error, Sendable, Equatable {
  /// The input does not exist (auditwheel: `cannot access X. No such file`, usage error).
  case fileNotFound(path: String)
  /// The input exists but cannot be read.
  case unreadable(path: String, FileError)
  /// A file that is neither an ELF file nor named like a wheel.
  case notAWheel(path: String, WheelError)
  /// The wheel's zip structure is unusable.
  case archive(path: String, ZipError)
  /// One member needed for the analysis cannot be read (corrupt data, bad name, …).
  case corruptMember(name: String, ZipError)
  /// A file of an unpacked wheel directory cannot be read.
  case unreadableMember(name: String, FileError)
  /// A bare ELF input that cannot be parsed.
  case invalidELF(path: String, ELFError)
  /// auditwheel's `NonPlatformWheelError`: no ELF file of a usable architecture. `pure` is set
  /// when every filename tag is `any` (then `--allow-pure-python-wheel` makes it a success).
  case nonPlatformWheel(architecture: String?, otherArchitectureFiles: [String], pure: Bool)
  /// ELF files inside a `purelib` directory (auditwheel's `RuntimeError`).
  case sharedLibrariesInPurelib([String])
  /// The wheel targets a libc wheelfs has no policies for (Android).
  case unsupportedLibc(String)
  /// No policy data for the wheel's libc and architecture, or another policy-data failure.
  case policy(PolicyError)
  /// The dependency tree of a member could not be built (e.g. it needs both glibc and musl).
  case resolution(member: String, ResolutionError)
}
