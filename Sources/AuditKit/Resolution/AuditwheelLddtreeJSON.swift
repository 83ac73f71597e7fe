/// A ``DependencyTree`` in the shape `auditwheel lddtree FILE` prints (the JSON after
/// `INFO:auditwheel.main_lddtree:` on stderr), so a differential test can compare the two texts.
///
/// auditwheel dumps its `DynamicExecutable` dataclass with `json.dumps(indent=4)`: enums as
/// their `repr` (`"<Libc.GLIBC: 'glibc'>"`), paths as strings, excluded names left out of
/// `needed` and of `libraries`, unresolved libraries with `null` path, realpath and platform.
/// The interpreter's entry carries the root's platform. Machine and OS ABI values use
/// pyelftools' names for the common Linux values and fall back to the number otherwise.
public enum AuditwheelLddtreeJSON {
  /// The JSON value for `tree`.
  ///
  /// - Parameter extendedArchitecture: the x86-64 ISA level of a file (`"x86_64_v3"`), read from
  ///   its `GNU_PROPERTY_X86_ISA_1_NEEDED` note by the caller; `_ext_arch` is `null` otherwise.
  ///   The argument is the file's realpath as it appears in the tree.
  public static func value(
    _ tree: DependencyTree, extendedArchitecture: (String) -> String? = { _ in nil }
  ) -> PythonJSON {
    var libraries: [PythonJSON.Member] = []
    for node in tree.orderedLibraries where !node.isExcludedPlaceholder {
      let resolved = node.reason == nil && node.realpath != nil
      // The interpreter's entry reuses the root's platform, extended architecture included.
      let isInterpreter = tree.interpreter != nil && node.path == tree.interpreter
      let extPath = isInterpreter ? tree.realpath : node.realpath
      let platform: PythonJSON =
        resolved ? platformValue(node.identity ?? tree.identity, ext: extPath.flatMap(extendedArchitecture)) : .null
      libraries.append(
        PythonJSON.Member(
          node.soname,
          .object([
            .init("soname", .string(node.soname)),
            .init("path", resolved ? .optional(node.path) : .null),
            .init("realpath", resolved ? .optional(node.realpath.map(PathSyntax.purePosix)) : .null),
            .init("platform", platform),
            .init("needed", .array(resolved ? node.followedNeeded.map(PythonJSON.string) : [])),
          ])))
    }
    let displayed = PathSyntax.purePosix(tree.path)
    return .object([
      .init("interpreter", .optional(tree.interpreter)),
      .init("libc", tree.libc.map { .string($0 == .glibc ? "<Libc.GLIBC: 'glibc'>" : "<Libc.MUSL: 'musl'>") } ?? .null),
      .init("path", .string(displayed)),
      .init("realpath", .string(displayed)),
      .init("platform", platformValue(tree.identity, ext: extendedArchitecture(tree.realpath))),
      .init("needed", .array(tree.followedNeeded.map(PythonJSON.string))),
      .init("rpath", .array(tree.rpath.map(PythonJSON.string))),
      .init("runpath", .array(tree.runpath.map(PythonJSON.string))),
      .init("libraries", .object(libraries)),
    ])
  }

  /// The JSON text, as `auditwheel lddtree` prints it.
  public static func render(
    _ tree: DependencyTree, extendedArchitecture: (String) -> String? = { _ in nil }
  ) -> String {
    value(tree, extendedArchitecture: extendedArchitecture).rendered()
  }

