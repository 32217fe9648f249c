import Foundation

/// Bytes a run will hold, estimated before it starts from the sizes of the
/// structures a configuration builds, so that a run too large for the machine
/// is refused up front instead of dying halfway.
///
/// Each estimate is the peak of the structure, not its average: an array's
/// elements, a hash map's buckets including the moment it grows (the old and
/// the new table exist together), a count of distinct keys at its expected
/// value after n draws. The test suite checks the estimates against the peak
/// resident memory of real runs.
public struct MemoryEstimate: Sendable, Equatable {
    /// Memory built once for the configuration and shared by every replicate
    /// (sampling tables, input distributions), in bytes.
    public var shared: Double
    /// The most one replicate holds while it runs (its world and learner), in bytes.
    public var perReplicate: Double

    /// An estimate of `shared` and `perReplicate` bytes.
    public init(shared: Double = 0, perReplicate: Double = 0) {
        self.shared = shared
        self.perReplicate = perReplicate
    }

    /// Both parts of two estimates added (the structures exist together).
    public static func + (left: MemoryEstimate, right: MemoryEstimate) -> MemoryEstimate {
        MemoryEstimate(shared: left.shared + right.shared, perReplicate: left.perReplicate + right.perReplicate)
    }

    /// A contiguous array of `count` elements of `stride` bytes.
    public static func array(_ count: Double, stride: Int) -> Double {
        max(count, 0) * Double(stride)
    }

    /// The peak bytes of a Swift `Dictionary` holding `entries` keys and values
    /// of `stride` bytes together: a power-of-two bucket table kept at most
    /// ¾ full, and while it doubles the old table beside the new one.
    public static func dictionary(entries: Double, stride: Int) -> Double {
        guard entries >= 1 else { return 0 }
        let buckets = exp2((log2(entries / 0.75)).rounded(.up))
        let bytesPerBucket = Double(stride) + 0.125  // the occupancy bitmap: one bit per bucket
        return 1.5 * buckets * bytesPerBucket
    }

    /// The expected number of distinct values among `draws` uniform draws from
    /// `space` values (all `draws` when `space` is 0, an unbounded space):
    /// space·(1 − (1 − 1/space)^draws).
    public static func expectedDistinct(draws: Double, among space: Double) -> Double {
        guard space > 0 else { return max(draws, 0) }
        guard draws > 0 else { return 0 }
        return space * -expm1(draws * log1p(-1 / space))
    }

    /// The most draws out of `n` that land in a part of probability `share`:
    /// the mean plus four standard deviations, at most n (the estimate for a
    /// mixture component's stream).
    public static func draws(of n: Int, share: Double) -> Int {
        let mean = Double(n) * share
        let bound = mean + 4 * (mean * (1 - share)).squareRoot() + 1
        return bound >= Double(n) ? n : Int(bound.rounded(.up))
    }
}
