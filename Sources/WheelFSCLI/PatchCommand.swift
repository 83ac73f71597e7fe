import ArgumentParser
import BinaryKit
import ELFPatchKit
import Foundation

/// `wheelfs patch-elf FILE -o OUT …`: a hidden debugging front end to ELFPatchKit, with
/// patchelf-like flags. Repair calls the library directly.
struct PatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "patch-elf",
    abstract: "Patch an ELF file's SONAME, DT_NEEDED and search path (debugging aid).",
    shouldDisplay: false)

  @Argument(help: "The ELF file to patch.")
  var file: String

  @Option(name: .shortAndLong, help: "Where to write the patched file.")
  var output: String?

  @Option(help: "Set DT_SONAME.")
  var setSoname: String?

  @Option(help: "Replace a DT_NEEDED entry: OLD=NEW (repeatable).")
  var replaceNeeded: [String] = []

  @Option(help: "Remove a DT_NEEDED entry (repeatable).")
  var removeNeeded: [String] = []

  @Option(help: "Set DT_RPATH (auditwheel's choice), removing any DT_RUNPATH.")
  var setRpath: String?

  @Option(help: "Set DT_RUNPATH, removing any DT_RPATH.")
  var setRunpath: String?

  @Flag(help: "Remove DT_RPATH and DT_RUNPATH.")
  var removeRpath = false

  @Flag(help: "Remove debug sections (strip -g).")
  var stripDebug = false

  @Flag(help: "Remove debug sections and .symtab (strip -s, what auditwheel --strip runs).")
  var stripAll = false

  @Flag(help: "Describe the layout that would be used; write nothing.")
  var dryRun = false

  func validate() throws {
    let paths = [setRpath != nil, setRunpath != nil, removeRpath].filter { $0 }.count
    if paths > 1 { throw ValidationError("use only one of --set-rpath, --set-runpath, --remove-rpath") }
    if stripDebug && stripAll { throw ValidationError("use only one of --strip-debug, --strip-all") }
    if output == nil && !dryRun { throw ValidationError("missing -o OUT (or --dry-run)") }
  }

  /// The edits in auditwheel's flag order.
  func edits() throws -> [ELFEdit] {
    var edits: [ELFEdit] = []
    if let setSoname { edits.append(.setSoname(setSoname)) }
    for name in removeNeeded { edits.append(.removeNeeded(name)) }
    for pair in replaceNeeded {
      guard let eq = pair.firstIndex(of: "=") else {
        throw ValidationError("--replace-needed expects OLD=NEW, got \(pair)")
      }
      edits.append(.replaceNeeded(old: String(pair[..<eq]), new: String(pair[pair.index(after: eq)...])))
    }
    if let setRpath { edits.append(.setRunpathOrRpath(setRpath, kind: .rpath)) }
    if let setRunpath { edits.append(.setRunpathOrRpath(setRunpath, kind: .runpath)) }
    if removeRpath { edits.append(.removeRunpathAndRpath) }
    if stripDebug { edits.append(.strip(.debug)) }
    if stripAll { edits.append(.strip(.all)) }
    return edits
  }

  func run() throws {
    let edits = try edits()
    do {
      let bytes = try FileBytes(path: file).readAll()
      if dryRun {
        print(try ELFPatcher.plan(bytes: bytes, edits: edits, path: file))
        return
      }
      let patched = try ELFPatcher.patch(bytes: bytes, edits: edits, path: file)
      guard let output else { return }
      let mode = (try? FileManager.default.attributesOfItem(atPath: file)[.posixPermissions]) ?? 0o755
      try Data(patched).write(to: URL(fileURLWithPath: output), options: .atomic)
      try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: output)
    } catch let error as PatchError {
      FileHandle.standardError.write(Data("wheelfs: \(error)\n".utf8))
      throw ExitCode(1)
    } catch let error as FileError {
      FileHandle.standardError.write(Data("wheelfs: \(error)\n".utf8))
      throw ExitCode(1)
    }
  }
}
