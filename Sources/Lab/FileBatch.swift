import Foundation

/// The files of one command, written all or none: every regular file is
/// first written in full to its temporary, devices are written through, and
/// only then are the temporaries renamed into place. A failure before the
/// renames leaves nothing behind.
package struct FileBatch: Sendable {
    private var files: [(path: String, data: Contents)] = []

    /// A file's contents: text is kept as the string and written from its
    /// UTF-8 storage, not copied into a `Data` first.
    enum Contents: Sendable {
        case text(String)
        case data(Data)
        /// Text made while it is written: the producer gives it piece by piece.
        case pieces(@Sendable (_ write: (String) throws -> Void) throws -> Void)
    }

    /// An empty batch.
    package init() {}

    /// Adds `text` (UTF-8) for `path`.
    package mutating func add(_ text: String, to path: String) {
        files.append((path, .text(text)))
    }

    /// Adds text for `path` that `producer` gives piece by piece while the
    /// file is written (so it is never held whole). A throw from it leaves
    /// nothing behind, as any failure before the renames does.
    package mutating func add(to path: String, pieces producer: @escaping @Sendable (_ write: (String) throws -> Void) throws -> Void) {
        files.append((path, .pieces(producer)))
    }

    /// Adds `data` for `path`.
    package mutating func add(_ data: Data, to path: String) {
        files.append((path, .data(data)))
    }

    /// Writes every file.
    /// - Throws: ``LabError`` naming the first file that could not be written.
    package func commit() throws {
        var staged: [(temporary: String, target: String, path: String)] = []
        defer {
            for file in staged {
                unlink(file.temporary)
                AtomicFile.release(file.temporary)
            }
        }
        var special: [(device: String, path: String, data: Contents)] = []
        for file in files {
            switch try AtomicFile.target(of: file.path) {
            case .special(let device):
                special.append((device, file.path, file.data))
            case .replaceable(let target):
                try AtomicFile.checkWritable(file.path)
                let temporary = AtomicFile.temporary(beside: target)
                staged.append((temporary, target, file.path))
                let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else {
                    throw LabError("cannot write '\(file.path)': \(String(cString: strerror(errno)))")
                }
                do {
                    try AtomicFile.writeAll(file.data, to: descriptor, path: file.path)
                } catch {
                    close(descriptor)
                    throw error
                }
                guard close(descriptor) == 0 else {
                    throw LabError("cannot write '\(file.path)': \(String(cString: strerror(errno)))")
                }
                try Self.keepMode(of: target, for: temporary)
            }
        }
        for file in special {
            let descriptor = open(file.device, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw LabError("cannot write '\(file.path)': \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            try AtomicFile.writeAll(file.data, to: descriptor, path: file.path)
        }
        while let file = staged.first {
            guard rename(file.temporary, file.target) == 0 else {
                throw LabError("cannot write '\(file.path)': \(String(cString: strerror(errno)))")
            }
            AtomicFile.release(file.temporary)
            staged.removeFirst()
        }
    }

    /// Gives the temporary the permissions of the file it replaces (a new one keeps 0644 less the umask).
    private static func keepMode(of target: String, for temporary: String) throws {
        var status = stat()
        if stat(target, &status) == 0 {
            chmod(temporary, status.st_mode & 0o7777)
        }
    }
}
