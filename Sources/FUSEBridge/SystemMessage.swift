import Glibc

/// `strerror(code)` as a Swift string.
func systemMessage(_ code: Int32) -> String {
  guard let message = unsafe strerror(code) else { return "errno \(code)" }
  return unsafe String(cString: message)
}
