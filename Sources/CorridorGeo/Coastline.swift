import CorridorCore
import Foundation

/// Pakistan's sea coast from the shipped Natural Earth 1:10m admin-0 outline: distance from
/// shore and "is this position on land".
///
/// The coast is the part of the outline between the end of the land boundary with India
/// (Sir Creek, 68.432 E 23.967 N) and the start of the land boundary with Iran (Gwadar Bay,
/// 61.588 E 25.202 N), plus every island polygon. Iran's coast west of Gwadar Bay and India's
/// east of Sir Creek are not in the shipped data: distances there are to Pakistan's coast
/// only, which is why the maritime detectors watch Pakistani waters only
/// (docs/maritime-detection.md).
///
/// ```swift
/// let coast = Coastline.pakistan
/// coast.distanceKm(latitude: 24.5, longitude: 63.0)   // ≈ 80 km south of Pasni
/// coast.isOnLand(latitude: 25.5, longitude: 64.0)     // true
/// ```
public struct Coastline: Sendable {
    /// Segments in degrees (longitude, latitude pairs).
    struct Segment: Sendable {
        var ax: Double, ay: Double, bx: Double, by: Double
    }

    let segments: [Segment]
    /// The outline the coast belongs to, for the on-land test.
    let land: Geometry
    let grid: CandidateGrid
    /// The outline's edges by latitude band, for a point-in-polygon test that looks at the
    /// few edges crossing the point's latitude instead of all of them.
    let landBands: BandedPolygon

    /// Positions inside the outline but closer than this to the coast are not "on land": the
    /// 1:10m coast is generalised by a few hundred metres, and harbours sit on it.
    public static let landToleranceKm = 1.0

    /// The shipped coast, loaded once.
    public static let pakistan: Coastline = {
        do { return try Coastline.bundled() } catch {
            // The file ships in the resource bundle; an empty coast makes every position "far
            // from shore" and nothing "on land", which the tests catch.
            return Coastline(segments: [], land: .multiPolygon([]))
        }
    }()

    public static func bundled() throws -> Coastline {
        guard let url = Bundle.module.url(forResource: "pak_admin0_ne10m", withExtension: "geojson") else {
            throw GeoDataError.missingResource("pak_admin0_ne10m.geojson")
        }
        return try Coastline(outlineGeoJSON: Data(contentsOf: url))
    }

    /// Reads a GeoJSON Feature (or a bare geometry) with Pakistan's outline as a
    /// (Multi)Polygon.
    public init(outlineGeoJSON data: Data) throws {
        struct Feature: Decodable { let geometry: Geometry }
        let geometry: Geometry
        if let feature = try? JSONDecoder().decode(Feature.self, from: data) {
            geometry = feature.geometry
        } else {
            geometry = try JSONDecoder().decode(Geometry.self, from: data)
        }
        let polygons: [[[Coordinate]]]
        switch geometry {
        case .polygon(let p): polygons = [p]
        case .multiPolygon(let m): polygons = m
        default: throw GeoDataError.unknownArea("outline is a \(geometry.typeName), not a polygon")
        }
        let mainland = polygons.indices.max { polygons[$0].first?.count ?? 0 < polygons[$1].first?.count ?? 0 }
        var segments: [Segment] = []
        for (i, polygon) in polygons.enumerated() {
            guard var ring = polygon.first, ring.count > 1 else { continue }
            if ring.first == ring.last { ring.removeLast() }
            let path = i == mainland ? Self.seaPath(of: ring) : ring + [ring[0]]
            for (a, b) in zip(path, path.dropFirst()) {
                segments.append(Segment(ax: a.longitude, ay: a.latitude, bx: b.longitude, by: b.latitude))
            }
        }
        self.init(segments: segments, land: geometry)
    }

