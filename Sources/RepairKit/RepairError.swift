import BinaryKit
import ELFKit
import ELFPatchKit
import WheelKit

/// Everything that can stop a repair, with what and where. Messages are rendered in
/// `RepairError+Description.swift` only.
///
/// Whatever the case, a failed repair leaves no output file behind (see ``RepairExecutor``).
public enum RepairError: Error, Equatable, Sendable {
  // MARK: Refusals and usage (exit status 2 in the CLI)

  /// The wheel's architecture (from its file name) is not the one `--plat` names.
  case architectureMismatch(wheel: String, wheelArchitecture: String, requested: String)
  /// The wheel's libc (from its file name) is not the one `--plat` names.
  case libcMismatch(wheel: String, wheelLibc: String, requested: String)
  /// The wheel references `PyFPE_jbuf` (an fpectl build of Python), which no manylinux or
  /// musllinux policy allows. auditwheel forgets this check and repairs such wheels.
  case usesPyFPE(wheel: String, platform: String)
  /// `-z`/`--zip-compression-level` outside -1...9.
  case invalidCompressionLevel(Int)

  // MARK: Planning

  /// An ELF needs a library that was not found on the host (auditwheel raises the same
  /// message as a `ValueError` traceback).
  case libraryNotLocated(soname: String, neededBy: String)
  /// A library's real file name has no `.`, so auditwheel's `<base>-<hash>.<rest>` naming
  /// cannot apply (auditwheel fails with a `ValueError` on `split(".", 1)`).
  case unsplittableLibraryName(realpath: String)
  /// The wheel's file name cannot be parsed.
  case wheelFilename(WheelError)

  // MARK: Reading

  /// A host library could not be read.
  case hostLibraryUnreadable(FileError)
  /// A host library is not a readable ELF file.
  case hostLibraryNotELF(path: String, ELFError)
  /// The input wheel could not be read, or the output could not be written.
  case zip(ZipError)
  /// The wheel's `.dist-info` could not be found, or its metadata is unusable.
  case wheel(WheelError)
  /// An ELF the audit analysed is not a file member of the wheel.
  case elfNotInWheel(String)

  // MARK: Writing

  /// A file could not be patched.
  case patch(PatchError)
  /// The output directory could not be created.
  case outputDirectory(path: String, errno: Int32)
  /// The output file would be the input wheel itself (same directory, same name).
  case outputIsInput(String)
}
