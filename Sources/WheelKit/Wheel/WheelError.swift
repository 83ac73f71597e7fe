/// Errors of the wheel-metadata layer: file names, `WHEEL`, `RECORD`, `.dist-info`.
///
/// Each case carries what was being parsed; messages are rendered in
/// `WheelError+Description.swift` only.
public enum WheelError: Error, Sendable, Hashable {
  // File names (PEP 427 / packaging's parse_wheel_filename).
  /// The name does not end with `.whl`.
  case notAWheelFilename(String)
  /// The name (without `.whl`) does not have 4 or 5 dashes.
  case wrongNumberOfParts(filename: String, dashes: Int)
  /// The project-name part has `__` or characters other than ASCII letters, digits, `.`, `_`.
  case invalidProjectName(filename: String)
  /// The version part is not a PEP 440 version.
  case invalidVersion(filename: String, version: String)
  /// A version string that is not PEP 440 (outside a file name).
  case invalidPEP440Version(String)
  /// The build tag does not start with a digit.
  case invalidBuildTag(filename: String, build: String)

  // Architecture and libc from platform tags (auditwheel's get_wheel_architecture/_libc).
  /// Every platform tag is `any`.
  case pureWheel
  /// No tag names a known architecture.
  case unknownArchitecture
  /// Tags name several architectures, or `any` is mixed with platform tags.
  case multipleArchitectures([String])
  /// No tag starts with `manylinux`, `musllinux` or `android`.
  case unknownLibc
  /// Tags name several libc families.
  case multipleLibc([String])

  // WHEEL / METADATA (RFC 822 style headers).
  /// The file is not valid UTF-8 (METADATA) or ASCII-compatible text.
  case invalidText(file: String)
  /// A required header is missing.
  case missingHeader(file: String, header: String)

  // RECORD (CSV).
  /// RECORD is not valid UTF-8; `offset` is the first bad byte.
  case recordNotUTF8(offset: Int)
  /// A CSV field is longer than Python's default `field_size_limit` (131072).
  case recordFieldTooLong(line: Int, limit: Int)

  // .dist-info discovery.
  /// No top-level `*.dist-info/` directory among the members.
  case noDistInfo
  /// Several top-level `*.dist-info/` directories.
  case multipleDistInfo([String])
}
