import Glibc
import MountKit

/// The one place where errors become `errno` values (FUSE callbacks return their negation).
///
/// Anything that is not a ``MountError`` is an I/O error.
public func errnoValue(for error: any Error) -> Int32 {
  guard let error = error as? MountError else { return EIO }
  switch error.code {
  case .notFound, .mountpointMissing: return ENOENT
  case .notADirectory, .mountpointNotDirectory: return ENOTDIR
  case .isADirectory: return EISDIR
  case .notASymlink, .invalidRepairTag, .invalidWheelName: return EINVAL
  case .readOnly: return EROFS
  case .permissionDenied: return EACCES
  case .corruptEntry, .readFailed, .auditUnavailable: return EIO
  case .noSuchAttribute: return ENODATA
  case .repairFailed(let errno): return errno > 0 ? errno : EIO
  case .mountpointNotEmpty: return ENOTEMPTY
  case .staleMount: return ENOTCONN
  case .fuseUnavailable: return ENODEV
  case .mountFailed, .unmountFailed, .backgroundFailed: return EIO
  }
}
