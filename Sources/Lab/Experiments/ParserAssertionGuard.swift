import Foundation
import Synchronization

/// Keeps an assertion inside TOMLKit's C++ parser (toml++) from ending
/// `edl` with a crash report: some malformed files reach an internal
/// assertion of toml++, which calls `abort()`. While a file is parsed,
/// standard error is silenced (the assertion's own text would be a second
/// line) and SIGABRT ends the process with the one-line message given, on
/// standard error, and exit status 2, as any refused input does. Nothing has
/// been written when an experiment file is read.
enum ParserAssertionGuard {
    private static let armed = Atomic(false)
    private static let savedError = Atomic(Int32(-1))
    nonisolated(unsafe) private static let message = UnsafeMutablePointer<CChar>.allocate(capacity: 2048)
    private static let messageLength = Atomic(0)
    private static let lock = Mutex(())
    private static let installed = Atomic(false)

    /// Runs `parse` with the guard armed.
    static func guarded<Value>(message text: String, _ parse: () throws -> Value) throws -> Value {
        try lock.withLock { _ in
            install()
            let line = Array(("edl: error: " + LabError.printable(text) + "\n").utf8.prefix(2047))
            line.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { message.update(from: $0.baseAddress!, count: line.count) }
            }
            messageLength.store(line.count, ordering: .releasing)
            fflush(nil)
            let saved = dup(STDERR_FILENO)
            let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
            if saved >= 0, null >= 0 { dup2(null, STDERR_FILENO) }
            if null >= 0 { close(null) }
            savedError.store(saved, ordering: .releasing)
            armed.store(true, ordering: .releasing)
            defer {
                armed.store(false, ordering: .releasing)
                if saved >= 0 {
                    dup2(saved, STDERR_FILENO)
                    close(saved)
                }
                savedError.store(-1, ordering: .releasing)
            }
            return try parse()
        }
    }

    private static func install() {
        guard installed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        _ = message
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { received in
            if ParserAssertionGuard.armed.load(ordering: .acquiring) {
                let saved = ParserAssertionGuard.savedError.load(ordering: .acquiring)
                if saved >= 0 { dup2(saved, STDERR_FILENO) }
                _ = write(STDERR_FILENO, ParserAssertionGuard.message, ParserAssertionGuard.messageLength.load(ordering: .acquiring))
                _exit(2)
            }
            signal(received, SIG_DFL)
            raise(received)
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGABRT, &action, nil)
    }
}
