import CorridorCoordination
import CorridorCore
import Foundation
import Testing

@Suite struct CasePolicyTests {
    @Test func aPolicyFileSetsWhatItNamesAndKeepsTheRest() throws {
        let json =
            #"{"opening": {"minimum_severity": 5, "security_zones": ["karachi-oil-pier"]}, "escalation": {"second_interval": "30m"}}"#
        let policy = try CasePolicy.read(Data(json.utf8))
        #expect(policy.opening.minimumSeverity == 5)
        #expect(policy.opening.securityZones == ["karachi-oil-pier"])
        #expect(policy.opening.onFatalities, "left out: the default")
        #expect(policy.escalation.secondInterval == 1800)
        #expect(policy.escalation.authority == "cpec-authority")
        #expect(try CasePolicy.read(Data("{}".utf8)).opening == CaseOpeningRule())
    }

    @Test func problemsNameTheField() {
        let cases: [(String, String)] = [
            (#"{"opening": {"minimum_severity": 9}}"#, "opening.minimum_severity: must be a whole number 1-5 (6: never by severity)"),
            (#"{"opening": {"on_fatalities": "yes"}}"#, "opening.on_fatalities: must be true or false"),
            (
                #"{"opening": {"minimum_severty": 3}}"#,
                "opening.minimum_severty: unknown setting (known: minimum_severity, on_fatalities, on_foreign_nationals, security_zones)"
            ),
            (#"{"escalation": {"second_interval": "soon"}}"#, "escalation.second_interval: must be a duration such as \"30m\" or \"1h\""),
            (#"{"escalation": {"authority": ""}}"#, "escalation.authority: must be an agency id"),
            (#"{"timeouts": {}}"#, "timeouts: unknown setting (known: escalation, opening)"),
            ("[1, 2]", "file: not a JSON object"),
        ]
        for (json, message) in cases {
            #expect(throws: CasePolicy.Problem.self) { try CasePolicy.read(Data(json.utf8)) }
            do { _ = try CasePolicy.read(Data(json.utf8)) } catch { #expect(error.description == message) }
        }
    }
}
