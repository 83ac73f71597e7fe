/// How to mount: where, with which libfuse options, how many threads, which cache timeouts.
public struct MountConfiguration: Sendable {
  /// Absolute path of the mount point (an existing, empty directory).
  public var mountpoint: String
  /// `-o` values as given on the command line (each may be a comma-separated list). `nonempty`
  /// (libfuse 3 no longer knows it) and `noxattr` are handled by wheelfs and never reach libfuse.
  public var options: [String]
  /// Upper bound on FUSE worker threads (`fuse_loop_cfg_set_max_threads`).
  public var maxThreads: Int
  /// Seconds the kernel may cache names and attributes (`entry_timeout`, `attr_timeout`,
  /// `negative_timeout`). Global in libfuse's high-level API; see docs/mount.md.
  public var cacheTimeout: Double
  /// libfuse debug output (`-d`): every request is logged.
  public var debug: Bool
  /// The `fsname` shown in /proc/mounts (`wheelfs` by default).
  public var fsName: String
  /// The bytes the tree's sources may cache (`--cache-size`), if known: tunes how eagerly freed
  /// memory is returned to the system (``MemoryTuning``).
  public var cacheSize: Int?

  /// Creates a configuration with the defaults: 8 threads, 60 s cache timeouts.
  public init(
    mountpoint: String, options: [String] = [], maxThreads: Int = 8, cacheTimeout: Double = 60,
    debug: Bool = false, fsName: String = "wheelfs", cacheSize: Int? = nil
  ) {
    self.cacheSize = cacheSize
    self.mountpoint = mountpoint
    self.options = options
    self.maxThreads = maxThreads
    self.cacheTimeout = cacheTimeout
    self.debug = debug
    self.fsName = fsName
  }

  /// The individual `-o` options, in order.
  var optionList: [String] {
    options.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
  }

  /// Whether `-o nonempty` was given.
  public var allowsNonEmptyMountpoint: Bool { optionList.contains("nonempty") }

  /// Whether extended attributes (`user.wheelfs.*`) are served; `-o noxattr` turns them off.
  /// Then libfuse answers ENOSYS and the kernel stops asking, which saves `ls -l` two requests
  /// per file (it asks every file for `security.selinux` and `system.posix_acl_access`).
  public var servesExtendedAttributes: Bool { !optionList.contains("noxattr") }

  /// The argument vector for `fuse_session_new`.
  var fuseArguments: [String] {
    let passed = optionList.filter { $0 != "nonempty" && $0 != "noxattr" }
    let fsNameOption = "fsname=" + fsName.replacingComma()
    var arguments = ["wheelfs", "-o", ([fsNameOption, "subtype=wheelfs"] + passed).joined(separator: ",")]
    if debug { arguments.append("-d") }
    return arguments
  }
}

extension String {
  fileprivate func replacingComma() -> String {
    String(map { $0 == "," ? "_" : $0 })
  }
}
