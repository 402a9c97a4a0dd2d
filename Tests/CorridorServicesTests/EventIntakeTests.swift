import CorridorCoordination
import CorridorCore
import CorridorExchange
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

/// The one event pipeline: what follows a save depends on whether the event is live or history,
/// never on which path brought it.
@Suite struct EventIntakeTests {
    /// `Tests/fixtures/live_reports.jsonl`: two severe SYNTHETIC reports near Gwadar Port (a
    /// CLEAR severity 5 and an AMBER severity 4) and a minor one. The CLI test imports it too.
    static func liveReports() throws -> ParsedBatch<Event> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/live_reports.jsonl")
        var batch = try EventFiles().parse(data: try Data(contentsOf: url), format: .jsonl)
        for i in batch.records.indices { batch.records[i].record.originAgency = Fixtures.agency }
        return batch
    }

    @Test(arguments: TestBackend.available)
    func aLiveImportRaisesAlertsAndOpensCasesAndHistoryDoesNeither(backend: TestBackend) async throws {
        for mode in EventIntake.Mode.allCases {
            try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
                _ = try await store.save(site: Fixtures.site())
                let intake = EventIntake.forTesting(store, cases: true)
                let summary = await BatchImport.events(try Self.liveReports(), into: intake, mode: mode, by: .system("test"))
                #expect(summary.imported == 3 && summary.rejected == 0)
                let alerts = try await store.alerts(kind: nil, limit: 100)
                let cases = try await store.allCrisisCases(openOnly: true)
                switch mode {
                case .history:
                    #expect(alerts.isEmpty, "history raises no alert")
                    #expect(cases.isEmpty, "history opens no case")
                case .live:
                    // Both severe reports are near the port; the CLEAR one is also a public warning.
                    let nearSite = alerts.filter { $0.kind == "event.severe_near_site" }
                    #expect(nearSite.count == 2 && Set(nearSite.map(\.siteID)) == ["gwadar-port"])
                    #expect(alerts.filter { $0.kind == "event.public_warning" }.count == 1)
                    #expect(alerts.filter { $0.kind == "case.opened" }.count == 2)
                    #expect(cases.count == 2 && cases.allSatisfy { $0.eventIDs.count == 1 })
                }
            }
        }
    }

    /// S5 for re-imports: a record that comes back relabelled takes its alerts with it, even as
    /// history, so an alert never stays readable under a label its event no longer has.
    @Test(arguments: TestBackend.available)
    func aHistoryReimportThatRelabelsAnEventRevisesItsAlerts(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site())
            let intake = EventIntake.forTesting(store)
            var event = Fixtures.event(ref: "relabel", severity: 5)
            event.tlp = .clear
            let (_, stored) = try await intake.save(event, by: .system("test"), mode: .live)
            #expect(try await store.alert(id: "event.public_warning-\(stored.id)")?.tlp == .clear)
            event.tlp = .amber
            let (outcome, _) = try await intake.save(event, by: .system("test"), mode: .history)
            #expect(outcome == .updated)
            let warning = try #require(try await store.alert(id: "event.public_warning-\(stored.id)"))
            #expect(warning.tlp == .amber && warning.title.hasPrefix("Withdrawn"))
            #expect(try await store.alert(id: "event.severe_near_site-\(stored.id)")?.tlp == .amber)
            // Nothing of the event is left on the public feed: only the cancellation of its warning.
            let public_ = try await store.alerts(tlp: .clear, limit: 10)
            #expect(public_.map(\.kind) == [.eventPublicWarningWithdrawn])
            #expect(public_.first?.details == ["cancels": warning.id, "cancels_sent": DateFormats.format(warning.createdAt)])
        }
    }

    /// S5, the case part: a case that took its title from a CLEAR event must not keep serving
    /// that title, nor its alerts, once the event is relabelled out of the case readers' reach.
    @Test(arguments: TestBackend.available)
    func casesAndTheirAlertsFollowARelabelledEvent(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let intake = EventIntake.forTesting(store, cases: true)
            var event = Fixtures.event(ref: "relabelled-case", severity: 2)
            event.tlp = .clear
            event.originAgency = "ctd-balochistan"
            event.title = "Attack on the east bay road camp"
            let (_, stored) = try await intake.save(event, by: .system("test"), mode: .live)
            // Opened by another agency, which may read the event only while it is public.
            let derived = try await CaseOpening.open(
                for: [stored], title: nil, tlp: nil, store: store, at: Fixtures.now, actor: "test", agency: "ssd")
            let named = try await CaseOpening.open(
                for: [stored], title: "Road camp response", tlp: nil, store: store, at: Fixtures.now, actor: "test", agency: "ssd")
            #expect(derived.title == "Attack on the east bay road camp" && derived.titleFromEvent)
            #expect(!named.titleFromEvent)
            for c in [derived, named] {
                try await store.save(
                    crisisCase: c, action: .caseOpen, by: .system("test"),
                    alerts: [CaseDesk.alert(c, kind: .caseOpened, at: Fixtures.now, details: [:])])
            }

            event.tlp = .red
            event.sharedWithUsers = ["ctd-analyst"]
            let (outcome, _) = try await intake.save(event, by: .system("test"), mode: .live)
            #expect(outcome == .updated)

            let now = try #require(try await store.crisisCase(id: derived.id))
            #expect(now.title == "Armed assault in Balochistan, \(DateFormats.formatDay(stored.occurredAt)) (title withheld: RED event)")
            // Raised, but only to AMBER: above it the agencies working the case would lose it.
            #expect(now.tlp == .amber)
            #expect(now.timeline.last?.note.contains("brought into line") == true)
            let opened = try #require(try await store.alert(id: "case.opened-\(derived.id)"))
            #expect(opened.title == "Opened: " + now.title)
            #expect(opened.tlp == .amber)
            // A title someone chose stays; the label still rises.
            let kept = try #require(try await store.crisisCase(id: named.id))
            #expect(kept.title == "Road camp response" && kept.tlp == .amber)
            #expect(try await store.alert(id: "case.opened-\(named.id)")?.tlp == .amber)
            // Nothing about either case is left on the public or GREEN channels.
            for tlp in [TLP.clear, .green] {
                #expect(try await store.alerts(tlp: tlp, limit: 50).allSatisfy { $0.details["case_id"] == nil })
            }
            #expect(try await store.crisisCases(holdingEvent: stored.id).map(\.id).sorted() == [derived.id, named.id].sorted())
            #expect(try await store.crisisCases(holdingEvent: "no-such-event").isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func aWithdrawalIsAuditedAndRecordsThePathsAlerts(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let intake = EventIntake.forTesting(store)
            let (_, stored) = try await intake.save(Fixtures.event(ref: "gone"), by: .system("test"), mode: .history)
            let note = AlertRecord(kind: "test.withdrawn", event: stored, at: Fixtures.now)
            #expect(try await intake.withdraw(eventID: stored.id, reason: "did not happen", by: .system("test"), alerts: [note]))
            #expect(try await store.event(id: stored.id) == nil)
            #expect(try await store.alerts(kind: "test.withdrawn", limit: 10).count == 1)
            #expect(!(try await intake.withdraw(eventID: stored.id, reason: "again", by: .system("test"))))
            #expect(try await store.auditLog(AuditQuery(action: "withdraw", limit: 10)).map(\.objectID) == [stored.id])
        }
    }

    /// A severe event near a site raised the rule's alert; when it is withdrawn as not having
    /// happened (a detection later reports disprove), that alert says so instead of lingering.
    @Test(arguments: TestBackend.available)
    func aWithdrawnEventsRuleAlertsSayItWasWithdrawn(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site())
            let intake = EventIntake.forTesting(store)
            let (_, stored) = try await intake.save(Fixtures.event(ref: "disproved", severity: 5), by: .system("test"), mode: .live)
            let id = "event.severe_near_site-\(stored.id)"
            #expect(try await store.alert(id: id)?.title.hasPrefix("Severity 5") == true)
            #expect(try await intake.withdraw(eventID: stored.id, reason: "did not happen", by: .system("test")))
            let alert = try #require(try await store.alert(id: id))
            #expect(alert.title == "Withdrawn: the event this alert was about was withdrawn" && alert.details["withdrawn"] == "true")
        }
    }
}
