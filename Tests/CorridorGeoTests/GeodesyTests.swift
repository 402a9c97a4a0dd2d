import CorridorCore
import CorridorGeo
import Foundation
import Testing

func at(_ lat: Double, _ lon: Double) -> Coordinate {
    guard let c = try? Coordinate(latitude: lat, longitude: lon) else { preconditionFailure("bad test coordinate") }
    return c
}

@Suite struct GeodesyTests {
    @Test func haversineMatchesAReferenceDistance() {
        // Karachi to Gwadar; reference value from an independent haversine in Python.
        let d = Geodesy.distanceKm(at(24.8608, 67.0104), at(25.12163, 62.32541))
        #expect(abs(d - 473.0386) < 0.01)
        #expect(Geodesy.distanceKm(at(30, 70), at(30, 70)) == 0)
    }

    @Test func radiusBoxContainsEveryPointWithinTheRadius() {
        let center = at(25.12, 62.33)
        let box = Geodesy.boundingBox(around: center, radiusKm: 50)
        for bearing in stride(from: 0.0, to: 360, by: 15) {
            let dLat = 49.9 * cos(bearing * .pi / 180) / 111.19
            let dLon = 49.9 * sin(bearing * .pi / 180) / (111.19 * cos(center.latitude * .pi / 180))
            let p = at(center.latitude + dLat, center.longitude + dLon)
            #expect(Geodesy.distanceKm(center, p) <= 50)
            #expect(box.contains(p))
        }
        #expect(!box.contains(at(26, 62.33)))
    }
}

@Suite struct PolygonTests {
    @Test func holesAreExcluded() {
        let outer = [at(0, 0), at(0, 10), at(10, 10), at(10, 0), at(0, 0)]
        let hole = [at(4, 4), at(4, 6), at(6, 6), at(6, 4), at(4, 4)]
        #expect(PolygonContainment.contains([outer, hole], at(2, 2)))
        #expect(!PolygonContainment.contains([outer, hole], at(5, 5)))
        #expect(!PolygonContainment.contains([outer, hole], at(11, 5)))
    }
}

@Suite struct ProvinceLocatorTests {
    @Test(arguments: [
        ("Quetta", 30.18414, 67.00141, Province.balochistan), ("Lahore", 31.558, 74.35071, .punjab),
        ("Peshawar", 34.008, 71.57849, .khyberPakhtunkhwa), ("Karachi", 24.8608, 67.0104, .sindh),
        ("Islamabad", 33.72148, 73.04329, .islamabad), ("Gilgit", 35.91869, 74.31245, .gilgitBaltistan),
        ("Mirpur", 33.14782, 73.75187, .azadKashmir),
    ])
    func locatesTownsInTheirProvince(name: String, lat: Double, lon: Double, expected: Province) {
        #expect(ProvinceLocator.shared.province(at: at(lat, lon)) == expected, "\(name)")
    }

    @Test func shipsAllEightNaturalEarthAreas() {
        #expect(ProvinceLocator.shared.areas.count == 8)
        #expect(Set(ProvinceLocator.shared.areas.map(\.province)).count == 7)
    }

    @Test func theOpenSeaIsNoProvinceButTheCoastSnaps() {
        #expect(ProvinceLocator.shared.province(at: at(23.0, 63.0)) == nil)
        #expect(ProvinceLocator.shared.nearestProvince(at: at(23.0, 63.0)) == nil)
        // Gwadar town sits on a peninsula that the 1:10m coastline clips.
        #expect(ProvinceLocator.shared.nearestProvince(at: at(25.12163, 62.32541)) == .balochistan)
    }
}
