import Foundation

/// Precision and recall of detections against a scenario's labels, per kind.
///
/// A detection matches a label of its kind for the same vessel (the same pair, for
/// encounters; the same zone, for zone entries) when its start and end are within
/// `tolerance` of the label's (one resampling step, 10 minutes, by default). Position
/// anomalies match when they lie inside the label's window (the reports around the spoofed
/// one) widened by the tolerance, identity changes when they end at the label's time.
public struct ScenarioEvaluation: Sendable {
    public struct Score: Sendable, Hashable {
        public var kind: String
        public var labels = 0
        public var found = 0
        public var detections = 0
        public var correct = 0
        public var precision: Double { detections == 0 ? 1 : Double(correct) / Double(detections) }
        public var recall: Double { labels == 0 ? 1 : Double(found) / Double(labels) }
    }

    public private(set) var scores: [Score] = []
    /// Detections that match no label, and labels no detection matched.
    public private(set) var falsePositives: [MaritimeDetection] = []
    public private(set) var missed: [ScenarioLabel] = []

    public init(labels: [ScenarioLabel], detections: [MaritimeDetection], tolerance: Double = 600) {
        for kind in MaritimeDetection.Kind.allCases {
            let ls = labels.filter { $0.kind == kind.rawValue }
            let ds = detections.filter { $0.kind == kind }
            var score = Score(kind: kind.rawValue, labels: ls.count, detections: ds.count)
            for d in ds {
                if ls.contains(where: { Self.matches(d, $0, tolerance) }) { score.correct += 1 } else { falsePositives.append(d) }
            }
            for l in ls {
                if ds.contains(where: { Self.matches($0, l, tolerance) }) { score.found += 1 } else { missed.append(l) }
            }
            scores.append(score)
        }
    }

    static func matches(_ d: MaritimeDetection, _ l: ScenarioLabel, _ tolerance: Double) -> Bool {
        guard d.mmsi == l.mmsi else { return false }
        let end = d.end ?? .infinity
        switch d.kind {
        case .encounter:
            guard d.details["other_mmsi"] == l.otherMMSI.map(String.init) else { return false }
            return abs(d.start - l.start) <= tolerance && abs(end - l.end) <= tolerance
        case .zoneEntry:
            guard d.details["zone"] == l.zone else { return false }
            return abs(d.start - l.start) <= tolerance && abs(end - l.end) <= tolerance
        case .positionAnomaly:
            // A lost report next to the spoofed one moves the jump's other end by an interval.
            return d.start >= l.start - tolerance && end <= l.end + tolerance
        case .identityChange:
            return abs(end - l.end) <= 1
        case .aisGap, .loitering:
            return abs(d.start - l.start) <= tolerance && abs(end - l.end) <= tolerance
        }
    }

    /// A Markdown table: kind, labels, found, detections, correct, precision, recall.
    public var markdown: String {
        var out = "| detector | injected | found | detections | correct | precision | recall |\n|---|---:|---:|---:|---:|---:|---:|\n"
        for s in scores {
            out +=
                "| \(s.kind) | \(s.labels) | \(s.found) | \(s.detections) | \(s.correct) | \(String(format: "%.3f", s.precision)) | \(String(format: "%.3f", s.recall)) |\n"
        }
        return out
    }
}
