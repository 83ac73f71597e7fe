import Foundation
import MountKit
import RepairKit
import WheelKit

/// `echo TAG > mnt/.audit/repair`: the same analysis and repair as `wheelfs repair --plat TAG
/// -w WHEELHOUSE WHEEL`, run synchronously inside the FUSE `write`, so the shell's `echo`
/// returns only once the repaired wheel is written (or the repair failed).
///
/// | outcome | errno seen by the writer | `.audit/repair` then reads |
/// |---|---|---|
/// | repaired | none | `ok`, the output path, tags, grafted libraries |
/// | malformed or unknown tag, or a tag for another architecture or libc | `EINVAL` | the reason |
/// | refused by policy (too-recent symbols, blacklist, ISA, PyFPE, UCS2) | `EPERM` | auditwheel's sentence and the offending symbols |
/// | any other failure (missing library, unwritable wheelhouse, …) | `EIO` | the error |
func makeRepairTrigger(path: String, wheelhouse: String) -> RepairTrigger {
  { tag in repairThroughMount(wheel: path, tag: tag, wheelhouse: wheelhouse) }
}

private func repairThroughMount(wheel: String, tag: String, wheelhouse: String) -> MountKit.RepairOutcome {
  let name = URL(fileURLWithPath: wheel).lastPathComponent
  guard RepairPlatform.isKnown(tag) else {
    return .invalidTag("error: \(tag): not a manylinux or musllinux platform tag (nor `auto`)\n")
  }
  let request: RepairPlatform.Request
  do { request = try RepairPlatform.check(wheelFilename: name, platform: tag) } catch {
    return .invalidTag("error: \(error)\n")
  }
  let options = RepairOptions(wheelDirectory: wheelhouse)
  do {
    let analysis = try analyzeForRepair(
      wheel: wheel,
      options: RepairAnalysisOptions(
        platform: tag, request: request, exclude: [], onlyPlatform: false,
        disableISAExtensionCheck: false, ldpaths: nil, repair: options))
    guard case .ready(let input) = analysis else {
      if case .nonPlatformWheel(let message) = analysis { return .failed("error: \(message)\n", errno: EPERM) }
      return .failed("error: nothing to repair\n", errno: EIO)
    }
    let libraries = HostLibraries()
    let plan = try Repair.plan(input, libraries: libraries)
    let archive: ZipArchive
    do { archive = try ZipArchive(path: input.wheelPath, cacheCapacity: 0) } catch { throw RepairError.zip(error) }
    guard
      let outcome = try RepairExecutor.execute(
        plan, archive: archive, libraryBytes: { (path: String) throws(RepairError) -> [UInt8] in try libraries.bytes(path) })
    else { return .failed("error: \(name): no ELF file to repair\n", errno: EIO) }
    var text = "ok\nwheel: \(outcome.outputPath)\n"
    if let filename = try? WheelFilename.parse(plan.outputFilename) {
      text += "tags: \(filename.platforms.sorted().joined(separator: " "))\n"
    }
    for graft in plan.grafts { text += "grafted: \(graft.source.realpath) -> \(graft.destination)\n" }
    for warning in plan.warnings + outcome.warnings { text += "warning: \(warning)\n" }
    return .success(text)
  } catch let failure as CLIFailure {
    return .failed(failure.message + "\n", errno: failure.status == ExitStatus.usage ? EPERM : EIO)
  } catch let error as RepairError {
    return .failed("error: \(error)\n", errno: error.isRefusal ? EPERM : EIO)
  } catch {
    return .failed("error: \(error)\n", errno: EPERM)
  }
}
