import CorridorCoordination
import CorridorCore
import Foundation
import Testing

@Suite struct CrisisCaseTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func newCase(lead: String? = "balochistan-police") -> CrisisCase {
        CrisisCase(
            id: "case-1", title: "Attack on convoy near Gwadar", openedAt: t0, eventIDs: ["ev-1"], lead: lead, supporting: ["ssd"],
            mandateRule: "terrorism-balochistan", acknowledgeWithin: 600, respondWithin: 3600, tlp: .amber, originAgency: "ssd", actor: "u1"
        )
    }

    @Test func everyTransitionOutsideTheTableIsRejected() throws {
        var valid = 0
        for from in CrisisCase.Status.allCases {
            for to in CrisisCase.Status.allCases {
                var c = Self.newCase()
                c.status = from
                do {
                    let moved = try CaseLifecycle.move(c, to: to, note: "", at: Self.t0, actor: "u1")
                    #expect(CaseLifecycle.transitions[from]?.contains(to) == true)
                    #expect(moved.status == to && moved.timeline.last?.from == from && moved.timeline.last?.to == to)
                    valid += 1
                } catch {
                    #expect(CaseLifecycle.transitions[from]?.contains(to) != true, "\(from) → \(to) should be allowed")
                }
            }
        }
        #expect(valid == 7)
    }

    @Test func theWholeLifecycleThenAReopenWithAReason() throws {
        var c = Self.newCase()
        for s in [CrisisCase.Status.acknowledged, .responding, .contained, .recovery, .closed] {
            c = try CaseLifecycle.move(c, to: s, note: "step", at: Self.t0, actor: "u1")
        }
        #expect(throws: CaseError.reasonRequired) { try CaseLifecycle.reopen(c, reason: " ", at: Self.t0, actor: "u1") }
        let reopened = try CaseLifecycle.reopen(c, reason: "second blast", at: Self.t0, actor: "u2")
        #expect(
            reopened.status == .responding && reopened.timeline.last?.kind == .reopened && reopened.timeline.last?.note == "second blast")
        #expect(throws: CaseError.notClosed(.responding)) { try CaseLifecycle.reopen(reopened, reason: "x", at: Self.t0, actor: "u1") }
        let message = String(describing: CaseError.invalidTransition(from: .reported, to: .closed, allowed: ["acknowledged"]))
        #expect(message == "a case cannot go from reported to closed; from reported it can go to acknowledged")
    }

    @Test func linkingReassigningAndNotesAreRecorded() throws {
        var c = try CaseLifecycle.link(Self.newCase(), event: "ev-2", at: Self.t0, actor: "u1")
        #expect(c.eventIDs == ["ev-1", "ev-2"])
        #expect(throws: CaseError.alreadyLinked("ev-2")) { try CaseLifecycle.link(c, event: "ev-2", at: Self.t0, actor: "u1") }
        c = try CaseLifecycle.reassign(c, lead: "ssd", reason: "army took over the area", at: Self.t0, actor: "coord")
        #expect(c.lead == "ssd" && c.supporting.isEmpty && c.mandateRule == nil)
        #expect(c.timeline.last?.note == "lead balochistan-police → ssd: army took over the area")
        #expect(throws: CaseError.reasonRequired) { try CaseLifecycle.reassign(c, lead: "x", reason: "", at: Self.t0, actor: "coord") }
    }
}

@Suite struct CaseDeadlineTests {
    let deadlines = CaseDeadlines(secondInterval: 1800)

    func at(_ minutes: Double) -> Date { CrisisCaseTests.t0.addingTimeInterval(minutes * 60) }

    @Test func aMissedAcknowledgementEscalatesToTheLeadThenTheAuthority() {
        var c = CrisisCaseTests.newCase()
        #expect(deadlines.due(c, now: at(9)).isEmpty)
        let first = deadlines.due(c, now: at(10))
        #expect(first.map(\.level) == [1] && first.first?.notify == "balochistan-police" && first.first?.deadline == .acknowledge)
        c = deadlines.record(first, on: c)
        #expect(deadlines.due(c, now: at(20)).isEmpty, "recorded escalations are not repeated")
        let second = deadlines.due(c, now: at(40))
        #expect(second.map(\.level) == [2] && second.first?.notify == "cpec-authority")
        c = deadlines.record(second, on: c)
        // Still unacknowledged at 60 minutes: the respond deadline has passed too.
        #expect(deadlines.due(c, now: at(60)).map { "\($0.deadline.rawValue)-\($0.level)" } == ["respond-1"])
    }

