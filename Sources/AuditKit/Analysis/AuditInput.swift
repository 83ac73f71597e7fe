import BinaryKit
import Foundation
import PolicyKit
import WheelKit

/// An input to audit, opened: its files, what kind of input it is, its display name and the
/// platform tags it claims (which give auditwheel's architecture and libc).
public struct AuditInput: Sendable {
  public let contents: any WheelContents
  public let kind: AuditInputKind
  /// The file name shown in reports (`wheel` in `show --json`).
  public let name: String
  /// Platform tags: the file name's (wheel), the WHEEL file's `Tag` lines (directory), none
  /// (ELF file: architecture and libc come from the file itself).
  public let platformTags: [String]
  /// The parsed file name, for a `.whl` input.
  public let filename: WheelFilename?

  public init(
    contents: any WheelContents, kind: AuditInputKind, name: String, platformTags: [String],
    filename: WheelFilename? = nil
  ) {
    self.contents = contents
    self.kind = kind
    self.name = name
    self.platformTags = platformTags
    self.filename = filename
  }

  /// Opens `path`: a directory is an unpacked wheel; a file starting with `\x7fELF` is a
  /// one-file wheel; anything else must be a wheel (`.whl` name and zip archive).
  ///
  /// - Throws: ``AuditError/fileNotFound(path:)``, ``AuditError/notAWheel(path:_:)``,
  ///   ``AuditError/archive(path:_:)``, ``AuditError/unreadable(path:_:)``.
  public static func open(_ path: String) throws(AuditError) -> AuditInput {
    guard let kind = HostPath.kind(path) else { throw .fileNotFound(path: path) }
    let name = PathSyntax.basename(PathSyntax.purePosix(path))
    if kind == .directory {
      let contents = try DirectoryWheelContents(directory: path)
      return AuditInput(contents: contents, kind: .directory, name: name, platformTags: wheelFileTags(contents))
    }
    let file: FileBytes
    do { file = try FileBytes(path: path) } catch { throw .unreadable(path: path, error) }
    let head = (try? file.read(at: 0, count: Int(min(4, file.size)))) ?? []
    if head == ELFScan.magic {
      return AuditInput(contents: DirectoryWheelContents(file: path), kind: .elf, name: name, platformTags: [])
    }
    let filename: WheelFilename
    do { filename = try WheelFilename.parse(name) } catch { throw .notAWheel(path: path, error) }
    let contents = try ZipWheelContents(path: path)
    return AuditInput(
      contents: contents, kind: .wheel, name: name, platformTags: filename.platforms, filename: filename)
  }

  /// A wheel already open as a zip archive (the mount's), named `name`; members larger than
  /// `wholeMemberLimit` are read by streaming (``ZipWheelContents/wholeMemberLimit``).
  public static func wheel(
    _ archive: ZipArchive, name: String, wholeMemberLimit: UInt64? = nil
  ) throws(AuditError) -> AuditInput {
    let filename: WheelFilename
    do { filename = try WheelFilename.parse(name) } catch { throw .notAWheel(path: name, error) }
    return AuditInput(
      contents: ZipWheelContents(archive: archive, wholeMemberLimit: wholeMemberLimit), kind: .wheel, name: name,
      platformTags: filename.platforms, filename: filename)
  }

  /// The platform parts of the `Tag` lines of the directory's `*.dist-info/WHEEL`, sorted and
  /// unique like a file name's; empty when there is none.
  static func wheelFileTags(_ contents: any WheelContents) -> [String] {
    guard let distInfo = try? DistInfo.find(in: contents.files.map(\.name)),
      let member = contents.files.first(where: { $0.name == distInfo.wheelPath }),
      let bytes = try? contents.bytes(of: member)
    else { return [] }
    return Set(WheelMetadata.parse(bytes).tagTriples.map { $0.platform.lowercased() }).sorted()
  }
}

/// Architecture and libc from platform tags, as `auditwheel show` derives them from the file
/// name (`get_wheel_architecture` / `get_wheel_libc`); failures become warnings.
struct PlatformFromTags {
  var architecture: Architecture?
  var libc: Libc?
  /// Every tag is `any`.
  var isPure = false

  init(tags: [String], warnings: inout [AuditWarning]) throws(AuditError) {
    guard !tags.isEmpty,
      let probe = try? WheelFilename.parse("probe-0-py3-none-\(tags.joined(separator: ".")).whl")
    else { return }
    do {
      architecture = Architecture(rawValue: try probe.architecture())
    } catch {
      if case .pureWheel = error { isPure = true }
      warnings.append(
        AuditWarning(kind: "filename", message: "The architecture could not be deduced from the wheel filename"))
    }
    guard let found = try? probe.libc() else { return }
    switch found {
    case .glibc: libc = .glibc
    case .musl: libc = .musl
    case .android: throw .unsupportedLibc("Android")
    }
  }
}
