import Foundation
import Testing

@testable import CorridorGeo

@Suite struct CoastlineTests {
    let coast = Coastline.pakistan

    @Test func distancesFromShore() {
        #expect(coast.distanceKm(latitude: 25.12163, longitude: 62.32541) < 3, "Gwadar town is on the coast")
        let offPasni = coast.distanceKm(latitude: 24.5, longitude: 63.47)
        #expect(offPasni > 75 && offPasni < 90, "0.76° south of Pasni: \(offPasni) km")
    }

    @Test func theGridGivesTheSameDistanceAsEverySegment() {
        var seed: UInt64 = 9
        for _ in 0..<300 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let lat = 21 + Double(seed >> 40) / Double(1 << 24) * 7
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let lon = 59 + Double(seed >> 40) / Double(1 << 24) * 12
            #expect(abs(coast.distanceKm(latitude: lat, longitude: lon) - coast.bruteForceDistanceKm(latitude: lat, longitude: lon)) < 1e-9)
        }
    }

    @Test func onLand() {
        #expect(coast.isOnLand(latitude: 30.18414, longitude: 67.00141), "Quetta")
        #expect(coast.isOnLand(latitude: 25.9, longitude: 64.0), "inland Makran")
        #expect(!coast.isOnLand(latitude: 24.5, longitude: 64.0), "Arabian Sea")
        #expect(!coast.isOnLand(latitude: 25.2637, longitude: 63.4811), "off Pasni, within the tolerance of the generalised coast")
    }
}

@Suite struct BandedLandTests {
    @Test func theBandedTestAgreesWithThePolygonTest() throws {
        let coast = Coastline.pakistan
        var seed: UInt64 = 11
        var land = 0
        for _ in 0..<2000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let lat = 23 + Double(seed >> 40) / Double(1 << 24) * 4
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let lon = 60 + Double(seed >> 40) / Double(1 << 24) * 10
            let reference = coast.polygonContains(latitude: lat, longitude: lon)
            #expect(coast.landBands.contains(latitude: lat, longitude: lon) == reference, "\(lat), \(lon)")
            if reference { land += 1 }
        }
        #expect(land > 200, "the sample must reach inland")
    }
}

@Suite struct FastGeodesyTests {
    @Test func theSeriesCosineMatchesCos() {
        for d in stride(from: -90.0, through: 90.0, by: 0.25) {
            #expect(abs(Geodesy.cosine(degrees: d) - cos(d * .pi / 180)) < 5e-7, "\(d)")
        }
        #expect(abs(Geodesy.cosine(degrees: 120) - cos(120 * Double.pi / 180)) < 1e-12)
    }

    @Test func localDistanceIsWithinHalfAPercentOfTheGreatCircle() {
        let pairs = [(24.8, 62.3, 24.9, 62.9), (25.1, 62.3, 24.0, 64.5), (24.86, 67.01, 24.87, 67.02)]
        for (a, b, c, d) in pairs {
            let great = Geodesy.distanceKm(latitude: a, longitude: b, latitude: c, longitude: d)
            let local = Geodesy.localDistanceKm(latitude: a, longitude: b, latitude: c, longitude: d)
            #expect(abs(local - great) / great < 0.005)
        }
    }
}