    @Test func takingTheStepInTimeStopsTheEscalation() throws {
        var c = CrisisCaseTests.newCase()
        c = try CaseLifecycle.move(c, to: .acknowledged, note: "", at: at(5), actor: "u1")
        #expect(deadlines.due(c, now: at(59)).isEmpty)
        c = try CaseLifecycle.move(c, to: .responding, note: "", at: at(30), actor: "u1")
        #expect(deadlines.due(c, now: at(500)).isEmpty)
    }

    @Test func aCaseWithoutALeadEscalatesStraightToNobodyThenTheAuthority() {
        let c = CrisisCaseTests.newCase(lead: nil)
        let due = deadlines.due(c, now: at(45))
        #expect(due.map(\.notify) == [nil, "cpec-authority"])
    }

    @Test func theDefaultOpeningRule() throws {
        let rule = CaseOpeningRule()
        func event(
            severity: Int = 2, fatalities: Int = 0, foreign: Int = 0, domain: Domain = .crime, type: String = "robbery",
            subtype: String? = nil
        ) throws -> Event {
            Event(
                occurredAt: CrisisCaseTests.t0, location: try Coordinate(latitude: 25.1, longitude: 62.3), domain: domain, type: type,
                subtype: subtype,
                severity: severity, fatalities: fatalities, foreignNationalsAffected: foreign, title: "t", source: "test", sourceRef: "1")
        }
        #expect(rule.reason(try event(severity: 4)) == "severity 4")
        #expect(rule.reason(try event(fatalities: 1)) == "1 killed")
        #expect(rule.reason(try event(foreign: 2)) == "2 foreign nationals affected")
        #expect(
            rule.reason(try event(domain: .maritime, type: "zone_entry", subtype: "gwadar-port-security"))
                == "entry into security zone gwadar-port-security")
        #expect(rule.reason(try event(domain: .maritime, type: "zone_entry", subtype: "gwadar-approach-channel")) == nil)
        #expect(rule.reason(try event()) == nil)
    }
}

@Suite struct CaseTaskTests {
    @Test func aPlaybookAssignsItsTasksToTheLeadAndSupportingAgencies() throws {
        let c = CrisisCaseTests.newCase()
        let t0 = CrisisCaseTests.t0
        let withTasks = try CaseLifecycle.applyPlaybook(c, Playbooks.defaults["armed_assault"] ?? [], at: t0, actor: "u1")
        #expect(withTasks.tasks.map(\.agency) == ["balochistan-police", "ssd", "balochistan-police", "ssd"])
        #expect(withTasks.tasks.first?.due == t0.addingTimeInterval(900) && withTasks.tasks.map(\.id) == ["t1", "t2", "t3", "t4"])
        let done = try CaseLifecycle.setTask(withTasks, id: "t2", status: .done, at: t0, actor: "u2")
        #expect(done.tasks[1].status == .done && done.timeline.last?.note == "task t2 done")
        #expect(throws: CaseError.noSuchTask("t9")) { try CaseLifecycle.setTask(done, id: "t9", status: .done, at: t0, actor: "u2") }
        #expect(throws: CaseError.noAssignee("Secure the scene and the remaining convoy vehicles")) {
            try CaseLifecycle.applyPlaybook(CrisisCaseTests.newCase(lead: nil), Playbooks.defaults["ied"] ?? [], at: t0, actor: "u1")
        }
        var closed = c
        closed.status = .closed
        #expect(throws: CaseError.closedCase) {
            try CaseLifecycle.addTask(closed, CaseTask(id: "t1", title: "x", agency: "ssd", due: t0), at: t0, actor: "u1")
        }
    }

    @Test func casesStoredBeforeTasksExistedStillDecode() throws {
        let c = CrisisCaseTests.newCase()
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any] ?? [:]
        object["tasks"] = nil
        let decoded = try JSONDecoder().decode(CrisisCase.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.tasks.isEmpty && decoded.id == c.id)
    }
}
