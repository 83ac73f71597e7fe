import BinaryKit

extension RepairError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .architectureMismatch(let wheel, let arch, let requested):
      "can't repair wheel \(wheel) with \(arch) architecture to a wheel targeting \(requested)"
    case .libcMismatch(let wheel, let libc, let requested):
      "can't repair wheel \(wheel) with \(libc) libc to a wheel targeting \(requested)"
    case .usesPyFPE(let wheel, let platform):
      "cannot repair \"\(wheel)\" to \"\(platform)\" ABI because it uses the PyFPE_jbuf function, "
        + "which is not compatible with manylinux or musllinux tags. You'll need to compile the "
        + "wheel against a Python built without fpectl."
    case .invalidCompressionLevel(let level):
      "invalid zip compression level \(level) (choose from -1, 0, 1, ..., 9)"
    case .libraryNotLocated(let soname, _):
      "Cannot repair wheel, because required library \"\(soname)\" could not be located"
    case .unsplittableLibraryName(let realpath):
      "cannot graft \(realpath): its file name has no '.' to split into <base>-<hash>.<rest>"
    case .wheelFilename(let error):
      "\(error)"
    case .hostLibraryUnreadable(let error):
      "cannot read library: \(error)"
    case .hostLibraryNotELF(let path, let error):
      "\(path): not a usable ELF file: \(error)"
    case .zip(let error):
      "\(error)"
    case .wheel(let error):
      "\(error)"
    case .elfNotInWheel(let path):
      "\(path): analysed ELF file is not a file member of the wheel"
    case .patch(let error):
      "\(error)"
    case .outputDirectory(let path, let errno):
      "\(FileError(path: path, operation: .mkdir, errno: errno))"
    case .outputIsInput(let path):
      "refusing to overwrite the input wheel \(path): choose another --wheel-dir"
    }
  }

  /// Whether the CLI reports this as a usage error or refusal (exit status 2) rather than a
  /// failure (1), as auditwheel's `parser.error` does.
  public var isRefusal: Bool {
    switch self {
    case .architectureMismatch, .libcMismatch, .usesPyFPE, .invalidCompressionLevel: true
    default: false
    }
  }
}
