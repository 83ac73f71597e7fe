import ArgumentParser

/// `wheelfs`: mount, audit and repair Python wheels.
@main
struct WheelFS: ParsableCommand {
  static func main() { runMain() }

  static let configuration = CommandConfiguration(
    commandName: "wheelfs",
    abstract: "Mount, audit and repair Python wheels.",
    version: "0.1.0",
    subcommands: [
      ShowCommand.self, CheckCommand.self, RepairCommand.self, LddtreeCommand.self,
      ElfCommand.self, MountCommand.self, UnmountCommand.self, ZipBenchCommand.self,
      PatchCommand.self,
    ])
}
