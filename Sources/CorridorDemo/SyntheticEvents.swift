import CorridorCore
import CorridorGeo
import Foundation

/// Generates clearly labelled synthetic events around real sites and towns, so the demo
/// has a year of activity to show. Deterministic: the same seed and day give the same events.
///
/// Every event has `source = synthetic`, a narrative starting "Synthetic event", and
/// TLP and confidence drawn from a realistic mix. The regional mix is a plausible
/// illustration (more insurgency in Balochistan and Khyber Pakhtunkhwa, more crime in
/// Karachi, land disputes in Punjab, maritime activity off Gwadar), not a forecast.
public struct SyntheticEvents: Sendable {
    public struct Anchor: Sendable {
        public let name: String
        public let location: Coordinate
        public let siteID: String?
        public let province: Province?
        public let coastal: Bool
    }

    public var count: Int
    public var seed: UInt64

    public init(count: Int = 360, seed: UInt64 = 2026) {
        self.count = count
        self.seed = seed
    }

    public static func anchors(sites: [Site], towns: [DemoSeed.Town], locator: ProvinceLocator = .shared) -> [Anchor] {
        func coastal(_ c: Coordinate) -> Bool { c.latitude < 25.6 && c.longitude < 67.6 }
        return sites.map {
            Anchor(name: $0.name, location: $0.location, siteID: $0.id, province: $0.province, coastal: coastal($0.location))
        }
            + towns.map {
                Anchor(
                    name: $0.name, location: $0.location, siteID: nil, province: locator.nearestProvince(at: $0.location),
                    coastal: coastal($0.location))
            }
    }

    static let domainWeights: [Province?: [(Domain, Int)]] = [
        .balochistan: [
            (.terrorismInsurgency, 40), (.crime, 10), (.socioeconomic, 15), (.governance, 10), (.maritime, 10), (.cyber, 5),
            (.environmental, 5), (.geopolitical, 5),
        ],
        .khyberPakhtunkhwa: [
            (.terrorismInsurgency, 45), (.crime, 10), (.socioeconomic, 10), (.governance, 10), (.cyber, 5), (.environmental, 15),
            (.geopolitical, 5),
        ],
        .sindh: [
            (.crime, 35), (.terrorismInsurgency, 15), (.socioeconomic, 15), (.governance, 10), (.cyber, 10), (.maritime, 5),
            (.environmental, 10),
        ],
        .punjab: [(.socioeconomic, 35), (.crime, 25), (.governance, 15), (.cyber, 10), (.terrorismInsurgency, 5), (.environmental, 10)],
    ]
    static let defaultWeights: [(Domain, Int)] = [
        (.socioeconomic, 25), (.governance, 20), (.environmental, 20), (.crime, 15), (.terrorismInsurgency, 10), (.cyber, 10),
    ]
    static let typesByDomain: [Domain: [String]] = [
        .terrorismInsurgency: ["armed_assault", "ied", "targeted_killing", "threat", "rocket_attack", "kidnapping", "suicide_attack"],
        .crime: ["extortion", "robbery", "theft", "kidnapping_for_ransom", "fraud"],
        .cyber: ["phishing", "ransomware", "ddos", "disinformation", "intrusion", "espionage"],
        .governance: ["protest", "strike", "policy_dispute"],
        .socioeconomic: ["land_dispute", "compensation_dispute", "employment_grievance", "community_tension", "riot"],
        .geopolitical: ["cross_border_firing", "border_closure"],
        .maritime: ["smuggling", "ais_gap", "loitering", "illegal_fishing", "encounter"],
        .environmental: ["flood", "heatwave", "landslide", "earthquake"],
    ]

