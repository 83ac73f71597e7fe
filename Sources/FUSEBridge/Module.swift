import CFuse3

/// FUSEBridge: placeholder until the mount layer lands. Importing CFuse3 here keeps the
/// libfuse3 link check in every build.
public enum FUSEBridgeModule {
  public static let fuseMajorVersion = FUSE_MAJOR_VERSION
}
