import CorridorCore
import CorridorGeo
import Foundation

/// Events in a latitude/longitude grid, packed for the hot loop of a full recompute.
///
/// Packed events sit in one set of flat arrays (x, y, z, weight), sorted by cell in row-major
/// order, with the start of every cell of the covered box in ``Packed/starts``. A radius
/// query is then a few contiguous row spans, read four events at a time as `SIMD4<Double>`
/// with no per-cell lookup. Cells are half a radius wide, and each row reads only the
/// columns the circle reaches at that row's latitude, so a query reads little more than the
/// circle instead of the 9–10 r² that radius-wide cells and a bounding box cost.
///
/// Events added after packing wait in ``staged`` (scanned whole, also four at a time) until
/// the next ``pack()``; so do the few far outliers of a grid spread too wide to pack whole. A removed packed event is zeroed in place: a zero vector lies a chord
/// of 1 (some 6,700 km) from any site, beyond every radius, so it adds nothing.
struct EventGrid: Sendable {
    /// Flat columns of events, four per SIMD step.
    struct Columns: Sendable {
        var x: [Double] = []
        var y: [Double] = []
        var z: [Double] = []
        var w: [Double] = []
        var item: [Int32] = []

        var count: Int { item.count }

        mutating func append(_ v: UnitVector, _ weight: Double, _ item: Int32) {
            x.append(v.x)
            y.append(v.y)
            z.append(v.z)
            w.append(weight)
            self.item.append(item)
        }

        mutating func zero(_ i: Int) {
            (x[i], y[i], z[i], w[i], item[i]) = (0, 0, 0, 0, -1)
        }
    }

    /// The packed part: cells of the box `rows` × `columns`, row-major.
    struct Packed: Sendable {
        var rows: ClosedRange<Int> = 0...0
        var columns: ClosedRange<Int> = 0...0
        /// Start of each cell's events; one more entry than cells.
        var starts: [Int32] = [0, 0]
        /// Events naming sites before each cell, same indexing (they need the slow path).
        var linkedBefore: [Int32] = [0, 0]
        /// Per row, the cosine of its latitude farthest from the equator: a circle is widest
        /// in longitude there.
        var rowCosine: [Double] = [1]
        var events = Columns()

        @inline(__always) func cell(_ row: Int, _ column: Int) -> Int {
            (row - rows.lowerBound) * columns.count + (column - columns.lowerBound)
        }
    }

    let cellDegrees: Double
    private(set) var packed = Packed()
    private(set) var staged = Columns()
    private var stagedLinked = 0
    private var stagedCells: [(row: Int32, column: Int32)] = []
    /// Items that name sites.
    private var linkedItems = Set<Int32>()
    /// Cells in a packed box at most: beyond it (events spread over much of the globe) the
    /// events stay staged rather than allocate a vast box.
    static let maximumCells = 4_000_000

    init(radiusKm: Double) {
        cellDegrees = max(radiusKm / 111.2 / 2, 0.05)
    }

    @inline(__always) private func index(_ degrees: Double) -> Int { Int((degrees / cellDegrees).rounded(.down)) }

    var count: Int { packed.events.count + staged.count }

    mutating func insert(_ v: UnitVector, weight: Double, item: Int32, linked: Bool, at c: Coordinate) {
        staged.append(v, weight, item)
        stagedCells.append((Int32(truncatingIfNeeded: index(c.latitude)), Int32(truncatingIfNeeded: index(c.longitude))))
        if linked {
            stagedLinked += 1
            linkedItems.insert(item)
        }
    }

    mutating func remove(item: Int32, linked: Bool, at c: Coordinate) {
        if linked {
            linkedItems.remove(item)
        }
        if let i = staged.item.lastIndex(of: item) {
            let last = staged.count - 1
            for keyPath in [\Columns.x, \Columns.y, \Columns.z, \Columns.w] {
                staged[keyPath: keyPath][i] = staged[keyPath: keyPath][last]
                staged[keyPath: keyPath].removeLast()
            }
            staged.item[i] = staged.item[last]
            staged.item.removeLast()
            stagedCells[i] = stagedCells[last]
            stagedCells.removeLast()
            if linked { stagedLinked -= 1 }
            return
        }
        let (row, column) = (index(c.latitude), index(c.longitude))
        guard packed.rows.contains(row), packed.columns.contains(column) else { return }
        let cell = packed.cell(row, column)
        for i in Int(packed.starts[cell])..<Int(packed.starts[cell + 1]) where packed.events.item[i] == item {
            packed.events.zero(i)
            return
        }
    }

    /// Whether staged events are many enough to be worth packing.
    var shouldPack: Bool { staged.count > 4096 && staged.count * 8 > packed.events.count && staged.count >= packingRetryAt }
    /// After a packing that left everything staged, the staged count to wait for before trying again.
    private var packingRetryAt = 0