    init(segments: [Segment], land: Geometry) {
        self.segments = segments
        self.land = land
        var outline: [Segment] = []
        let rings: [[Coordinate]]
        switch land {
        case .polygon(let p): rings = p
        case .multiPolygon(let m): rings = m.flatMap { $0 }
        default: rings = []
        }
        for ring in rings where ring.count > 1 {
            for (a, b) in zip(ring, ring.dropFirst() + [ring[0]]) {
                outline.append(Segment(ax: a.longitude, ay: a.latitude, bx: b.longitude, by: b.latitude))
            }
        }
        grid = CandidateGrid(segments: segments, outline: outline, land: land)
        landBands = BandedPolygon(edges: outline)
    }

    /// The land boundaries' ends on the coast (see the type's documentation).
    static let indiaEnd = (longitude: 68.432, latitude: 23.967)
    static let iranEnd = (longitude: 61.588, latitude: 25.202)

    /// The mainland ring's vertices from the India end to the Iran end, going the way that
    /// stays south (the sea side).
    static func seaPath(of ring: [Coordinate]) -> [Coordinate] {
        func nearest(_ p: (longitude: Double, latitude: Double)) -> Int {
            ring.indices.min {
                hypot(ring[$0].longitude - p.longitude, ring[$0].latitude - p.latitude)
                    < hypot(ring[$1].longitude - p.longitude, ring[$1].latitude - p.latitude)
            } ?? 0
        }
        let from = nearest(indiaEnd)
        let to = nearest(iranEnd)
        func walk(step: Int) -> [Coordinate] {
            var out = [ring[from]]
            var i = from
            while i != to && out.count <= ring.count {
                i = (i + step + ring.count) % ring.count
                out.append(ring[i])
            }
            return out
        }
        let forward = walk(step: 1)
        let backward = walk(step: -1)
        func meanLatitude(_ p: [Coordinate]) -> Double { p.map(\.latitude).reduce(0, +) / Double(max(1, p.count)) }
        return meanLatitude(forward) <= meanLatitude(backward) ? forward : backward
    }

    /// Kilometres from the position to the nearest point of the coast (flat approximation
    /// around the position; within a fraction of a percent at the distances that matter here).
    public func distanceKm(latitude: Double, longitude: Double) -> Double {
        let kx = 111.32 * Geodesy.cosine(degrees: latitude)
        var best = Double.infinity
        if let candidates = grid.candidates(latitude: latitude, longitude: longitude) {
            for i in candidates { best = min(best, Self.squaredKm(segments[i], latitude: latitude, longitude: longitude, kx: kx)) }
        } else {
            for s in segments { best = min(best, Self.squaredKm(s, latitude: latitude, longitude: longitude, kx: kx)) }
        }
        return best.squareRoot()
    }

    /// The same over every segment: the reference the grid is tested against.
    public func bruteForceDistanceKm(latitude: Double, longitude: Double) -> Double {
        segments.map { Self.distanceKm($0, latitude: latitude, longitude: longitude) }.min() ?? .infinity
    }

    /// Whether the distance from shore lies in `range`, deciding from the grid cell's bounds
    /// when they settle it (most positions) and measuring only near the limits.
    public func distance(isIn range: ClosedRange<Double>, latitude: Double, longitude: Double) -> Bool {
        if let bounds = grid.bounds(latitude: latitude, longitude: longitude) {
            if bounds.lowerBound >= range.lowerBound && bounds.upperBound <= range.upperBound { return true }
            if bounds.upperBound < range.lowerBound || bounds.lowerBound > range.upperBound { return false }
        }
        return range.contains(distanceKm(latitude: latitude, longitude: longitude))
    }

    /// The outline test by ``PolygonContainment``: the reference for the banded one.
    func polygonContains(latitude: Double, longitude: Double) -> Bool {
        guard let c = try? Coordinate(latitude: latitude, longitude: longitude) else { return false }
        return PolygonContainment.contains(land, c)
    }

