import CorridorCore
import CorridorDemo
import CorridorGeo
import Foundation
import Testing

@Suite struct DemoSeedTests {
    @Test func referenceSitesLoadWithSourcesAndProvinces() throws {
        let batch = try DemoSeed().sites()
        #expect(batch.records.count == 43)
        // Mohmand Marble City SEZ has no coordinate in the source and no gazetteer town.
        #expect(batch.rejections.map(\.line) == [8])
        let sites = batch.records.map(\.record)
        #expect(sites.allSatisfy { $0.provenance.hasPrefix("http") })
        #expect(sites.allSatisfy { $0.province != nil })
        let port = try #require(sites.first { $0.id == "cpec-10" })
        #expect(port.kind == .port && port.province == .balochistan)
        #expect(Set(sites.map(\.kind)).isSuperset(of: [.sez, .port, .energyPlant, .roadSegment, .airport]))
    }

    @Test func publicIncidentsAreAllPlacedAndConfirmed() throws {
        let batch = try DemoSeed().publicIncidents()
        #expect(batch.records.count == 13)
        #expect(batch.rejections.isEmpty)
        let events = batch.records.map(\.record)
        #expect(events.filter { $0.province == .balochistan }.count == 6)
        #expect(events.allSatisfy { $0.confidence == .confirmed && $0.source == "public-report" })
        let shangla = try #require(events.first { $0.sourceRef == "INC-11" })
        #expect(shangla.geoPrecision == .region && shangla.province == .khyberPakhtunkhwa)
        #expect(shangla.foreignNationalsAffected == 5 && shangla.fatalities == 6 && shangla.severity == 4)
        #expect(events.first { $0.sourceRef == "INC-05" }?.fatalities == 13)
    }

    @Test func agenciesAreTheNamedInstitutions() throws {
        let agencies = try DemoSeed().agencies()
        #expect(agencies.count == 9)
        #expect(agencies.contains { $0.name == "Pakistan Maritime Security Agency" && $0.jurisdiction == [.balochistan, .sindh] })
        #expect(agencies.allSatisfy { $0.validate().isEmpty && !$0.bases.isEmpty })
    }
}

@Suite struct SyntheticEventTests {
    let today = Date(timeIntervalSince1970: 1_780_272_000)

    func generate(count: Int = 360, seed: UInt64 = 2026) throws -> [Event] {
        let seedData = DemoSeed()
        let anchors = SyntheticEvents.anchors(sites: try seedData.sites().records.map(\.record), towns: try seedData.towns())
        return SyntheticEvents(count: count, seed: seed).generate(anchors: anchors, today: today)
    }

    @Test func isDeterministicLabelledAndValid() throws {
        let a = try generate()
        #expect(a == (try generate()))
        #expect(a != (try generate(seed: 7)))
        #expect(a.count == 360)
        #expect(a.allSatisfy { $0.source == "synthetic" && $0.narrative.hasPrefix("Synthetic event") && $0.title.hasSuffix("(synthetic)") })
        #expect(a.allSatisfy { $0.validate().isEmpty })
        #expect(Set(a.map(\.id)).count == 360)
    }

    @Test func spreadsOverTheLastTwelveMonthsAndEveryDomain() throws {
        let events = try generate()
        let yearAgo = today.addingTimeInterval(-366 * 86_400)
        #expect(events.allSatisfy { $0.occurredAt <= today && $0.occurredAt >= yearAgo })
        let months = Set(events.map { Int($0.occurredAt.timeIntervalSince1970 / (30 * 86_400)) })
        #expect(months.count >= 12)
        #expect(Set(events.map(\.domain)) == Set(Domain.allCases))
        // Maritime events are at sea off the Makran/Sindh coast, south of the coastal anchors.
        #expect(events.filter { $0.domain == .maritime }.allSatisfy { $0.location.latitude < 25.7 })
        #expect(
            events.filter { $0.domain == .terrorismInsurgency && $0.province == .balochistan }.count
                > events.filter { $0.domain == .terrorismInsurgency && $0.province == .punjab }.count)
    }
}
