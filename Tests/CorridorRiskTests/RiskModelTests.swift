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

    @Test func normalisationIsLogarithmicAndNeverClips() {
        #expect(RiskModel.normalise(0, cap: 15) == 0)
        // ln(1+15)/ln(16) = 1 → 10 (1 − e^−1)
        #expect(abs(RiskModel.normalise(15, cap: 15) - 10 * (1 - exp(-1.0))) < 1e-12)
        // ln(1+3)/ln(16) = 0.5 → 10 (1 − e^−0.5)
        #expect(abs(RiskModel.normalise(3, cap: 15) - 10 * (1 - exp(-0.5))) < 1e-12)
        // Far beyond the scale a further event still counts.
        #expect(RiskModel.normalise(1000, cap: 15) < RiskModel.normalise(1001, cap: 15))
        #expect(RiskModel.normalise(1_000_000, cap: 15) < 10)
    }

    @Test func domainsCombineAsIndependentThreats() {
        #expect(RiskModel.combineDomains([0, 0, 0, 0]) == 0)
        #expect(RiskModel.combineDomains([10, 0, 0, 0]) == 10)
        // One domain keeps its own score: calm domains do not dilute it.
        #expect(abs(RiskModel.combineDomains([6, 0, 0, 0, 0, 0, 0, 0]) - 6) < 1e-12)
        // 10 (1 − 0.5 × 0.5) = 7.5
        #expect(abs(RiskModel.combineDomains([5, 5, 0, 0]) - 7.5) < 1e-12)
        #expect(RiskModel.combineDomains([5, 5.1]) > RiskModel.combineDomains([5, 5]))
    }

    @Test func dimensionsCombineByGeometricMeanWithResidualVulnerabilityAndCoping() {
        // V and LCC enter as 1 + 0.9 x: 0 → 1, 10 → 10.
        #expect(abs(RiskModel.combineDimensions(hazard: 8, vulnerability: 10, copingLack: 10) - cbrt(800)) < 1e-12)
        #expect(abs(RiskModel.combineDimensions(hazard: 8, vulnerability: 0, copingLack: 0) - 2) < 1e-12)
        #expect(abs(RiskModel.combineDimensions(hazard: 2, vulnerability: 5, copingLack: 5) - cbrt(2 * 5.5 * 5.5)) < 1e-12)
        // Only the hazard can make risk 0.
        #expect(RiskModel.combineDimensions(hazard: 0, vulnerability: 9, copingLack: 9) == 0)
        #expect(RiskModel.combineDimensions(hazard: 0.01, vulnerability: 0, copingLack: 0) > 0)
    }

    @Test func missingIndicatorsAreImputedAsAverage() {
        #expect(RiskModel.dimension([0, nil, nil, nil], imputed: 5) == 3.75)
        #expect(RiskModel.dimension([2, 4], imputed: 5) == 3)
        #expect(RiskModel.dimension([], imputed: 5) == 5)
    }

    /// docs/risk-model.md#classes: each cut point is a reference threat picture at a site of
    /// average vulnerability and coping capacity (V = LCC = 5), rounded down to one decimal.
    @Test func classCutPointsAreTheReferencePictures() {
        let c = RiskConfiguration.default
        let terrorism = c.settings(.terrorismInsurgency)
        func weight(severity: Int, dead: Int, confidence: Double, ageDays: Double, km: Double) -> Double {
            c.severityFactors[severity - 1] * RiskModel.casualtyFactor(fatalities: dead, injuries: 0, weight: c.casualtyWeight)
                * confidence * RiskModel.timeDecay(ageDays: ageDays, halfLifeDays: terrorism.halfLifeDays)
                * RiskModel.distanceDecay(distanceKm: km, radiusKm: terrorism.radiusKm)
        }
        func risk(_ raw: Double, severe: Int) -> Double {
            let hazard = RiskModel.combineDomains([
                RiskModel.normalise(raw, cap: terrorism.cap),
                RiskModel.normalise(Double(severe), cap: c.severeIncidents.scale),
            ])
            return RiskModel.combineDimensions(hazard: hazard, vulnerability: 5, copingLack: 5)
        }
        let minor = weight(severity: 2, dead: 0, confidence: 0.5, ageDays: 180, km: 25)
        let attack = weight(severity: 3, dead: 0, confidence: 1, ageDays: 30, km: 10)
        let severe = weight(severity: 4, dead: 3, confidence: 1, ageDays: 30, km: 10)
        let monthly = (0..<12).reduce(0.0) { $0 + weight(severity: 4, dead: 3, confidence: 1, ageDays: 15 + 30 * Double($1), km: 10) }
        let pictures = [risk(minor, severe: 0), risk(attack, severe: 0), risk(severe, severe: 1), risk(monthly, severe: 12)]
        for (picture, cut) in zip(pictures, c.classCutPoints) {
            #expect(cut <= picture && picture < cut + 0.1, "picture \(picture), cut \(cut)")
        }
        #expect(RiskModel.riskClass(pictures[1], cutPoints: c.classCutPoints) == .medium)
        #expect(RiskModel.riskClass(pictures[2], cutPoints: c.classCutPoints) == .high)
        #expect(RiskModel.riskClass(pictures[3], cutPoints: c.classCutPoints) == .veryHigh)
    }

    @Test func classesFollowTheCutPoints() {
        let cuts = RiskConfiguration.default.classCutPoints
        #expect(RiskModel.riskClass(0, cutPoints: cuts) == .veryLow)
        #expect(RiskModel.riskClass(1.7, cutPoints: cuts) == .low)
        #expect(RiskModel.riskClass(5.89, cutPoints: cuts) == .medium)
        #expect(RiskModel.riskClass(5.9, cutPoints: cuts) == .high)
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
