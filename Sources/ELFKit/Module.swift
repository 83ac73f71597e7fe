/// ELFKit: placeholder until its layer lands.
public enum ELFKitModule {}
