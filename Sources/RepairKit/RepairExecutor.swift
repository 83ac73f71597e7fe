import BinaryKit
import Foundation
import WheelKit

/// What a repair wrote.
public struct RepairOutcome: Sendable, Hashable {
  /// The repaired wheel.
  public var outputPath: String
  /// Members copied from the input as raw compressed bytes.
  public var copiedMembers: Int
  /// Members written anew (patched ELFs, grafted libraries, shims, WHEEL, RECORD).
  public var writtenMembers: Int
  /// What the user should know: static executables `--strip` left unstripped.
  public var warnings: [String] = []
}

/// Carries out a ``RepairPlan`` on the input archive and writes the repaired wheel.
///
/// * The input is opened once; every member the plan does not touch is copied as its raw
///   compressed bytes (inflated only to hash it for RECORD, which checks its CRC-32 too).
/// * Patched ELFs, grafted libraries, shims and a changed WHEEL are compressed at the plan's
///   level; patching, hashing and compressing run in parallel.
/// * RECORD is regenerated for exactly the files written, in auditwheel's format and order.
/// * Members are written in auditwheel's `dir2zip` order; timestamps are `SOURCE_DATE_EPOCH`
///   when given, else each copied member keeps its own and new members get the input's newest.
/// * The output is written to a temporary file in the output directory and renamed into place
///   only when complete: on any error, no output file (and no temporary file) remains. The
///   input is never modified; an output path naming the input itself is refused.
public enum RepairExecutor {
  /// Runs `plan` against `archive` (the plan's input wheel).
  ///
  /// - Parameter libraryBytes: the bytes of a grafted host library, by real path: the same
  ///   bytes the plan's ``GraftSource`` was made from (``HostLibraries/bytes(_:)``).
  /// - Returns: nil for an empty plan (no ELF was analysed: auditwheel writes nothing).
  public static func execute(
    _ plan: RepairPlan, archive: ZipArchive, libraryBytes: (String) throws(RepairError) -> [UInt8]
  ) throws(RepairError) -> RepairOutcome? {
    if plan.isEmpty { return nil }
    let options = plan.options
    guard (-1...9).contains(options.zipCompressionLevel) else {
      throw .invalidCompressionLevel(options.zipCompressionLevel)
    }
    let compression = ZipCompression.deflate(level: options.zipCompressionLevel)
    try prepareOutputLocation(plan)
    let dist: DistInfo
    do { dist = try DistInfo.find(in: archive.members.map(\.name)) } catch { throw .wheel(error) }
    let newest = archive.members.map(\.dosTimestamp).max { ($0.date, $0.time) < ($1.date, $1.time) }
    let stamp = options.sourceDateEpoch ?? newest ?? .earliest

    var jobs: [RepairJob] = []
    var notCopied: Set<String> = [dist.recordPath, dist.directory + "RECORD.jws"]
    for patch in plan.patches {
      guard let member = archive.member(named: patch.path), member.kind == .file else {
        throw .elfNotInWheel(patch.path)
      }
      let permissions = member.permissions ?? 0o644
      notCopied.insert(patch.path)
      notCopied.insert(patch.destination)
      jobs.append(.patch(member, edits: patch.edits, name: patch.destination, permissions: permissions))
      if let shim = patch.shim {
        jobs.append(.text(Array(shim.utf8), name: patch.path, permissions: permissions))
      }
    }
    for graft in plan.grafts where archive.member(named: graft.destination) == nil {
      jobs.append(
        .graft(
          bytes: try libraryBytes(graft.source.realpath), source: graft.source.realpath,
          edits: graft.edits, name: graft.destination, permissions: graft.permissions))
    }
    if options.updateTags, let wheel = try retaggedWheel(plan, dist: dist, archive: archive) {
      notCopied.insert(dist.wheelPath)
      jobs.append(.text(wheel, name: dist.wheelPath, permissions: permissions(of: dist.wheelPath, in: archive)))
    }
    var directories: [String: ZipMember] = [:]
    for member in archive.members where !notCopied.contains(member.name) {
      if member.kind == .directory {
        directories[member.name] = member
      } else {
        jobs.append(.copy(member))
      }
    }

    let outputs = try run(jobs, archive: archive, compression: compression, stamp: stamp, threads: options.threads)
    var byName: [String: RepairJob.Output] = [:]
    for output in outputs { byName[output.name] = output }
    let order = ArchiveOrder.order(Array(byName.keys) + Array(directories.keys) + [dist.recordPath])
    let files = order.filter { !$0.hasSuffix("/") }.map { name in
      (path: name, sha256: byName[name]?.sha256 ?? [], size: byName[name]?.size ?? 0)
    }
    let record = RecordFile.generate(files: files, recordPath: dist.recordPath).serialized()
    let recordMember: PreparedMember
    do {
      recordMember = try PreparedMember.file(
        NewMember(
          name: dist.recordPath, contents: record, compression: compression,
          permissions: permissions(of: dist.recordPath, in: archive), timestamp: stamp))
    } catch { throw .zip(error) }

    do {
      try write(order, to: plan.outputPath, archive: archive, record: (dist.recordPath, recordMember),
        directories: directories, outputs: byName, timestamp: options.sourceDateEpoch)
    } catch { throw .zip(error) }
    let copied = outputs.filter { $0.copied != nil }.count + directories.count
    return RepairOutcome(
      outputPath: plan.outputPath, copiedMembers: copied, writtenMembers: order.count - copied,
      warnings: outputs.compactMap(\.warning))
  }

