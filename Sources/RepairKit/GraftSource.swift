import ELFKit

/// What the planner needs to know about one host library it will graft: the facts auditwheel
/// reads from the file before copying it. ``HostLibraries`` produces these from disk; tests may
/// produce them from anything.
public struct GraftSource: Sendable, Hashable {
  /// The library's real path on the host.
  public var realpath: String
  /// SHA-256 of the file's bytes (before any patching), lowercase hex.
  public var sha256: String
  /// Its `DT_NEEDED` entries, in order.
  public var needed: [String]
  /// Its `DT_SONAME`, if any.
  public var soname: String?
  /// Its `DT_RPATH`, unsplit.
  public var rpath: String?
  /// Its `DT_RUNPATH`, unsplit.
  public var runpath: String?
  /// Its permission bits (`0o7777` part of `st_mode`). The grafted copy gets these plus `u+w`,
  /// as auditwheel's `shutil.copy2` then `chmod` does.
  public var permissions: UInt32

  public init(
    realpath: String, sha256: String, needed: [String], soname: String? = nil,
    rpath: String? = nil, runpath: String? = nil, permissions: UInt32 = 0o644
  ) {
    self.realpath = realpath
    self.sha256 = sha256
    self.needed = needed
    self.soname = soname
    self.rpath = rpath
    self.runpath = runpath
    self.permissions = permissions
  }

  /// The source described by its ELFKit facts.
  public init(realpath: String, sha256: String, facts: ELFFacts, permissions: UInt32) {
    self.init(
      realpath: realpath, sha256: sha256, needed: facts.needed, soname: facts.soname,
      rpath: facts.rpath, runpath: facts.runpath, permissions: permissions)
  }

  /// The file name of ``realpath`` (`libsnappy.so.1.1.9`), which the grafted name derives from.
  public var basename: String {
    String(realpath.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
  }
}