    /// Moves the staged events into the packed arrays, dropping removed ones.
    mutating func pack() {
        var cells: [(row: Int32, column: Int32)] = []
        var all = Columns()
        for row in packed.rows {
            for column in packed.columns {
                let cell = packed.cell(row, column)
                for i in Int(packed.starts[cell])..<Int(packed.starts[cell + 1]) where packed.events.item[i] >= 0 {
                    all.append(
                        UnitVector(x: packed.events.x[i], y: packed.events.y[i], z: packed.events.z[i]), packed.events.w[i],
                        packed.events.item[i])
                    cells.append((Int32(truncatingIfNeeded: row), Int32(truncatingIfNeeded: column)))
                }
            }
        }
        packed = Packed()
        for i in 0..<staged.count {
            all.append(UnitVector(x: staged.x[i], y: staged.y[i], z: staged.z[i]), staged.w[i], staged.item[i])
            cells.append(stagedCells[i])
        }
        guard let (rows, columns) = Self.box(cells) else {
            // Spread over too much of the globe to pack at this cell size: all stay staged,
            // and packing is not tried again until the staged events have doubled.
            (staged, stagedCells) = (all, cells)
            stagedLinked = all.item.filter { linkedItems.contains($0) }.count
            packingRetryAt = all.count * 2
            return
        }
        // Events outside the box (the few far from the rest) stay staged.
        var inside = Columns()
        var insideCells: [(row: Int32, column: Int32)] = []
        var outside = Columns()
        var outsideCells: [(row: Int32, column: Int32)] = []
        for (i, cell) in cells.enumerated() {
            let v = UnitVector(x: all.x[i], y: all.y[i], z: all.z[i])
            if rows.contains(Int(cell.row)) && columns.contains(Int(cell.column)) {
                inside.append(v, all.w[i], all.item[i])
                insideCells.append(cell)
            } else {
                outside.append(v, all.w[i], all.item[i])
                outsideCells.append(cell)
            }
        }
        all = inside
        var box = Packed()
        box.rows = rows
        box.columns = columns
        let cellCount = box.rows.count * box.columns.count
        // A counting sort by cell.
        var counts = [Int32](repeating: 0, count: cellCount + 1)
        var linkedCounts = [Int32](repeating: 0, count: cellCount + 1)
        let cellOf = insideCells.map { box.cell(Int($0.row), Int($0.column)) }
        for (i, cell) in cellOf.enumerated() {
            counts[cell + 1] += 1
            if linkedItems.contains(all.item[i]) { linkedCounts[cell + 1] += 1 }
        }
        for c in 0..<cellCount {
            counts[c + 1] += counts[c]
            linkedCounts[c + 1] += linkedCounts[c]
        }
        box.rowCosine = box.rows.map { row in
            let farthest = min(89.9, max(abs(Double(row) * cellDegrees), abs(Double(row + 1) * cellDegrees)))
            return cos(farthest * .pi / 180)
        }
        box.starts = counts
        box.linkedBefore = linkedCounts
        var next = counts
        box.events.x = [Double](repeating: 0, count: all.count)
        box.events.y = box.events.x
        box.events.z = box.events.x
        box.events.w = box.events.x
        box.events.item = [Int32](repeating: -1, count: all.count)
        for (i, cell) in cellOf.enumerated() {
            let to = Int(next[cell])
            next[cell] += 1
            box.events.x[to] = all.x[i]
            box.events.y[to] = all.y[i]
            box.events.z[to] = all.z[i]
            box.events.w[to] = all.w[i]
            box.events.item[to] = all.item[i]
        }
        packed = box
        staged = outside
        stagedCells = outsideCells
        stagedLinked = outside.item.filter { linkedItems.contains($0) }.count
        packingRetryAt = 0
    }

    /// The rows and columns to pack: all events' if that box is small enough, else the box
    /// of the central 99 % of them in each direction (the rest stay staged), else nil.
    private static func box(_ cells: [(row: Int32, column: Int32)]) -> (ClosedRange<Int>, ClosedRange<Int>)? {
        func fits(_ rows: ClosedRange<Int>, _ columns: ClosedRange<Int>) -> Bool {
            rows.count <= maximumCells && columns.count <= maximumCells && rows.count * columns.count <= maximumCells
        }
        guard let minRow = cells.map(\.row).min(), let maxRow = cells.map(\.row).max(),
            let minColumn = cells.map(\.column).min(), let maxColumn = cells.map(\.column).max()
        else { return nil }
        let whole = (Int(minRow)...Int(maxRow), Int(minColumn)...Int(maxColumn))
        if fits(whole.0, whole.1) { return whole }
        let rows = cells.map(\.row).sorted()
        let columns = cells.map(\.column).sorted()
        let (low, high) = (cells.count / 200, cells.count - 1 - cells.count / 200)
        let core = (Int(rows[low])...Int(rows[high]), Int(columns[low])...Int(columns[high]))
        return fits(core.0, core.1) ? core : nil
    }

