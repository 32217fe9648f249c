import Foundation

/// Writes files so that a reader never sees a half-written one: the text goes
/// to a temporary file in the same folder, which is then renamed over the target.
package enum AtomicFile {
    /// Writes `text` to `path` atomically.
    /// - Throws: ``LabError`` naming the path if the folder is missing or not writable.
    package static func write(_ text: String, to path: String) throws {
        try checkFolder(of: path)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw LabError("cannot write '\(path)': the folder '\(folder.path)' is not writable")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw LabError("cannot write '\(path)': \(reason)")
        }
    }

    /// Checks, before any work is written, that the folder of `path` exists.
    /// - Throws: ``LabError`` naming the missing folder.
    package static func checkFolder(of path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw LabError("cannot write '\(path)': the folder '\(folder.path)' does not exist")
        }
    }
}
