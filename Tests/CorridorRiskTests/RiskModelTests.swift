import CorridorCore
import CorridorRisk
import Foundation
import Testing

@Suite struct RiskFormulaTests {
    @Test func timeDecayHalvesPerHalfLife() {
        #expect(RiskModel.timeDecay(ageDays: 0, halfLifeDays: 90) == 1)
        #expect(RiskModel.timeDecay(ageDays: 90, halfLifeDays: 90) == 0.5)
        #expect(abs(RiskModel.timeDecay(ageDays: 270, halfLifeDays: 90) - 0.125) < 1e-15)
        #expect(RiskModel.timeDecay(ageDays: -1, halfLifeDays: 90) == 0)
    }

    @Test func distanceDecayTapersLinearlyToTheRadius() {
        #expect(RiskModel.distanceDecay(distanceKm: 0, radiusKm: 50) == 1)
        #expect(RiskModel.distanceDecay(distanceKm: 12.5, radiusKm: 50) == 0.75)
        #expect(RiskModel.distanceDecay(distanceKm: 50, radiusKm: 50) == 0)
        #expect(RiskModel.distanceDecay(distanceKm: 80, radiusKm: 50) == 0)
    }

    @Test func casualtiesRaiseWeightWithDiminishingReturns() {
        #expect(RiskModel.casualtyFactor(fatalities: 0, injuries: 0, weight: 0.5) == 1)
        // 1 + 0.5 ln(1 + 2 + 2/2) = 1 + 0.5 ln 4
        #expect(abs(RiskModel.casualtyFactor(fatalities: 2, injuries: 2, weight: 0.5) - (1 + 0.5 * log(4.0))) < 1e-12)
    }

    @Test func normalisationIsLogarithmicAndCapped() {
        #expect(RiskModel.normalise(0, cap: 15) == 0)
        #expect(abs(RiskModel.normalise(15, cap: 15) - 10) < 1e-12)
        #expect(RiskModel.normalise(1000, cap: 15) == 10)
        // ln(1+3)/ln(16) = 0.5 → 5
        #expect(abs(RiskModel.normalise(3, cap: 15) - 5) < 1e-12)
    }

    @Test func domainsCombineSoOneSevereDomainIsNotAveragedAway() {
        #expect(RiskModel.combineDomains([0, 0, 0, 0]) == 0)
        #expect(RiskModel.combineDomains([10, 0, 0, 0]) == 10)
        // 10 - (2 × 10 × 10 × 10)^(1/4) = 10 - 2000^(1/4)
        #expect(abs(RiskModel.combineDomains([8, 0, 0, 0]) - (10 - pow(2000, 0.25))) < 1e-12)
        #expect(RiskModel.combineDomains([8, 0, 0, 0]) > [8.0, 0, 0, 0].reduce(0, +) / 4)
    }

    @Test func dimensionsCombineByGeometricMean() {
        #expect(abs(RiskModel.combineDimensions([2, 4, 8]) - 4) < 1e-12)
        #expect(abs(RiskModel.combineDimensions([4, 9]) - 6) < 1e-12)
        #expect(RiskModel.combineDimensions([0, 9, 9]) == 0)
    }

    @Test func classesFollowTheCutPoints() {
        let cuts = RiskConfiguration.default.classCutPoints
        #expect(RiskModel.riskClass(0, cutPoints: cuts) == .veryLow)
        #expect(RiskModel.riskClass(1.5, cutPoints: cuts) == .low)
        #expect(RiskModel.riskClass(4.49, cutPoints: cuts) == .medium)
        #expect(RiskModel.riskClass(4.5, cutPoints: cuts) == .high)
        #expect(RiskModel.riskClass(9.9, cutPoints: cuts) == .veryHigh)
    }
}

@Suite struct RiskConfigurationTests {
    @Test func overridesASubsetAndKeepsTheRest() throws {
        let c = try RiskConfiguration.load(json: Data(#"{"domains":{"crime":{"radius_km":20}},"casualty_weight":0.25}"#.utf8))
        #expect(c.settings(.crime).radiusKm == 20)
        #expect(c.settings(.crime).halfLifeDays == 90)
        #expect(c.casualtyWeight == 0.25)
        #expect(c.settings(.terrorismInsurgency) == RiskConfiguration.default.settings(.terrorismInsurgency))
    }

    @Test(arguments: [
        (#"{"domains":{"crime":{"radius_km":-5}}}"#, "domains.crime.radius_km"),
        (#"{"domains":{"weather":{"radius_km":5}}}"#, "domains.weather"),
        (#"{"domains":{"crime":{"radius":5}}}"#, "domains.crime.radius"),
        (#"{"severity_factors":[0.2,0.4,0.6]}"#, "severity_factors"),
        (#"{"severity_factors":[0.2,0.4,0.3,0.8,1]}"#, "severity_factors[2]"),
        (#"{"class_cut_points":[1,3,2,6]}"#, "class_cut_points[2]"),
        (#"{"casualty_weight":"high"}"#, "casualty_weight"),
        (#"{"casualty_weight":true}"#, "casualty_weight"),
        (#"{"confidence_factors":{"probable":1.5}}"#, "confidence_factors.probable"),
        (#"{"colour":"red"}"#, "colour"),
        (#"[1,2]"#, "(file)"),
    ])
    func invalidSettingsAreRejectedWithTheirKey(json: String, key: String) {
        #expect(throws: RiskConfigurationError.self) { try RiskConfiguration.load(json: Data(json.utf8)) }
        do {
            _ = try RiskConfiguration.load(json: Data(json.utf8))
        } catch {
            #expect(error.key == key, "\(error)")
        }
    }

    @Test func theDefaultsAreValid() throws {
        try RiskConfiguration.default.validate()
    }
}
