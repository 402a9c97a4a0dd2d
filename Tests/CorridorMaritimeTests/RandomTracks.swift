import CorridorCore
import CorridorMaritime

/// Random slow drifters in a box of a few kilometres off Gwadar, reporting every 5–40 minutes:
/// close enough together that some pairs meet. Deterministic from the seed.
struct RandomTracks {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func next(vessels: Int, hours: Double, boxDegrees: Double) -> [Int: [TrackPoint]] {
        var tracks: [Int: [TrackPoint]] = [:]
        for v in 0..<vessels {
            var h = rng.unit() * 0.5
            var lat = 24.5 + rng.unit() * boxDegrees
            var lon = 62.0 + rng.unit() * boxDegrees
            while h < hours {
                tracks[v, default: []].append(point(v, hours: h, lat: lat, lon: lon))
                h += 0.08 + rng.unit() * 0.6
                lat += (rng.unit() - 0.5) * 0.002
                lon += (rng.unit() - 0.5) * 0.002
            }
        }
        return tracks
    }
}
