/// MountKit: placeholder until its layer lands.
public enum MountKitModule {}
