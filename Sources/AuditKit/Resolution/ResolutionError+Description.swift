extension ResolutionError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .rootNotFound(let path):
      return "\(path): no such file"
    case .rootNotELF(let path):
      return "\(path): not an ELF file"
    case .rootUnreadable(let path, let message):
      return "\(path): unreadable ELF file: \(message)"
    case .originWithoutObject(let list, let value):
      return "can't expand $ORIGIN without a path (in \(list)=\(value))"
    case .conflictingLibc(let detected, let needed):
      let other = detected == .glibc ? "MUSL" : "GLIBC"
      return "found a dependency on \(other) (\(needed)) but the libc is already set to \(detected.rawValue)"
    case .multipleMuslPathFiles(let files):
      return "more than one musl path file: \(files.joined(separator: ", "))"
    }
  }
}