    /// Calls `body` with each span of events (a packed row stretch, then the staged events)
    /// that may lie within `radiusKm` of `center`, and whether the span holds events that
    /// name sites.
    @inline(__always)
    func forEachSpan(near center: Coordinate, radiusKm: Double, _ body: (Range<Int>, _ staged: Bool, _ linked: Bool) -> Void) {
        if packed.events.count > 0 {
            let (rows, columns) = CellRange.covering(center, radiusKm: radiusKm, cellDegrees: cellDegrees)
            let from = max(columns.lowerBound, packed.columns.lowerBound)
            let to = min(columns.upperBound, packed.columns.upperBound)
            let top = max(rows.lowerBound, packed.rows.lowerBound)
            let bottom = min(rows.upperBound, packed.rows.upperBound)
            // Trimming rows to the circle uses a flat approximation, widened by 2 % and 1 km:
            // within the 500 km radius limit and away from the poles that covers the sphere.
            let trim = abs(center.latitude) < 70 && radiusKm <= 500
            let reach = radiusKm * 1.02 + 1
            if from <= to, top <= bottom {
                for row in top...bottom {
                    var (first, last) = (from, to)
                    if trim {
                        let south = Double(row) * cellDegrees
                        let offset = max(0, south - center.latitude, center.latitude - (south + cellDegrees))
                        let dy = offset * Self.kilometresPerDegree
                        guard dy < reach else { continue }
                        let dLon =
                            (reach * reach - dy * dy).squareRoot()
                            / (Self.kilometresPerDegree * packed.rowCosine[row - packed.rows.lowerBound])
                        first = max(from, index(center.longitude - dLon))
                        last = min(to, index(center.longitude + dLon))
                        guard first <= last else { continue }
                    }
                    let firstCell = packed.cell(row, first)
                    let lastCell = packed.cell(row, last) + 1
                    let span = Int(packed.starts[firstCell])..<Int(packed.starts[lastCell])
                    if !span.isEmpty { body(span, false, packed.linkedBefore[lastCell] > packed.linkedBefore[firstCell]) }
                }
            }
        }
        if staged.count > 0 { body(0..<staged.count, true, stagedLinked > 0) }
    }

    static let kilometresPerDegree = Geodesy.earthRadiusKm * .pi / 180

    /// Σ weight × (1 − d/r) at `site` over the events within `radiusKm`, leaving out those
    /// that name site `siteID` in `links` (the site counts them by name).
    func decayedSum(
        near center: Coordinate, site v: UnitVector, radiusKm: Double, chordLimit: Double, siteID: String, links: [Int32: [String]]
    ) -> Double {
        var sum = 0.0
        let inverse = 1 / radiusKm
        forEachSpan(near: center, radiusKm: radiusKm) { span, staged, linked in
            guard linked else {
                sum += decayedSum(span, staged: staged, site: v, chordLimit: chordLimit, inverseRadius: inverse)
                return
            }
            let columns = staged ? self.staged : packed.events
            for i in span where columns.item[i] >= 0 {
                let dx = columns.x[i] - v.x
                let dy = columns.y[i] - v.y
                let dz = columns.z[i] - v.z
                let c2 = dx * dx + dy * dy + dz * dz
                if c2 < chordLimit, !(links[columns.item[i]]?.contains(siteID) ?? false) {
                    sum += columns.w[i] * (1 - UnitVector.fastDistanceKm(chordSquared: c2) * inverse)
                }
            }
        }
        return sum
    }

    /// How many events lie within `radiusKm` of `site`, leaving out those that name site
    /// `siteID` in `links`.
    func count(
        near center: Coordinate, site v: UnitVector, radiusKm: Double, chordLimit: Double, siteID: String, links: [Int32: [String]]
    ) -> Int {
        var count = 0
        forEachSpan(near: center, radiusKm: radiusKm) { span, staged, linked in
            guard linked else {
                count += countWithin(span, staged: staged, site: v, chordLimit: chordLimit)
                return
            }
            forEachEvent(span, staged: staged, site: v, chordLimit: chordLimit) { i, _ in
                if !(links[Int32(truncatingIfNeeded: i)]?.contains(siteID) ?? false) { count += 1 }
            }
        }
        return count
    }

