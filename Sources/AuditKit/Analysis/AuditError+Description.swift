extension AuditError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "cannot access \(path). No such file"
    case .unreadable(_, let error):
      return "\(error)"
    case .notAWheel(let path, let error):
      return "\(path): not an ELF file or a wheel: \(error)"
    case .archive(let path, let error):
      return "\(path): not a readable zip archive: \(error)"
    case .corruptMember(let name, let error):
      return "corrupt member \(name): \(error)"
    case .unreadableMember(let name, let error):
      return "cannot read \(name): \(error)"
    case .invalidELF(let path, let error):
      return "\(path): \(error)"
    case .nonPlatformWheel(let architecture, let files, _):
      guard let architecture, !files.isEmpty else {
        return "This does not look like a platform wheel, no ELF executable "
          + "or shared library file (including compiled Python C extension) "
          + "found in the wheel archive"
      }
      return "Invalid binary wheel: no ELF executable or shared library file "
        + "(including compiled Python C extension) with a '\(architecture)' architecture "
        + "found. The following ELF files were found:\n\t\(files.joined(separator: "\n\t"))\n"
    case .sharedLibrariesInPurelib(let names):
      return "Invalid binary wheel, found the following shared library/libraries in purelib "
        + "folder:\n\t\(names.joined(separator: "\n\t"))\nThe wheel has to be platlib compliant "
        + "in order to be repaired by auditwheel."
    case .unsupportedLibc(let libc):
      return "\(libc) wheels are not supported (wheelfs audits manylinux and musllinux wheels)"
    case .policy(let error):
      return "\(error)"
    case .resolution(let member, let error):
      return "\(member): \(error)"
    }
  }
}
