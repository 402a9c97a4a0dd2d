import CorridorCore
import CorridorGeo

/// A uniform latitude/longitude grid of item indices, with cells as wide as the search
/// radius, so a radius query reads a handful of cells instead of every item.
/// The rows and columns of square cells (`cellDegrees` on a side) that cover a radius
/// around a point: both grids below look up the same way.
enum CellRange {
    @inline(__always)
    static func covering(_ center: Coordinate, radiusKm: Double, cellDegrees: Double) -> (ClosedRange<Int>, ClosedRange<Int>) {
        let box = Geodesy.boundingBox(around: center, radiusKm: radiusKm)
        let rows = Int((box.minLatitude / cellDegrees).rounded(.down))...Int((box.maxLatitude / cellDegrees).rounded(.down))
        let columns = Int((box.minLongitude / cellDegrees).rounded(.down))...Int((box.maxLongitude / cellDegrees).rounded(.down))
        return (rows, columns)
    }
}

struct SpatialGrid: Sendable {
    let cellDegrees: Double
    private(set) var cells: [Int64: [Int32]] = [:]

    init(radiusKm: Double) {
        cellDegrees = max(radiusKm / 111.2, 0.01)
    }

    private func key(_ latCell: Int, _ lonCell: Int) -> Int64 { Int64(latCell) << 32 | Int64(UInt32(bitPattern: Int32(lonCell))) }

    private func cell(_ c: Coordinate) -> (Int, Int) {
        (Int((c.latitude / cellDegrees).rounded(.down)), Int((c.longitude / cellDegrees).rounded(.down)))
    }

    mutating func insert(_ index: Int, at c: Coordinate) {
        let (a, b) = cell(c)
        cells[key(a, b), default: []].append(Int32(index))
    }

    mutating func remove(_ index: Int, at c: Coordinate) {
        let (a, b) = cell(c)
        cells[key(a, b)]?.removeAll { $0 == Int32(index) }
    }

    /// Calls `body` with every index in the cells that cover `radiusKm` around `center`;
    /// callers test the exact distance.
    func forEachCandidate(near center: Coordinate, radiusKm: Double, _ body: (Int) -> Void) {
        let (rows, columns) = CellRange.covering(center, radiusKm: radiusKm, cellDegrees: cellDegrees)
        for a in rows {
            for b in columns {
                guard let items = cells[key(a, b)] else { continue }
                for i in items { body(Int(i)) }
            }
        }
    }
}

/// Unit vectors on the sphere: the chord between two of them gives the great-circle
/// distance with one `asin`, and a squared-chord comparison rejects far points with no trig.
struct UnitVector: Sendable {
    var x: Double, y: Double, z: Double

    init(x: Double, y: Double, z: Double) {
        (self.x, self.y, self.z) = (x, y, z)
    }

    init(_ c: Coordinate) {
        let φ = c.latitude * .pi / 180
        let λ = c.longitude * .pi / 180
        x = cos(φ) * cos(λ)
        y = cos(φ) * sin(λ)
        z = sin(φ)
    }

    @inline(__always) func chordSquared(_ o: UnitVector) -> Double {
        let dx = x - o.x
        let dy = y - o.y
        let dz = z - o.z
        return dx * dx + dy * dy + dz * dz
    }

    /// Squared chord of a great-circle distance.
    static func chordSquared(distanceKm: Double) -> Double {
        let c = 2 * sin(distanceKm / Geodesy.earthRadiusKm / 2)
        return c * c
    }

    static func distanceKm(chordSquared c2: Double) -> Double {
        2 * Geodesy.earthRadiusKm * asin(min(1, c2.squareRoot() / 2))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension UnitVector {
    /// Great-circle distance from a squared chord by the series of asin (to x⁷), which for
    /// chords of up to 500 km is exact to better than 1e-12 relative and avoids `asin`.
    @inline(__always) static func fastDistanceKm(chordSquared c2: Double) -> Double {
        let h = c2.squareRoot() / 2
        let h2 = h * h
        return 2 * Geodesy.earthRadiusKm * h * (1 + h2 * (1.0 / 6 + h2 * (3.0 / 40 + h2 * (5.0 / 112))))
    }
}
