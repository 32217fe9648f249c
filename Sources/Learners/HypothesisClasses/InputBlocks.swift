/// A checkpoint's inputs ≥ 1 grouped by the block of 64 inputs whose labels
/// one ``BinaryHypothesisClass/labelWord(of:block:)`` gives, so that a pass
/// over the rules can count the labels of a whole group at once.
@usableFromInline
struct InputBlocks {
    /// One listed input: its block, its bit in the block's word, and its
    /// position in the checkpoint's inputs; in block order.
    @usableFromInline typealias Member = (block: Int, bit: Int, position: Int)

    /// The inputs ≥ 1, sorted by block (a sort, not a map: a map's hashing
    /// cost more than the counting at 1024 rules).
    @usableFromInline var members: [Member] = []

    /// Groups the inputs ≥ 1 of `inputs` by their block in `Class`; the
    /// others are left to the caller.
    @inlinable
    init<Class: BinaryHypothesisClass>(_ inputs: [Int], of _: Class.Type) {
        members.reserveCapacity(inputs.count)
        for (position, input) in inputs.enumerated() where input >= 1 {
            let (block, bit) = Class.position(of: input)
            members.append((block, bit, position))
        }
        if !members.indices.dropLast().allSatisfy({ members[$0].block <= members[$0 + 1].block }) {
            members.sort { $0.block < $1.block }
        }
    }

    /// Calls `body` once per block, in block order, with the block and its members.
    @inlinable
    func forEachBlock(_ body: (_ block: Int, _ members: ArraySlice<Member>) -> Void) {
        var start = 0
        while start < members.count {
            let block = members[start].block
            var end = start
            while end < members.count && members[end].block == block { end += 1 }
            body(block, members[start..<end])
            start = end
        }
    }

    /// Eight byte-wide counters' worth of bit counts: counter `lane`'s byte b
    /// counts bit 8b + `lane` of the words added to it (the byte-lane
    /// counting both noise-free and noisy two-label checkpoints use, at most
    /// 255 words per counter before it is read).
    @inlinable @inline(__always)
    static func addByteLanes(_ counter: UInt64, lane: Int, into counts: UnsafeMutableBufferPointer<Int>, offset: Int = 0) {
        for byte in 0..<8 {
            counts[offset + 8 * byte + lane] += Int((counter &>> UInt64(8 * byte)) & 0xFF)
        }
    }
}