    /// Events over the 365 days before `today`, anchored on `anchors`.
    public func generate(anchors: [Anchor], today: Date, locator: ProvinceLocator = .shared) -> [Event] {
        guard !anchors.isEmpty else { return [] }
        var rng = SplitMix64(seed: seed)
        var events: [Event] = []
        let dayStart = today.timeIntervalSince1970 - today.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400)
        for i in 0..<count {
            let anchor = anchors[Int(rng.next() % UInt64(anchors.count))]
            var weights = Self.domainWeights[anchor.province] ?? Self.defaultWeights
            if !anchor.coastal { weights.removeAll { $0.0 == .maritime } }
            let domain = Self.pick(weights, &rng)
            let types = Self.typesByDomain[domain] ?? ["threat"]
            // Earlier types in each list are the common ones: draw with a bias towards them.
            let type = types[min(types.count - 1, Int(rng.unit() * rng.unit() * Double(types.count)))]
            let offsetKm = domain == .cyber ? 0 : rng.unit() * 25
            let bearing = domain == .maritime ? Double.pi * (0.8 + rng.unit() * 0.4) : rng.unit() * 2 * Double.pi
            let seaOffset = domain == .maritime ? 8 + rng.unit() * 30 : offsetKm
            let dLat = seaOffset * cos(bearing) / 111.0
            let dLon = seaOffset * sin(bearing) / (111.0 * cos(anchor.location.latitude * .pi / 180))
            guard
                let location = try? Coordinate(
                    latitude: anchor.location.latitude + dLat, longitude: anchor.location.longitude + dLon)
            else { continue }
            let occurred = Date(timeIntervalSince1970: (dayStart - rng.unit() * 365 * 86_400).rounded(.down))
            var severity = 1 + Int(rng.unit() * rng.unit() * 4.6)
            if ["suicide_attack", "ied", "armed_assault"].contains(type) { severity = max(severity, 3) }
            let fatalities = severity >= 4 && domain == .terrorismInsurgency ? Int(rng.unit() * 6) : 0
            let injuries = severity >= 3 ? Int(rng.unit() * Double(severity * 3)) : 0
            let linked = anchor.siteID.flatMap { Geodesy.distanceKm(anchor.location, location) < 10 ? $0 : nil }
            let tlp: TLP = [.clear, .green, .green, .amber, .amber, .amber, .amberStrict][Int(rng.next() % 7)]
            let confidence: Event.Confidence = [.unverified, .probable, .probable, .confirmed][Int(rng.next() % 4)]
            let readable = type.replacingOccurrences(of: "_", with: " ")
            let province = domain == .maritime ? anchor.province : (locator.nearestProvince(at: location) ?? anchor.province)
            events.append(
                Event(
                    occurredAt: occurred, timePrecision: .exact,
                    reportedAt: occurred.addingTimeInterval((rng.unit() * 7200).rounded(.down)),
                    location: location, geoPrecision: .near, province: province, place: anchor.name, domain: domain,
                    type: type, severity: severity, fatalities: fatalities, injuries: injuries,
                    siteIDs: linked.map { [$0] } ?? [], confidence: confidence, tlp: tlp,
                    title: "\(readable.prefix(1).uppercased())\(readable.dropFirst()) near \(anchor.name) (synthetic)",
                    narrative: "Synthetic event generated for the CorridorWatch demo; not a real incident.",
                    source: "synthetic", sourceRef: String(format: "syn-%llu-%04d", seed, i),
                    originAgency: Self.reporter(domain: domain, province: province),
                    sharedWithAgencies: tlp == .amber ? ["cpec-authority"] : []))
        }
        return events
    }

    /// The demo agency that would report such an event (illustrative).
    static func reporter(domain: Domain, province: Province?) -> String {
        switch (domain, province) {
        case (.cyber, _): "national-cert"
        case (.maritime, _): "pmsa"
        case (.terrorismInsurgency, .sindh?): "ctd-sindh"
        case (.terrorismInsurgency, .balochistan?): "fc-balochistan"
        case (.terrorismInsurgency, _): "ssd"
        case (_, .balochistan?): "balochistan-police"
        case (_, .punjab?): "punjab-police"
        case (.socioeconomic, _), (.governance, _), (.environmental, _): "cpec-authority"
        default: "ssd"
        }
    }

    static func pick(_ weights: [(Domain, Int)], _ rng: inout SplitMix64) -> Domain {
        let total = weights.reduce(0) { $0 + $1.1 }
        var r = Int(rng.next() % UInt64(max(total, 1)))
        for (d, w) in weights {
            if r < w { return d }
            r -= w
        }
        return weights.last?.0 ?? .crime
    }
}
