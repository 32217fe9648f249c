/// A two-label hypothesis class whose rules hand out their labels 64 inputs
/// at a time: one word per rule and block of inputs, so a pass over the
/// rules can count the labels at 64 inputs with a few word operations
/// instead of 64 label lookups.
public protocol BinaryHypothesisClass: HypothesisClass {
    /// Bit j (0…63): the label (0 or 1) that `hypothesis` gives input
    /// 64·`block` + j + 1. Agrees with ``HypothesisClass/label(of:at:)`` at
    /// every input ≥ 1.
    func labelWord(of hypothesis: Int, block: Int) -> UInt64
}

extension BinaryHypothesisClass {
    /// The block (``labelWord(of:block:)``) and bit of an input ≥ 1.
    @inlinable @inline(__always)
    public static func position(of input: Int) -> (block: Int, bit: Int) {
        ((input &- 1) &>> 6, (input &- 1) & 63)
    }
}
