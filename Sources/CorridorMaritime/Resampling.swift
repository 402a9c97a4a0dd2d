import CorridorGeo
import Foundation

/// A vessel's position at a fixed time step, interpolated between reports.
public struct ResampledPoint: Sendable, Hashable {
    public var mmsi: Int
    /// A multiple of the step, seconds since 1970.
    public var time: Double
    public var latitude: Double
    public var longitude: Double
    /// Implied speed of the leg it lies on, knots.
    public var speed: Double
}

/// Resamples tracks to a fixed step (default 10 minutes) by linear interpolation between
/// consecutive reports, never across a silence longer than `maximumGap` (default 1 hour):
/// a vessel is not placed where nobody saw it.
public struct TrackResampler: Sendable {
    public var step: Double
    public var maximumGap: Double

    public init(step: Double = 600, maximumGap: Double = 3600) {
        self.step = step
        self.maximumGap = maximumGap
    }

    /// `points` of one vessel in time order.
    public func resample(_ points: [TrackPoint]) -> [ResampledPoint] {
        var out: [ResampledPoint] = []
        guard points.count > 1 else {
            if let p = points.first, p.time.truncatingRemainder(dividingBy: step) == 0 {
                out.append(ResampledPoint(mmsi: p.mmsi, time: p.time, latitude: p.latitude, longitude: p.longitude, speed: 0))
            }
            return out
        }
        for (a, b) in zip(points, points.dropFirst()) where b.time > a.time && b.time - a.time <= maximumGap {
            let km = Geodesy.localDistanceKm(latitude: a.latitude, longitude: a.longitude, latitude: b.latitude, longitude: b.longitude)
            let speed = knots(km: km, seconds: b.time - a.time)
            var t = (a.time / step).rounded(.up) * step
            // Each step belongs to one leg: [a, b) except the last leg, which includes b.
            while t < b.time || (t == b.time && b == points.last) {
                let f = (t - a.time) / (b.time - a.time)
                out.append(
                    ResampledPoint(
                        mmsi: a.mmsi, time: t, latitude: a.latitude + f * (b.latitude - a.latitude),
                        longitude: a.longitude + f * (b.longitude - a.longitude), speed: speed))
                t += step
            }
        }
        return out
    }
}
