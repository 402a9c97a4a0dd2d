import CorridorAIS
import Foundation

/// One MMSI reporting a different name, IMO number or call sign within a window, and MMSIs
/// whose MID is not allocated to any state (an invalid country code).
public struct IdentityChangeDetector: Sendable {
    /// A vessel's identity as one static report gave it.
    public struct Identity: Sendable, Hashable {
        public var mmsi: Int
        public var time: Double
        public var name: String?
        public var imo: Int?
        public var callsign: String?
        public init(mmsi: Int, time: Double, name: String? = nil, imo: Int? = nil, callsign: String? = nil) {
            self.mmsi = mmsi
            self.time = time
            self.name = name
            self.imo = imo
            self.callsign = callsign
        }
    }

    /// Seconds: a change later than this after the last report is a new owner or a re-flag, not
    /// an identity swap, and is not reported.
    public var window: Double
    private var known: [Int: Identity] = [:]
    private var checkedMID: Set<Int> = []

    public init(window: Double = 24 * 3600) { self.window = window }

    /// Takes the next static report; returns what it reveals (a changed identity, or the first
    /// report of an MMSI with an unallocated MID).
    public mutating func observe(_ report: Identity, latitude: Double = 0, longitude: Double = 0) -> [MaritimeDetection] {
        var found: [MaritimeDetection] = []
        if checkedMID.insert(report.mmsi).inserted, (200_000_000...799_999_999).contains(report.mmsi),
            MaritimeIdentificationDigits.flag(forMMSI: report.mmsi) == nil
        {
            found.append(
                MaritimeDetection(
                    kind: .identityChange, mmsi: report.mmsi, start: report.time, end: report.time, latitude: latitude,
                    longitude: longitude,
                    evidence: [], details: ["reason": "invalid_mid", "mid": String(report.mmsi / 1_000_000)]))
        }
        defer { known[report.mmsi] = merged(known[report.mmsi], report) }
        guard let before = known[report.mmsi], report.time - before.time <= window else { return found }
        var changes: [String: String] = [:]
        if let a = before.name, let b = report.name, a != b { changes["name"] = "\(a) → \(b)" }
        if let a = before.imo, let b = report.imo, a != b { changes["imo"] = "\(a) → \(b)" }
        if let a = before.callsign, let b = report.callsign, a != b { changes["callsign"] = "\(a) → \(b)" }
        guard !changes.isEmpty else { return found }
        changes["reason"] = "changed_identity"
        found.append(
            MaritimeDetection(
                kind: .identityChange, mmsi: report.mmsi, start: before.time, end: report.time, latitude: latitude, longitude: longitude,
                evidence: [], details: changes))
        return found
    }

    /// Known values stay unless the report has new ones; the time is the latest report's.
    private func merged(_ old: Identity?, _ new: Identity) -> Identity {
        guard var m = old else { return new }
        m.time = new.time
        m.name = new.name ?? m.name
        m.imo = new.imo ?? m.imo
        m.callsign = new.callsign ?? m.callsign
        return m
    }
}
