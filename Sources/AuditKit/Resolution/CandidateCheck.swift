/// Why a file found in a search directory was not used.
public enum CandidateProblem: Sendable, Hashable, Codable {
  /// Not an ELF file (ld.so: "invalid ELF header" or "file too short").
  case notELF
  /// An ELF file that could not be read; the message comes from the ELF reader.
  case unreadable(message: String)
  /// A directory or device where a library was expected (ld.so: "cannot read file data").
  case notRegularFile
  /// Another ELF class (`EI_CLASS`).
  case wrongClass(UInt8)
  /// Another byte order (`EI_DATA`).
  case wrongByteOrder
  /// Another machine (`e_machine`).
  case wrongMachine(UInt16)
  /// An OS ABI the loader refuses (`EI_OSABI`).
  case wrongOSABI(UInt8)
  /// An ARM object whose float ABI (`e_flags`) contradicts the loader's.
  case floatABIMismatch(flags: UInt32)
}

/// The loader's decision about one candidate file.
enum CandidateVerdict: Sendable, Hashable {
  /// Use it.
  case accept
  /// Ignore it and keep searching.
  case skip(CandidateProblem)
  /// Stop: glibc reports an error for the whole load ("ELF file OS ABI invalid"); auditwheel
  /// raises an exception.
  case fatal(CandidateProblem)
}

/// Compatibility rules between a candidate library and the object that needs it.
enum CandidateCheck {
  /// glibc's `open_verify`, in the order observed on Debian 12 (glibc 2.36): a different
  /// machine (as read in the target's byte order) or class is skipped; a different byte order
  /// with the same machine, an OS ABI other than System V/GNU (plus ARM_AEABI on ARM), or an ARM
  /// object of the other float ABI stops the search with an error.
  static func glibc(candidate: ELFIdentity, target: ELFIdentity) -> CandidateVerdict {
    let seenMachine =
      candidate.byteOrder == target.byteOrder ? candidate.machine : candidate.machine.byteSwapped
    if seenMachine != target.machine { return .skip(.wrongMachine(candidate.machine)) }
    if candidate.elfClass != target.elfClass { return .skip(.wrongClass(candidate.elfClass)) }
    if candidate.byteOrder != target.byteOrder { return .fatal(.wrongByteOrder) }
    var validOSABI: Set<UInt8> = [0, 3]
    if target.machine == ELFMachine.arm { validOSABI.insert(64) }
    if !validOSABI.contains(candidate.osabi) { return .fatal(.wrongOSABI(candidate.osabi)) }
    if target.machine == ELFMachine.arm, !armFloatABIAccepted(candidate.flags, loader: target.flags) {
      return .fatal(.floatABIMismatch(flags: candidate.flags))
    }
    return .accept
  }

  /// glibc's `VALID_FLOAT_ABI` (sysdeps/unix/sysv/linux/arm/ldsodefs.h): a hard-float loader
  /// refuses EABI5 objects flagged soft-float, a soft-float loader those flagged hard-float. The
  /// loader is soft-float only when the root object says so explicitly.
  private static func armFloatABIAccepted(_ flags: UInt32, loader: UInt32) -> Bool {
    let eabi5 = (flags & ARMFlags.eabiMask) == ARMFlags.eabiVersion5
    let loaderSoft =
      (loader & ARMFlags.eabiMask) == ARMFlags.eabiVersion5 && (loader & ARMFlags.floatSoft) != 0
    let refused = loaderSoft ? ARMFlags.floatHard : ARMFlags.floatSoft
    return !eabi5 || (flags & refused) == 0
  }

  /// auditwheel's `Platform.is_compatible`: same class, byte order and machine, and the same OS
  /// ABI or both in {SYSV, LINUX} (pyelftools' names for 0 and 3).
  static func auditwheel(candidate: ELFIdentity, parent: ELFIdentity) -> CandidateVerdict {
    let linuxABIs: Set<UInt8> = [0, 3]
    if candidate.osabi != parent.osabi,
      !(linuxABIs.contains(candidate.osabi) && linuxABIs.contains(parent.osabi))
    {
      return .skip(.wrongOSABI(candidate.osabi))
    }
    if candidate.elfClass != parent.elfClass { return .skip(.wrongClass(candidate.elfClass)) }
    if candidate.byteOrder != parent.byteOrder { return .skip(.wrongByteOrder) }
    if candidate.machine != parent.machine { return .skip(.wrongMachine(candidate.machine)) }
    return .accept
  }
}
