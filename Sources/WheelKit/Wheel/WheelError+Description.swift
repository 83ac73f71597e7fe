extension WheelError: CustomStringConvertible {
  /// The message, worded as auditwheel's / packaging's where they have one.
  public var description: String {
    switch self {
    case .notAWheelFilename(let name):
      return "Invalid wheel filename (extension must be '.whl'): '\(name)'"
    case .wrongNumberOfParts(let name, _):
      return "Invalid wheel filename (wrong number of parts): '\(name)'"
    case .invalidProjectName(let name):
      return "Invalid project name: '\(name)'"
    case .invalidVersion(let name, _):
      return "Invalid wheel filename (invalid version): '\(name)'"
    case .invalidPEP440Version(let version):
      return "Invalid version: '\(version)'"
    case .invalidBuildTag(let name, let build):
      return "Invalid build number: \(build) in '\(name)'"
    case .pureWheel:
      return
        "This does not look like a platform wheel, no ELF executable or shared library file (including compiled Python C extension) found in the wheel archive"
    case .unknownArchitecture:
      return "unknown architecture"
    case .multipleArchitectures(let archs):
      return archs.count > 1
        ? "wheels with multiple architectures are not supported, got \(archs.joined(separator: ", "))"
        : "wheels with multiple architectures are not supported"
    case .unknownLibc:
      return "unknown libc used"
    case .multipleLibc(let families):
      return "wheels with multiple libc are not supported, got \(families.joined(separator: ", "))"
    case .invalidText(let file):
      return "\(file) is not valid text"
    case .missingHeader(let file, let header):
      return "\(file) has no \(header) header"
    case .recordNotUTF8(let offset):
      return "RECORD is not valid UTF-8 (byte \(offset))"
    case .recordFieldTooLong(let line, let limit):
      return "RECORD line \(line): field larger than field limit (\(limit))"
    case .noDistInfo:
      return "Should be exactly one `*.dist_info` directory (found none)"
    case .multipleDistInfo(let dirs):
      return
        "Should be exactly one `*.dist_info` directory (found \(dirs.joined(separator: ", ")))"
    }
  }
}