  /// Writes the members in `order` through a ``ZipWriter`` (atomic: nothing remains on error).
  private static func write(
    _ order: [String], to path: String, archive: ZipArchive, record: (name: String, member: PreparedMember),
    directories: [String: ZipMember], outputs: [String: RepairJob.Output], timestamp: DOSTimestamp?
  ) throws(ZipError) {
    let writer = try ZipWriter(path: path)
    do {
      for name in order {
        if name == record.name {
          try writer.add(record.member)
        } else if let directory = directories[name] {
          try writer.addCopy(of: directory, from: archive, timestamp: timestamp)
        } else if let member = outputs[name]?.copied {
          try writer.addCopy(of: member, from: archive, timestamp: timestamp)
        } else if let prepared = outputs[name]?.prepared {
          try writer.add(prepared)
        }
      }
      try writer.finish()
    } catch {
      writer.cancel()
      throw error
    }
  }

  /// The jobs' outputs in job order; the first failure in job order is thrown.
  private static func run(
    _ jobs: [RepairJob], archive: ZipArchive, compression: ZipCompression, stamp: DOSTimestamp,
    threads: Int?
  ) throws(RepairError) -> [RepairJob.Output] {
    let results = ParallelJobs.run(count: jobs.count, threads: threads, weight: { jobs[$0].weight }) { i in
      Result { () throws(RepairError) -> RepairJob.Output in
        try jobs[i].run(archive: archive, compression: compression, timestamp: stamp)
      }
    }
    var outputs: [RepairJob.Output] = []
    outputs.reserveCapacity(results.count)
    for result in results { outputs.append(try result.get()) }
    return outputs
  }

  /// The new WHEEL bytes, or nil when auditwheel would leave WHEEL untouched.
  private static func retaggedWheel(_ plan: RepairPlan, dist: DistInfo, archive: ZipArchive) throws(RepairError)
    -> [UInt8]?
  {
    let bytes: [UInt8]
    do { bytes = try archive.data(named: dist.wheelPath) } catch { throw .zip(error) }
    let name = String(plan.wheelPath.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    let retag: PlatformRetag
    do {
      retag = try PlatformRetag(
        filename: name, metadata: WheelMetadata.parse(bytes), add: plan.addedTags,
        remove: plan.removedTags)
    } catch { throw .wheelFilename(error) }
    return retag.metadataChanged ? retag.metadata.serialized() : nil
  }

  private static func permissions(of name: String, in archive: ZipArchive) -> UInt32 {
    archive.member(named: name)?.permissions ?? 0o644
  }

  /// Creates the output directory if needed and refuses an output that is the input file.
  private static func prepareOutputLocation(_ plan: RepairPlan) throws(RepairError) {
    let directory = URL(fileURLWithPath: plan.outputPath).deletingLastPathComponent().path
    let type = (try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: directory)
      .resolvingSymlinksInPath().path))?[.type] as? FileAttributeType
    if type == nil {
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      } catch {
        throw .outputDirectory(path: directory, errno: errnoValue(error))
      }
    } else if type != .typeDirectory {
      throw .outputDirectory(path: directory, errno: ENOTDIR)
    }
    if let input = fileIdentity(plan.wheelPath), let output = fileIdentity(plan.outputPath), input == output {
      throw .outputIsInput(plan.wheelPath)
    }
  }

  /// Device and inode of the file `path` resolves to, or nil when it does not exist.
  private static func fileIdentity(_ path: String) -> [UInt64]? {
    let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
      let device = (attributes[.systemNumber] as? NSNumber)?.uint64Value,
      let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
    else { return nil }
    return [device, inode]
  }

  /// The POSIX error number behind a Foundation error (EIO when there is none).
  private static func errnoValue(_ error: any Error) -> Int32 {
    if let posix = error as? POSIXError { return posix.code.rawValue }
    if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? POSIXError {
      return underlying.code.rawValue
    }
    if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      return Int32(underlying.code)
    }
    return EIO
  }
}
