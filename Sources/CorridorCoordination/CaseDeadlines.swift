import CorridorCore
import Foundation

/// When a case's deadlines pass without the step they ask for, the case escalates: first to
/// the lead agency's coordinators, then, `secondInterval` later, to the corridor authority.
/// Pure: give it the time; each escalation is recorded on the timeline once.
public struct CaseDeadlines: Sendable {
    public enum Deadline: String, Sendable, Hashable, Codable { case acknowledge, respond }

    public struct Escalation: Sendable, Hashable {
        public var deadline: Deadline
        /// 1: the lead agency's coordinators; 2: the corridor authority.
        public var level: Int
        public var due: Date
        /// Who is alerted: the lead agency (level 1; nil when the case has no lead) or the authority.
        public var notify: String?
    }

    /// Seconds after a missed deadline before the corridor authority is alerted.
    public var secondInterval: Double
    public var authority: String

    public init(secondInterval: Double = 3600, authority: String = "cpec-authority") {
        self.secondInterval = secondInterval
        self.authority = authority
    }

    static let order: [CrisisCase.Status] = [.reported, .acknowledged, .responding, .contained, .recovery, .closed]

    /// Escalations due by `now` that the case has not recorded yet, oldest first.
    public func due(_ c: CrisisCase, now: Date) -> [Escalation] {
        let rank = Self.order.firstIndex(of: c.status) ?? 0
        var out: [Escalation] = []
        for (deadline, by, reached) in [(Deadline.acknowledge, c.acknowledgeBy, rank >= 1), (.respond, c.respondBy, rank >= 2)]
        where !reached {
            // A step taken after the deadline is still late, but once taken nothing escalates.
            if now >= by { out.append(Escalation(deadline: deadline, level: 1, due: by, notify: c.lead)) }
            let second = by.addingTimeInterval(secondInterval)
            if now >= second { out.append(Escalation(deadline: deadline, level: 2, due: second, notify: authority)) }
        }
        let recorded = Set(c.timeline.filter { $0.kind == .escalated }.map(\.note))
        return out.filter { !recorded.contains(Self.note($0)) }.sorted { $0.due < $1.due }
    }

    /// The case with the escalations recorded on its timeline (the actor is the system).
    public func record(_ escalations: [Escalation], on c: CrisisCase) -> CrisisCase {
        var changed = c
        for e in escalations {
            changed.timeline.append(CaseEntry(at: e.due, actor: "system:deadlines", kind: .escalated, note: Self.note(e)))
        }
        return changed
    }

    static func note(_ e: Escalation) -> String {
        "\(e.deadline.rawValue) deadline missed: level \(e.level), alert \(e.notify ?? "no lead agency (mandate gap)")"
    }
}

/// When an event opens a case by itself. The default: severity 4 or more, any fatality, any
/// foreign national affected, or a maritime entry into a security zone.
public struct CaseOpeningRule: Sendable, Hashable, Codable {
    public var minimumSeverity: Int
    public var onFatalities: Bool
    public var onForeignNationals: Bool
    /// Zone ids whose entry opens a case (`zone_entry` events carry the zone as subtype).
    public var securityZones: Set<String>

    public init(
        minimumSeverity: Int = 4, onFatalities: Bool = true, onForeignNationals: Bool = true,
        securityZones: Set<String> = ["gwadar-port-security"]
    ) {
        self.minimumSeverity = minimumSeverity
        self.onFatalities = onFatalities
        self.onForeignNationals = onForeignNationals
        self.securityZones = securityZones
    }

    /// Why the event opens a case, or nil.
    public func reason(_ e: Event) -> String? {
        if e.severity >= minimumSeverity { return "severity \(e.severity)" }
        if onFatalities && e.fatalities > 0 { return "\(e.fatalities) killed" }
        if onForeignNationals && e.foreignNationalsAffected > 0 { return "\(e.foreignNationalsAffected) foreign nationals affected" }
        if e.domain == .maritime, e.type == "zone_entry", let zone = e.subtype, securityZones.contains(zone) {
            return "entry into security zone \(zone)"
        }
        return nil
    }
}
