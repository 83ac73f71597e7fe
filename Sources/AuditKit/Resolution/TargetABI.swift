/// How a distribution lays out its library directories, which decides glibc's built-in search
/// directories and the value of `$LIB`.
public enum DefaultDirectoryLayout: Sendable, Hashable, Codable {
  /// Debian and Ubuntu: `/lib/<triplet>`, `/usr/lib/<triplet>`, `/lib`, `/usr/lib`, and
  /// `$LIB` = `lib/<triplet>`. Verified with `LD_DEBUG=libs` on Debian 12 (glibc 2.36) for
  /// x86_64 (`lib/x86_64-linux-gnu`) and i686 (`lib/i386-linux-gnu`).
  case debianMultiarch
  /// Fedora, RHEL and the manylinux images: `/lib64`, `/usr/lib64` for 64-bit objects (`/lib`,
  /// `/usr/lib` for 32-bit ones), and `$LIB` = `lib64` or `lib`.
  case lib64
  /// Explicit directories and `$LIB` value, for anything else.
  case custom(directories: [String], lib: String)
}

/// Facts about the target system derived from the root ELF, never from the host: the Debian
/// multiarch triplet, the `$PLATFORM` and `$LIB` values, and ld.so's built-in directories.
struct TargetABI: Sendable, Hashable {
  let identity: ELFIdentity
  let layout: DefaultDirectoryLayout
  /// `$PLATFORM`, or `nil` when the kernel provides no `AT_PLATFORM` (ld.so then drops every
  /// search-path element that uses it).
  let platform: String?

  init(identity: ELFIdentity, layout: DefaultDirectoryLayout, platformOverride: String?) {
    self.identity = identity
    self.layout = layout
    self.platform = platformOverride ?? TargetABI.defaultPlatform(identity)
  }

  /// The Debian multiarch triplet for this object (`x86_64-linux-gnu`), if known.
  var triplet: String? { TargetABI.triplet(identity) }

  /// The expansion of `$LIB`: glibc's `DL_DST_LIB`, which Debian sets to `lib/<triplet>`.
  var lib: String {
    switch layout {
    case .debianMultiarch: return triplet.map { "lib/\($0)" } ?? "lib"
    case .lib64: return identity.is64Bit ? "lib64" : "lib"
    case .custom(_, let lib): return lib
    }
  }

  /// ld.so's trusted directories (`system_dirs`), searched last.
  var defaultDirectories: [String] {
    switch layout {
    case .debianMultiarch:
      let multiarch = triplet.map { ["/lib/\($0)", "/usr/lib/\($0)"] } ?? []
      return multiarch + ["/lib", "/usr/lib"]
    case .lib64:
      return identity.is64Bit ? ["/lib64", "/usr/lib64"] : ["/lib", "/usr/lib"]
    case .custom(let directories, _):
      return directories
    }
  }

  static func triplet(_ id: ELFIdentity) -> String? {
    let little = id.byteOrder == .little
    switch id.machine {
    case ELFMachine.x86_64: return id.is64Bit ? "x86_64-linux-gnu" : "x86_64-linux-gnux32"
    case ELFMachine.i386: return "i386-linux-gnu"
    case ELFMachine.aarch64: return little ? "aarch64-linux-gnu" : "aarch64_be-linux-gnu"
    case ELFMachine.arm:
      let soft = (id.flags & ARMFlags.eabiMask) == ARMFlags.eabiVersion5 && (id.flags & ARMFlags.floatSoft) != 0
      return soft ? "arm-linux-gnueabi" : "arm-linux-gnueabihf"
    case ELFMachine.ppc64: return little ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu"
    case ELFMachine.ppc: return "powerpc-linux-gnu"
    case ELFMachine.s390: return id.is64Bit ? "s390x-linux-gnu" : "s390-linux-gnu"
    case ELFMachine.riscv: return id.is64Bit ? "riscv64-linux-gnu" : nil
    case ELFMachine.loongarch: return id.is64Bit ? "loongarch64-linux-gnu" : nil
    case ELFMachine.sparcv9: return "sparc64-linux-gnu"
    default: return nil
    }
  }

  /// The kernel's `AT_PLATFORM` string for a typical CPU of this architecture. It is exact for
  /// x86_64 and i686 (checked with `LD_DEBUG=libs`) and for aarch64 (a constant in the kernel);
  /// for ARM, POWER and Z it depends on the CPU, and a representative value is used. RISC-V
  /// kernels provide none.
  static func defaultPlatform(_ id: ELFIdentity) -> String? {
    let little = id.byteOrder == .little
    switch id.machine {
    case ELFMachine.x86_64: return "x86_64"
    case ELFMachine.i386: return "i686"
    case ELFMachine.aarch64: return little ? "aarch64" : "aarch64_be"
    case ELFMachine.arm: return little ? "v7l" : "v7b"
    case ELFMachine.ppc64: return little ? "power8" : "power7"
    case ELFMachine.s390: return "z13"
    default: return nil
    }
  }
}
