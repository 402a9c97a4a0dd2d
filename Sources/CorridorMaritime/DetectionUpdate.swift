/// A change to the set of detections a ``MaritimeMonitor`` has reported.
///
/// A detection is raised as soon as its condition is met (often still open: a gap, a loiter,
/// an encounter or a zone visit going on), revised when it ends or when a late report
/// changes it, and withdrawn when a late report shows it did not happen.
public struct DetectionUpdate: Sendable, Hashable {
    public enum Change: String, Sendable, Hashable, CaseIterable {
        case raised, revised, withdrawn
    }

    public var change: Change
    /// The detection as it now stands (as it last stood, for a withdrawal).
    public var detection: MaritimeDetection

    public init(_ change: Change, _ detection: MaritimeDetection) {
        self.change = change
        self.detection = detection
    }
}

extension MaritimeDetection {
    /// Stable across revisions: the kind, the vessel, the start, and what tells apart two
    /// detections of one vessel starting together (zone, other vessel, reason).
    public var id: String {
        var id = "\(kind.rawValue)-\(mmsi)-\(Int64(start.rounded(.down)))"
        if let zone = details["zone"] { id += "-\(zone)" }
        if let other = details["other_mmsi"] { id += "-\(other)" }
        if let reason = details["reason"] { id += "-\(reason)" }
        return id
    }
}

/// At most `limit` points, evenly spaced, always keeping the first and the last: long
/// loiters and encounters keep their shape without carrying thousands of points.
func thinned(_ points: [TrackPoint], limit: Int = 120) -> [TrackPoint] {
    guard points.count > limit, limit >= 2 else { return points }
    let stride = Double(points.count - 1) / Double(limit - 1)
    return (0..<limit).map { points[Int((Double($0) * stride).rounded())] }
}
