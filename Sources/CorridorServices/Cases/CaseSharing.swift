import CorridorAccess
import CorridorCoordination

extension CrisisCase {
    /// Who may read the case: its lead and supporting agencies read it as if it were shared
    /// with them, beside its label and originating agency.
    ///
    /// ```swift
    /// let readable = AccessPolicy.canRead(crisisCase.sharing, by: principal)
    /// ```
    public var sharing: AccessPolicy.Sharing {
        AccessPolicy.Sharing(tlp: tlp, originAgency: originAgency, agencies: (lead.map { [$0] } ?? []) + supporting)
    }
}
