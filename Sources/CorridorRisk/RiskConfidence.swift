import Foundation

/// How far a site's risk rests on data rather than imputation.
///
/// Missing indicators do not move the number towards 0: they are imputed as average (see
/// ``RiskModel/dimension(_:imputed:)``), and this confidence, shown beside the number, says
/// how much was imputed. A dimension with less than the minimum coverage of its expected
/// indicators is *flagged*: its value is mostly imputation.
///
/// ```swift
/// let c = RiskConfidence(indicators: explanation.indicators, minimumCoverage: 0.5)
/// c.level        // .low, .medium or .high
/// ```
public struct RiskConfidence: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case low, medium, high
    }

    public var level: Level
    /// Share of the expected indicators that had data (0–1).
    public var dataShare: Double
    /// Dimensions below the minimum coverage, whose value is mostly imputed.
    public var flaggedDimensions: [RiskDimension]

    enum CodingKeys: String, CodingKey {
        case level, dataShare = "data_share", flaggedDimensions = "flagged_dimensions"
    }

    /// High from 70 % of the indicators with no flagged dimension, medium from 40 %, else low.
    public init(dataShare: Double, flaggedDimensions: [RiskDimension]) {
        self.dataShare = dataShare
        self.flaggedDimensions = flaggedDimensions
        if dataShare >= 0.7 && flaggedDimensions.isEmpty {
            level = .high
        } else if dataShare >= 0.4 {
            level = .medium
        } else {
            level = .low
        }
    }

    public init(indicators: [IndicatorValue], minimumCoverage: Double) {
        let known = indicators.filter { $0.value != nil }.count
        let flagged = RiskDimension.allCases.filter { dim in
            let expected = indicators.filter { $0.dimension == dim }
            guard !expected.isEmpty else { return false }
            let covered = Double(expected.filter { $0.value != nil }.count) / Double(expected.count)
            return covered < minimumCoverage
        }
        self.init(dataShare: Double(known) / Double(max(1, indicators.count)), flaggedDimensions: flagged)
    }

    /// "medium (40 % of indicators; lack of coping capacity mostly imputed)".
    public var summary: String {
        var text = "\(level.rawValue) (\(Int((dataShare * 100).rounded())) % of indicators"
        if !flaggedDimensions.isEmpty {
            text += "; " + flaggedDimensions.map(\.title).joined(separator: ", ") + " mostly imputed"
        }
        return text + ")"
    }
}

extension RiskDimension {
    public var title: String {
        switch self {
        case .hazardExposure: "hazard & exposure"
        case .vulnerability: "vulnerability"
        case .copingCapacityLack: "lack of coping capacity"
        }
    }
}