    /// The x, y, z and weight columns of the packed or the staged events, borrowed.
    @inline(__always)
    private func withColumns<R>(
        staged inStaged: Bool,
        _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> R
    ) -> R {
        func read(_ c: borrowing Columns) -> R {
            c.x.withUnsafeBufferPointer { xs in
                c.y.withUnsafeBufferPointer { ys in
                    c.z.withUnsafeBufferPointer { zs in c.w.withUnsafeBufferPointer { ws in body(xs, ys, zs, ws) } }
                }
            }
        }
        return inStaged ? read(staged) : read(packed.events)
    }

    /// Σ weight × (1 − d/r) over the events of `span` closer than the radius to `site`:
    /// branch-free, four at a time.
    @inline(__always)
    func decayedSum(_ span: Range<Int>, staged inStaged: Bool, site v: UnitVector, chordLimit: Double, inverseRadius: Double) -> Double {
        withColumns(staged: inStaged) { xs, ys, zs, ws in Self.decayedSum(xs, ys, zs, ws, span, v, chordLimit, inverseRadius) }
    }

    @inline(__always)
    private static func decayedSum(
        _ xs: UnsafeBufferPointer<Double>, _ ys: UnsafeBufferPointer<Double>, _ zs: UnsafeBufferPointer<Double>,
        _ ws: UnsafeBufferPointer<Double>, _ span: Range<Int>, _ v: UnitVector, _ chordLimit: Double, _ inverseRadius: Double
    ) -> Double {
        let vx = SIMD4(repeating: v.x)
        let vy = SIMD4(repeating: v.y)
        let vz = SIMD4(repeating: v.z)
        let limit = SIMD4(repeating: chordLimit)
        // d/r = (2R/r)·asin(√c²/2) = (2R/r)·(√c²/2)·(1 + c²/24 + 3c⁴/640 + …): the series of
        // asin in the squared chord itself, so each lane takes one root, two multiply-adds and
        // no h or h². Dropping the c⁶ term errs by under 2e-10 relative at the 500 km limit.
        let scale = SIMD4(repeating: Geodesy.earthRadiusKm * inverseRadius)
        let (one, a2, a4) = (SIMD4<Double>(repeating: 1), SIMD4<Double>(repeating: 1.0 / 24), SIMD4<Double>(repeating: 3.0 / 640))
        var sum = SIMD4<Double>(repeating: 0)
        var i = span.lowerBound
        while i + 4 <= span.upperBound {
            let dx = SIMD4(xs[i], xs[i + 1], xs[i + 2], xs[i + 3]) - vx
            let dy = SIMD4(ys[i], ys[i + 1], ys[i + 2], ys[i + 3]) - vy
            let dz = SIMD4(zs[i], zs[i + 1], zs[i + 2], zs[i + 3]) - vz
            let w = SIMD4(ws[i], ws[i + 1], ws[i + 2], ws[i + 3])
            let c2: SIMD4<Double> = dx * dx + dy * dy + dz * dz
            var series: SIMD4<Double> = c2 * a4 + a2
            series = c2 * series + one
            let ratio: SIMD4<Double> = scale * c2.squareRoot() * series
            let contribution: SIMD4<Double> = w * (one - ratio)
            sum += contribution.replacing(with: 0, where: c2 .>= limit)
            i += 4
        }
        var total = sum.sum()
        while i < span.upperBound {
            let dx = xs[i] - v.x
            let dy = ys[i] - v.y
            let dz = zs[i] - v.z
            let c2 = dx * dx + dy * dy + dz * dz
            if c2 < chordLimit { total += ws[i] * (1 - UnitVector.fastDistanceKm(chordSquared: c2) * inverseRadius) }
            i += 1
        }
        return total
    }

    /// How many events of `span` lie closer than the chord limit to `site`.
    @inline(__always)
    func countWithin(_ span: Range<Int>, staged inStaged: Bool, site v: UnitVector, chordLimit: Double) -> Int {
        withColumns(staged: inStaged) { xs, ys, zs, _ in
            var count = 0
            for i in span {
                let dx = xs[i] - v.x
                let dy = ys[i] - v.y
                let dz = zs[i] - v.z
                count &+= dx * dx + dy * dy + dz * dz < chordLimit ? 1 : 0
            }
            return count
        }
    }

    /// Calls `body` with each event of `span` closer than the chord limit to `site` (item
    /// index and squared chord): the slow path, for spans with events that name sites.
    func forEachEvent(_ span: Range<Int>, staged inStaged: Bool, site v: UnitVector, chordLimit: Double, _ body: (Int, Double) -> Void) {
        let columns = inStaged ? staged : packed.events
        for i in span where columns.item[i] >= 0 {
            let dx = columns.x[i] - v.x
            let dy = columns.y[i] - v.y
            let dz = columns.z[i] - v.z
            let c2 = dx * dx + dy * dy + dz * dz
            if c2 < chordLimit { body(Int(columns.item[i]), c2) }
        }
    }
}
