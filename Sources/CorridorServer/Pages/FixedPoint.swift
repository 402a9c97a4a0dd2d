extension Double {
    /// This number with `digits` decimals, as `String(format: "%.Nf")` writes it but without
    /// Foundation's formatter, which was most of the cost of drawing a map of a thousand markers.
    /// Not-finite values are written as 0: markup never carries `nan`.
    ///
    /// ```swift
    /// (12.345).fixed(1)  // "12.3"
    /// (-0.5).fixed(0)    // "-1"
    /// ```
    func fixed(_ digits: Int) -> String {
        guard isFinite else { return "0" }
        let places = Swift.min(Swift.max(digits, 0), 6)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (self * scale).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^53 doubles hold no fractional digits anyway; the checked path is exact there.
        guard Swift.abs(scaled) < 9.0e15, let units = Int64(exactly: scaled) else {
            return String(describing: self)
        }
        let magnitude = units.magnitude
        let divisor = UInt64(scale)
        var text = units < 0 ? "-" : ""
        text += String(magnitude / divisor)
        if places > 0 {
            let fraction = String(magnitude % divisor)
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }
}
