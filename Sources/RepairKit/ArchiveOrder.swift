/// The member order of auditwheel's `dir2zip` (the walk of `tools.walk`): each directory's
/// entry, then its files sorted by code point, then its subdirectories sorted; top-level
/// `*.dist-info` directories last, and `RECORD` last among a top-level `.dist-info`'s files.
///
/// Only the directory entries present in `names` are listed (wheelfs does not add any). The
/// file subsequence equals ``RecordFile/walkOrder(_:)``, so RECORD lists files in archive order.
enum ArchiveOrder {
  private final class Node {
    var hasEntry = false
    var files: [String] = []
    var children: [String: Node] = [:]

    func child(_ name: String) -> Node {
      if let existing = children[name] { return existing }
      let node = Node()
      children[name] = node
      return node
    }
  }

  /// `names` (files, and directories ending in `/`) in archive order.
  static func order(_ names: [String]) -> [String] {
    let root = Node()
    for name in names {
      let isDirectory = name.hasSuffix("/")
      let parts = name.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
      var node = root
      for part in isDirectory ? parts : Array(parts.dropLast()) { node = node.child(part) }
      if isDirectory { node.hasEntry = true } else { node.files.append(name) }
    }
    var result: [String] = []
    func visit(_ node: Node, prefix: String, depth: Int) {
      if depth > 0 && node.hasEntry { result.append(prefix) }
      var files = node.files.sorted(by: RepairPlanner.codePointLess)
      if depth == 1, prefix.hasSuffix(".dist-info/"), let record = files.firstIndex(of: prefix + "RECORD") {
        files.append(files.remove(at: record))
      }
      result += files
      var names = node.children.keys.sorted(by: RepairPlanner.codePointLess)
      if depth == 0 {
        names = names.filter { !$0.hasSuffix(".dist-info") } + names.filter { $0.hasSuffix(".dist-info") }
      }
      for name in names {
        if let child = node.children[name] { visit(child, prefix: prefix + name + "/", depth: depth + 1) }
      }
    }
    visit(root, prefix: "", depth: 0)
    return result
  }
}
