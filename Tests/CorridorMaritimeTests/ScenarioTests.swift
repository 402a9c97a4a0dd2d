import CorridorMaritime
import Foundation
import Testing

/// Runs a scenario through a monitor with the corridor's configuration; the standing
/// detections at the end.
func detect(_ scenario: MaritimeScenario) -> (detections: [MaritimeDetection], updates: [DetectionUpdate]) {
    var monitor = MaritimeMonitor(configuration: .corridor())
    var updates: [DetectionUpdate] = []
    scenario.forEachReport { report in
        switch report {
        case .position(let p): updates += monitor.observe(p)
        case .identity(let i, let type): updates += monitor.observe(i, shipType: type)
        }
    }
    updates += monitor.finish()
    return (standing(updates).values.sorted { $0.id < $1.id }, updates)
}

@Suite struct ScenarioTests {
    @Test func everyInjectedBehaviourIsFoundAndNothingElse() {
        var configuration = MaritimeScenario.Configuration()
        configuration.hours = 30
        configuration.interval = 120
        let scenario = MaritimeScenario(configuration: configuration)
        #expect(scenario.labels.count == 4 * 7)
        let (detections, _) = detect(scenario)
        let evaluation = ScenarioEvaluation(labels: scenario.labels, detections: detections)
        for s in evaluation.scores {
            #expect(s.recall == 1, "\(s.kind) missed: \(evaluation.missed.filter { $0.kind == s.kind })")
            #expect(
                s.precision == 1,
                "\(s.kind) false: \(evaluation.falsePositives.filter { $0.kind.rawValue == s.kind }.map { "\($0.id) \($0.start)-\($0.end ?? -1) \($0.details)" })"
            )
        }
    }

    @Test func theSameSeedGivesTheSameScenario() {
        var configuration = MaritimeScenario.Configuration()
        configuration.hours = 6
        configuration.behaviours = 1
        let a = MaritimeScenario(configuration: configuration)
        let b = MaritimeScenario(configuration: configuration)
        #expect(a.labels == b.labels)
        #expect(a.positionCount() == b.positionCount())
    }
}
