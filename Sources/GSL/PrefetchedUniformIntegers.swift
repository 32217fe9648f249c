import CGSL
import Glibc
import Synchronization

/// A fixed number of uniform integers below one bound, drawn ahead on a
/// thread of their own from a copy of an xoshiro256** state, so the loop
/// that reads them spends its core on the work between draws.
///
/// The numbers are exactly those the copy would have given, in the same
/// order: one `uniformInteger(below: bound)` each (rejections included). The
/// loop must read exactly `count` of them and then call ``finish()``, which
/// returns the generator advanced by those draws, to hand back with
/// ``RandomSource/resume(from:)``. Worth it only for long runs on a machine
/// with an idle core: starting the drawing thread costs tens of
/// microseconds, and each block hand-over an atomic store and load.
public struct PrefetchedUniformIntegers: UniformIntegerDrawing {
    /// The bound every draw is below.
    public let bound: Int
    @usableFromInline let ring: Ring
    /// The block being read, its length and the read position in it.
    @usableFromInline var block: UnsafePointer<UInt32>
    @usableFromInline var blockLength = 0
    @usableFromInline var position = 0
    /// The number of the block being read (−1 before the first).
    @usableFromInline var blockNumber = -1

    /// Starts drawing `count` integers below `bound` from `generator` on a
    /// thread of its own; nil if the system will not start a thread (the
    /// caller then draws the integers itself).
    ///
    /// The thread is a POSIX thread of its own, not a Dispatch work item: a
    /// reader waiting on a work item that the pool has no free thread for
    /// (the Swift concurrency pool shares it) would wait for ever.
    /// - Precondition: `1 ≤ bound ≤ 2^32` and `count ≥ 0`.
    public init?(from generator: Xoshiro256StarStar, bound: Int, count: Int) {
        precondition(bound >= 1 && bound <= 1 << 32, "prefetched bounds must lie in 1...2^32")
        precondition(count >= 0, "a negative number of draws")
        let ring = Ring(count: count, generator: generator, bound: bound)
        let context = Unmanaged.passRetained(ring).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<Ring>.fromOpaque(context).takeRetainedValue().produce()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<Ring>.fromOpaque(context).release()
            return nil
        }
        pthread_detach(thread)
        self.bound = bound
        self.ring = ring
        block = UnsafePointer(ring.values)
    }

    /// The next prefetched integer.
    /// - Precondition: `count` is the bound given at creation, and no more
    ///   than the prefetched number are read.
    @inlinable @inline(always)
    public mutating func uniformInteger(below count: Int) -> Int {
        precondition(count == bound, "a prefetched stream draws below one bound only")
        if position == blockLength {
            blockNumber += 1
            (block, blockLength) = Self.block(blockNumber, of: ring)
            position = 0
        }
        defer { position &+= 1 }
        return Int(truncatingIfNeeded: block[position])
    }

    /// Hands block `number − 1` back to the drawing thread, waits for block
    /// `number` and returns it with its length.
    ///
    /// Static, with the reader's fields returned rather than written: a
    /// mutating call here would take the reader's address, so a loop
    /// drawing from it would keep its position in memory.
    @usableFromInline @inline(never)
    static func block(_ number: Int, of ring: Ring) -> (UnsafePointer<UInt32>, Int) {
        if number > 0 { ring.consumed.store(number, ordering: .releasing) }
        precondition(number < ring.blockCount, "read more integers than were prefetched")
        var spins = 0
        while ring.produced.load(ordering: .acquiring) <= number { Ring.pause(&spins) }
        return (UnsafePointer(ring.values + (number % Ring.blocksInRing) * Ring.blockSize), ring.length(ofBlock: number))
    }

    /// Waits for the drawing thread and returns the generator advanced past
    /// every prefetched draw.
    /// - Precondition: every prefetched integer was read.
    public consuming func finish() -> Xoshiro256StarStar {
        let read = blockNumber < 0 ? 0 : blockNumber * Ring.blockSize + position
        precondition(read == ring.count, "finish() before every prefetched integer was read")
        var spins = 0
        while !ring.finished.load(ordering: .acquiring) { Ring.pause(&spins) }
        return Xoshiro256StarStar(state: ring.finalState)
    }

    /// The blocks shared by the drawing thread and the reader.
    @usableFromInline
    final class Ring: @unchecked Sendable {
        /// Integers per block (16 KiB).
        @usableFromInline static let blockSize = 4096
        /// Blocks in the ring: how far the drawing thread may run ahead.
        @usableFromInline static let blocksInRing = 8
        /// The number of integers to draw.
        @usableFromInline let count: Int
        /// The generator at the first draw, and the bound of every draw.
        let start: Xoshiro256StarStar
        let bound: Int
        @usableFromInline let blockCount: Int
        @usableFromInline let values: UnsafeMutablePointer<UInt32>
        /// Blocks filled so far (written by the drawing thread).
        @usableFromInline let produced = Atomic<Int>(0)
        /// Blocks read so far (written by the reader).
        @usableFromInline let consumed = Atomic<Int>(0)
        /// Set after the last block and ``finalState``.
        @usableFromInline let finished = Atomic<Bool>(false)
        /// The generator's state after the last draw (valid once ``finished``).
        @usableFromInline var finalState = edl_xoshiro256_state()

        init(count: Int, generator: Xoshiro256StarStar, bound: Int) {
            self.count = count
            start = generator
            self.bound = bound
            blockCount = (count + Self.blockSize - 1) / Self.blockSize
            values = .allocate(capacity: Self.blockSize * Self.blocksInRing)
        }

        deinit { values.deallocate() }

        /// The number of integers in block `number` (the last may be short).
        @usableFromInline
        func length(ofBlock number: Int) -> Int { min(Self.blockSize, count - number * Self.blockSize) }

        /// The drawing thread: fills the blocks in order, never more than
        /// the ring's worth ahead of the reader.
        func produce() {
            var generator = start
            var spins = 0
            for number in 0..<blockCount {
                while number - consumed.load(ordering: .acquiring) >= Self.blocksInRing { Self.pause(&spins) }
                let slot = values + (number % Self.blocksInRing) * Self.blockSize
                for index in 0..<length(ofBlock: number) {
                    slot[index] = UInt32(truncatingIfNeeded: generator.uniformInteger(below: bound))
                }
                produced.store(number + 1, ordering: .releasing)
            }
            finalState = generator.state
            finished.store(true, ordering: .releasing)
        }

        /// Waits a little: spins at first, then yields the core, then
        /// sleeps 50 µs at a time (a full ring is about 150 µs of the
        /// reader's work), so that waiting costs little on a machine with
        /// more runnable threads than cores.
        @usableFromInline
        static func pause(_ spins: inout Int) {
            spins += 1
            if spins > 1024 {
                usleep(50)
            } else if spins > 64 {
                sched_yield()
            }
        }
    }
}
