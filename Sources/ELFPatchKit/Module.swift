/// ELFPatchKit: placeholder until its layer lands.
public enum ELFPatchKitModule {}