    /// True inside Pakistan's outline and more than ``landToleranceKm`` from the coast.
    public func isOnLand(latitude: Double, longitude: Double) -> Bool {
        switch grid.landStatus(latitude: latitude, longitude: longitude) {
        case .sea: return false
        case .land: return true
        case .mixed, nil:
            guard landBands.contains(latitude: latitude, longitude: longitude) else { return false }
            return distanceKm(latitude: latitude, longitude: longitude) > Self.landToleranceKm
        }
    }

    static func distanceKm(_ s: Segment, latitude: Double, longitude: Double) -> Double {
        squaredKm(s, latitude: latitude, longitude: longitude, kx: 111.32 * cos(latitude * .pi / 180)).squareRoot()
    }

    /// The squared distance in km² (`kx`: km per degree of longitude at the point).
    @inline(__always)
    static func squaredKm(_ s: Segment, latitude: Double, longitude: Double, kx: Double) -> Double {
        let ky = 110.574
        let ax = (s.ax - longitude) * kx
        let ay = (s.ay - latitude) * ky
        let dx = (s.bx - s.ax) * kx
        let dy = (s.by - s.ay) * ky
        let length2 = dx * dx + dy * dy
        let t = length2 > 0 ? max(0, min(1, -(ax * dx + ay * dy) / length2)) : 0
        let x = ax + t * dx
        let y = ay + t * dy
        return x * x + y * y
    }
}

/// For each cell of a grid over the coast's surroundings, the only segments that can be the
/// nearest to a point in the cell: those within (nearest to the centre) + 2 × (half the
/// cell's diagonal) of its centre. Exact, and a few segments per lookup instead of hundreds.
struct CandidateGrid: Sendable {
    static let cellDegrees = 0.1
    static let marginDegrees = 3.0
    let minLongitude: Double, minLatitude: Double
    let columns: Int, rows: Int
    let cells: [[Int]]
    /// Per cell: the distance from its centre to the coast, and half its diagonal; every point
    /// of the cell is within that half-diagonal of the centre's distance.
    let centreKm: [Double]
    let halfDiagonalKm: [Double]
    /// Whether a whole cell is land or sea: only when its centre is further than half its
    /// diagonal (plus the land tolerance) from every edge of the outline, land borders included.
    let status: [LandStatus]

    enum LandStatus: UInt8, Sendable { case sea, land, mixed }

    init(segments: [Coastline.Segment], outline: [Coastline.Segment], land: Geometry) {
        guard !segments.isEmpty else {
            (minLongitude, minLatitude, columns, rows, cells, status, centreKm, halfDiagonalKm) = (0, 0, 0, 0, [], [], [], [])
            return
        }
        var status: [LandStatus] = []
        var centreKm: [Double] = []
        var halfDiagonalKm: [Double] = []
        let xs = segments.flatMap { [$0.ax, $0.bx] }
        let ys = segments.flatMap { [$0.ay, $0.by] }
        minLongitude = (xs.min() ?? 0) - Self.marginDegrees
        minLatitude = (ys.min() ?? 0) - Self.marginDegrees
        columns = Int((((xs.max() ?? 0) + Self.marginDegrees - minLongitude) / Self.cellDegrees).rounded(.up))
        rows = Int((((ys.max() ?? 0) + Self.marginDegrees - minLatitude) / Self.cellDegrees).rounded(.up))
        var cells: [[Int]] = []
        cells.reserveCapacity(columns * rows)
        for row in 0..<rows {
            let lat = minLatitude + (Double(row) + 0.5) * Self.cellDegrees
            let halfDiagonal = 0.5 * Self.cellDegrees * hypot(111.32 * cos((lat - Self.cellDegrees / 2) * .pi / 180), 110.574)
            for column in 0..<columns {
                let lon = minLongitude + (Double(column) + 0.5) * Self.cellDegrees
                let kx = 111.32 * cos(lat * .pi / 180)
                let distances = segments.map { Coastline.squaredKm($0, latitude: lat, longitude: lon, kx: kx).squareRoot() }
                let nearest = distances.min() ?? 0
                let limit = nearest + 2 * halfDiagonal
                centreKm.append(nearest)
                halfDiagonalKm.append(halfDiagonal)
                cells.append(distances.indices.filter { distances[$0] <= limit })
                let edge = (outline.lazy.map { Coastline.squaredKm($0, latitude: lat, longitude: lon, kx: kx) }.min() ?? 0).squareRoot()
                if edge <= halfDiagonal + 1.5 {
                    status.append(.mixed)
                } else if let c = try? Coordinate(latitude: lat, longitude: lon), PolygonContainment.contains(land, c) {
                    status.append(.land)
                } else {
                    status.append(.sea)
                }
            }
        }
        self.cells = cells
        self.status = status
        self.centreKm = centreKm
        self.halfDiagonalKm = halfDiagonalKm
    }

