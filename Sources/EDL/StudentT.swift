/// Quantiles of Student's t distribution used for confidence intervals.
public enum StudentT {
    /// The 0.975 quantile of Student's t with `degreesOfFreedom` ≥ 1: the
    /// multiplier of the standard error for a two-sided 95% interval.
    ///
    /// Exact to the printed digits for 1…30 degrees of freedom (table); above
    /// that the Cornish–Fisher expansion in 1/ν (Abramowitz & Stegun 26.7.5),
    /// whose error there is below 10^-6.
    public static func quantile975(degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom >= 1, "Student's t needs at least one degree of freedom")
        if degreesOfFreedom <= table.count {
            return table[degreesOfFreedom - 1]
        }
        let z = 1.959_963_984_540_054
        let v = Double(degreesOfFreedom)
        let z2 = z * z
        let g1 = (z2 + 1) * z / 4
        let g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
        let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
        let g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
        return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
    }

    /// t_{0.975, ν} for ν = 1…30.
    private static let table: [Double] = [
        12.706_204_736, 4.302_652_730, 3.182_446_305, 2.776_445_105, 2.570_581_836,
        2.446_911_851, 2.364_624_252, 2.306_004_135, 2.262_157_163, 2.228_138_852,
        2.200_985_160, 2.178_812_830, 2.160_368_656, 2.144_786_688, 2.131_449_546,
        2.119_905_299, 2.109_815_578, 2.100_922_040, 2.093_024_054, 2.085_963_447,
        2.079_613_845, 2.073_873_068, 2.068_657_610, 2.063_898_562, 2.059_538_553,
        2.055_529_439, 2.051_830_516, 2.048_407_142, 2.045_229_642, 2.042_272_456,
    ]
}
