import Foundation
import Synchronization

/// Writes files so that a reader never sees a half-written one, and a
/// command writes all of its files or none.
///
/// A regular file (or a name not yet taken) is written to a temporary file
/// beside it, named `.edl-tmp-…` (a name the lab owns), which is then
/// renamed over it. A symbolic link is followed, and its final target is
/// written that way (the link stays a link). A device, FIFO or socket is
/// written through (opened and truncated), never replaced. Every write is
/// checked, so a full disk (or `/dev/full`) is an error, and the temporaries
/// of an interrupted command are removed on SIGINT and SIGTERM.
package enum AtomicFile {
    /// What a path names once its symbolic links are followed.
    package enum Target: Equatable, Sendable {
        /// A regular file or no file yet: written by temporary and rename.
        case replaceable(String)
        /// A device, FIFO or socket: written through.
        case special(String)
    }

    /// The prefix of every temporary file the lab writes.
    package static let temporaryPrefix = ".edl-tmp-"

    /// Writes `text` to `path` atomically.
    /// - Throws: ``LabError`` naming the path if it cannot be written; nothing is left behind.
    package static func write(_ text: String, to path: String) throws {
        var batch = FileBatch()
        batch.add(text, to: path)
        try batch.commit()
    }

    /// Checks, before any work, that `path` can be written: its folder (that
    /// of a symbolic link's target) exists and is writable, and it is not a folder.
    /// - Throws: ``LabError`` naming the path and the reason.
    package static func checkWritable(_ path: String) throws {
        switch try target(of: path) {
        case .special(let device):
            guard access(device, W_OK) == 0 else {
                throw LabError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
        case .replaceable(let file):
            let folder = folder(of: file)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw LabError("cannot write '\(path)': the folder '\(folder)' does not exist")
            }
            if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
                throw LabError("cannot write '\(path)': it is a folder; give a file name")
            }
            guard access(folder, W_OK | X_OK) == 0 else {
                throw LabError("cannot write '\(path)': the folder '\(folder)' is not writable")
            }
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

    /// What `path` names once its symbolic links (up to 40) are followed.
    /// - Throws: ``LabError`` for a loop of links.
    package static func target(of path: String) throws -> Target {
        // What the path finally names, links followed by the system: a device,
        // FIFO or socket is written through by this very path (`/dev/stdout`
        // links to `/proc/self/fd/1`, whose own link text is no path).
        var final = stat()
        if stat(path, &final) == 0, final.st_mode & S_IFMT != S_IFREG, final.st_mode & S_IFMT != S_IFDIR {
            return .special(path)
        }
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0 else { return .replaceable(current) }
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let count = readlink(current, &buffer, buffer.count - 1)
                guard count >= 0 else { throw LabError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
                let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                current = link.hasPrefix("/") ? link : folder(of: current) + "/" + link
            case S_IFREG, S_IFDIR:
                return .replaceable(current)
            default:
                return .special(current)
            }
        }
        throw LabError("cannot write '\(path)': too many levels of symbolic links")
    }

    /// The folder part of a path as POSIX `dirname` gives it (`.` for a bare name).
    package static func folder(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        var folder = trimmed[..<slash]
        while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(folder)
    }

    /// The last part of a path (its file name).
    static func lastComponent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed.split(separator: "/").last ?? "file")
    }

    /// Writes all of `contents` to the open descriptor, or throws with the reason.
    static func writeAll(_ contents: FileBatch.Contents, to descriptor: Int32, path: String) throws {
        switch contents {
        case .data(let data): try data.withUnsafeBytes { try writeAll($0, to: descriptor, path: path) }
        case .text(var text): try text.withUTF8 { try writeAll(UnsafeRawBufferPointer($0), to: descriptor, path: path) }
        case .pieces(let producer):
            try producer { piece in
                var piece = piece
                try piece.withUTF8 { try writeAll(UnsafeRawBufferPointer($0), to: descriptor, path: path) }
            }
        }
    }

    /// Writes `text` (UTF-8) to standard output, from the string's own storage.
    /// - Throws: ``LabError`` if it cannot be written.
    package static func writeToStandardOutput(_ text: String) throws {
        try writeAll(.text(text), to: STDOUT_FILENO, path: "standard output")
    }

    /// Writes the pieces `producer` gives to standard output as they come.
    /// - Throws: ``LabError`` if they cannot be written, or what `producer` throws.
    package static func writeToStandardOutput(pieces producer: (_ write: (String) throws -> Void) throws -> Void) throws {
        try producer { piece in
            var piece = piece
            try piece.withUTF8 { try writeAll(UnsafeRawBufferPointer($0), to: STDOUT_FILENO, path: "standard output") }
        }
    }

    /// Writes all of `buffer` to the open descriptor, or throws with the reason.
    static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw LabError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    // MARK: temporaries removed on interruption

    private static let slots = Mutex<[String: Int]>([:])

    /// A fresh temporary path beside `file`, removed if the process is interrupted before ``release(_:)``.
    static func temporary(beside file: String) -> String {
        let name = "\(temporaryPrefix)\(host)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(lastComponent(of: file))"
        let path = folder(of: file) + "/" + name
        if let slot = InterruptCleanup.track(path) { slots.withLock { $0[path] = slot } }
        return path
    }

    /// Forgets a temporary (renamed into place or removed).
    static func release(_ path: String) {
        if let slot = slots.withLock({ $0.removeValue(forKey: path) }) { InterruptCleanup.forget(slot) }
    }

    /// This machine's name as it appears in temporary names (no `-`).
    private static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let safe = name.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(String.init).joined()
        return safe.isEmpty ? "host" : String(safe.prefix(32))
    }()

    /// Removes the lab's stale temporaries in `folder`: those of a process of
    /// this machine that is no longer running, and any older than an hour
    /// (shards on other machines may be writing into a shared folder; theirs
    /// are left alone while they can be live).
    /// - Returns: how many were removed.
    @discardableResult
    package static func removeStaleTemporaries(in folder: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(temporaryPrefix) {
            let path = folder + "/" + name
            let fields = name.dropFirst(temporaryPrefix.count).split(separator: "-", maxSplits: 2)
            var stale = false
            if fields.count == 3, String(fields[0]) == host, let pid = Int32(fields[1]), pid != getpid() {
                stale = kill(pid, 0) != 0 && errno == ESRCH
            }
            var status = stat()
            if !stale, stat(path, &status) == 0 {
                stale = time(nil) - status.st_mtim.tv_sec > 3600
            }
            if stale, unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Creates the folder `path` (and its parents) for `option`.
    /// - Throws: ``LabError`` in one line: the path is a file, or a parent is missing or not writable.
    package static func makeFolder(_ path: String, for option: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw LabError("\(option) '\(path)' is a file, not a folder; give a folder (it is created if missing)")
            }
            guard access(path, W_OK | X_OK) == 0 else {
                throw LabError("\(option) '\(path)': the folder is not writable")
            }
            return
        }
        let parent = folder(of: path)
        if parent != path, parent != ".", parent != "/" { try makeFolder(parent, for: option) }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
            throw LabError("\(option) '\(path)': cannot create the folder: \(String(cString: strerror(errno)))")
        }
    }
}