    /// The range the distance from shore of any point of the cell lies in (a small margin
    /// covers the flat approximation's change of scale across the cell).
    func bounds(latitude: Double, longitude: Double) -> ClosedRange<Double>? {
        guard let i = index(latitude: latitude, longitude: longitude) else { return nil }
        let r = halfDiagonalKm[i] * 1.05 + 0.01
        return max(0, centreKm[i] - r)...(centreKm[i] + r)
    }

    func landStatus(latitude: Double, longitude: Double) -> LandStatus? {
        guard let i = index(latitude: latitude, longitude: longitude) else { return nil }
        return status[i]
    }

    func index(latitude: Double, longitude: Double) -> Int? {
        guard latitude.isFinite, longitude.isFinite else { return nil }
        let column = Int(((longitude - minLongitude) / Self.cellDegrees).rounded(.down))
        let row = Int(((latitude - minLatitude) / Self.cellDegrees).rounded(.down))
        guard column >= 0, column < columns, row >= 0, row < rows else { return nil }
        return row * columns + column
    }

    /// Nil outside the grid (every segment is a candidate then).
    func candidates(latitude: Double, longitude: Double) -> [Int]? {
        index(latitude: latitude, longitude: longitude).map { cells[$0] }
    }
}

/// Even-odd ray casting over edges grouped in latitude bands: a horizontal ray from the point
/// crosses only edges whose latitude span holds the point's latitude, and those are all in
/// the point's band. Rings (outer and holes alike) are just edges here, which is the even-odd
/// rule `PolygonContainment` applies.
struct BandedPolygon: Sendable {
    static let bandDegrees = 0.05
    let minLatitude: Double
    let bands: [[Coastline.Segment]]

    init(edges: [Coastline.Segment]) {
        let lats = edges.flatMap { [$0.ay, $0.by] }
        minLatitude = lats.min() ?? 0
        let count = Int((((lats.max() ?? 0) - minLatitude) / Self.bandDegrees).rounded(.down)) + 1
        var bands = Array(repeating: [Coastline.Segment](), count: max(0, count))
        for e in edges {
            let lo = Int(((min(e.ay, e.by) - minLatitude) / Self.bandDegrees).rounded(.down))
            let hi = Int(((max(e.ay, e.by) - minLatitude) / Self.bandDegrees).rounded(.down))
            for b in max(0, lo)...min(count - 1, hi) { bands[b].append(e) }
        }
        self.bands = bands
    }

    func contains(latitude: Double, longitude: Double) -> Bool {
        let b = Int(((latitude - minLatitude) / Self.bandDegrees).rounded(.down))
        guard b >= 0, b < bands.count else { return false }
        var inside = false
        for e in bands[b] where (e.ay > latitude) != (e.by > latitude) {
            let x = (e.bx - e.ax) * (latitude - e.ay) / (e.by - e.ay) + e.ax
            if longitude < x { inside.toggle() }
        }
        return inside
    }
}
