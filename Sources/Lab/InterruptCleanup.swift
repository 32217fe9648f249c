import Foundation
import Synchronization

/// The temporary files to remove if the process is interrupted (SIGINT,
/// SIGTERM) before they are renamed into place.
///
/// The signal handler may only do what is safe in a signal handler, so the
/// paths live in fixed, preallocated slots that it reads with atomic loads;
/// it unlinks the live ones, restores the default action and raises the
/// signal again (the process ends as it would have, status included).
package enum InterruptCleanup {
    /// Temporaries tracked at once (a command stages a handful).
    static let slotCount = 64
    /// Bytes per slot, the terminating zero included.
    static let slotBytes = Int(PATH_MAX) + 1

    /// 0: free, 1: being filled, 2: live (the handler removes it).
    nonisolated(unsafe) static let states: UnsafeMutablePointer<Atomic<Int>> = {
        let pointer = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: slotCount)
        for slot in 0..<slotCount { (pointer + slot).initialize(to: Atomic(0)) }
        return pointer
    }()
    nonisolated(unsafe) static let paths = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotBytes)
    private static let installed = Atomic(false)

    /// Tracks `path`; returns its slot (nil when every slot is taken or the path is too long).
    static func track(_ path: String) -> Int? {
        install()
        let bytes = Array(path.utf8CString)
        guard bytes.count <= slotBytes else { return nil }
        for slot in 0..<slotCount {
            guard (states + slot).pointee.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged else { continue }
            bytes.withUnsafeBufferPointer { (paths + slot * slotBytes).update(from: $0.baseAddress!, count: bytes.count) }
            (states + slot).pointee.store(2, ordering: .releasing)
            return slot
        }
        return nil
    }

    /// Stops tracking a slot (its file was renamed or removed).
    static func forget(_ slot: Int) {
        (states + slot).pointee.store(0, ordering: .releasing)
    }

    /// Installs the handler for SIGINT and SIGTERM (once), unless the signal
    /// was ignored when the process started (`nohup`, a shell's background
    /// job), and unblocks both on the calling thread: call it from the main
    /// thread at start (it is also called before the first temporary).
    package static func install() {
        guard installed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        _ = states
        _ = paths
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signalNumber in [SIGINT, SIGTERM] {
            var previous = sigaction()
            sigaction(signalNumber, nil, &previous)
            if let handler = previous.__sigaction_handler.sa_handler,
                unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
            {
                continue
            }
            sigaddset(&unblock, signalNumber)
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                for slot in 0..<InterruptCleanup.slotCount
                where (InterruptCleanup.states + slot).pointee.load(ordering: .acquiring) == 2 {
                    unlink(InterruptCleanup.paths + slot * InterruptCleanup.slotBytes)
                }
                signal(received, SIG_DFL)
                raise(received)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signalNumber, &action, nil)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }
}