  /// auditwheel's `Platform` dataclass for an ELF identity (`lddtree._get_platform`).
  static func platformValue(_ id: ELFIdentity, ext: String?) -> PythonJSON {
    let (base, error) = baseArchitecture(id)
    return .object([
      .init("_elf_osabi", osabiNames[id.osabi].map(PythonJSON.string) ?? .int(Int(id.osabi))),
      .init("_elf_class", .int(id.elfClass == 1 ? 32 : 64)),
      .init("_elf_little_endian", .bool(id.byteOrder == .little)),
      .init("_elf_machine", machineNames[id.machine].map(PythonJSON.string) ?? .int(Int(id.machine))),
      .init("_base_arch", base.map { .string("<Architecture.\($0): '\($0)'>") } ?? .null),
      .init("_ext_arch", base == "x86_64" ? ext.map { .string("<Architecture.\($0): '\($0)'>") } ?? .null : .null),
      .init("_error_msg", .optional(error)),
    ])
  }

  /// auditwheel's base architecture for (machine, class, byte order), or the error it records.
  static func baseArchitecture(_ id: ELFIdentity) -> (String?, String?) {
    let little = id.byteOrder == .little
    let is64 = id.elfClass == 2
    switch (id.machine, is64, little) {
    case (ELFMachine.i386, false, true): return ("i686", nil)
    case (ELFMachine.x86_64, true, true): return ("x86_64", nil)
    case (ELFMachine.ppc64, true, true): return ("ppc64le", nil)
    case (ELFMachine.ppc64, true, false): return ("ppc64", nil)
    case (ELFMachine.riscv, true, true): return ("riscv64", nil)
    case (ELFMachine.aarch64, true, true): return ("aarch64", nil)
    case (ELFMachine.s390, true, false): return ("s390x", nil)
    case (ELFMachine.loongarch, true, true): return ("loongarch64", nil)
    case (ELFMachine.arm, false, true):
      if id.flags & ARMFlags.eabiMask != ARMFlags.eabiVersion5 { return (nil, "Invalid ARM EABI version for armv7l") }
      if id.flags & ARMFlags.floatHard != ARMFlags.floatHard { return (nil, "armv7l shall use hard-float") }
      return ("armv7l", nil)
    default: return (nil, "Unknown architecture")
    }
  }

  /// pyelftools' `ENUM_EI_OSABI` names.
  static let osabiNames: [UInt8: String] = [
    0: "ELFOSABI_SYSV", 1: "ELFOSABI_HPUX", 2: "ELFOSABI_NETBSD", 3: "ELFOSABI_LINUX", 4: "ELFOSABI_HURD",
    6: "ELFOSABI_SOLARIS", 7: "ELFOSABI_AIX", 8: "ELFOSABI_IRIX", 9: "ELFOSABI_FREEBSD", 10: "ELFOSABI_TRU64",
    11: "ELFOSABI_MODESTO", 12: "ELFOSABI_OPENBSD", 13: "ELFOSABI_OPENVMS", 14: "ELFOSABI_NSK",
    15: "ELFOSABI_AROS", 16: "ELFOSABI_FENIXOS", 17: "ELFOSABI_CLOUD", 53: "ELFOSABI_SORTIX",
    64: "ELFOSABI_ARM_AEABI", 97: "ELFOSABI_ARM", 102: "ELFOSABI_CELL_LV2", 255: "ELFOSABI_STANDALONE",
  ]

  /// pyelftools' `ENUM_E_MACHINE` names for the machines Linux distributions ship.
  static let machineNames: [UInt16: String] = [
    0: "EM_NONE", 2: "EM_SPARC", 3: "EM_386", 4: "EM_68K", 8: "EM_MIPS", 10: "EM_MIPS_RS3_LE",
    15: "EM_PARISC", 18: "EM_SPARC32PLUS", 20: "EM_PPC", 21: "EM_PPC64", 22: "EM_S390", 40: "EM_ARM",
    42: "EM_SH", 43: "EM_SPARCV9", 50: "EM_IA_64", 62: "EM_X86_64", 92: "EM_OPENRISC", 94: "EM_XTENSA",
    183: "EM_AARCH64", 243: "EM_RISCV", 247: "EM_BPF", 252: "EM_CSKY", 258: "EM_LOONGARCH",
  ]
}
