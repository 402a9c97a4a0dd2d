import CorridorAccess
import CorridorCore
import CorridorRisk

extension RiskService {
    /// Which events a reader may see inside a risk explanation: the same TLP rule as
    /// everywhere (``AccessPolicy``); the others are counted as withheld, never shown.
    ///
    /// ```swift
    /// let explanation = engine.explain(siteID: id, visible: RiskService.readable(by: principal))
    /// ```
    public static func readable(by reader: Principal?) -> @Sendable (RiskEngine.EventAccess) -> Bool {
        {
            AccessPolicy.canRead(
                .init(tlp: $0.tlp, originAgency: $0.originAgency, agencies: $0.sharedWithAgencies, users: $0.sharedWithUsers),
                by: reader)
        }
    }
}
