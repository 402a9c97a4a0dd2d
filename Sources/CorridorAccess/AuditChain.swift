import CorridorCore
import Crypto
import Foundation

/// The hash chain of the audit log: each entry holds the SHA-256 of its own fields and of
/// the entry before, so editing, deleting or reordering rows breaks a link that
/// ``verify(_:)`` reports.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func sha256Hex(_ data: Data) -> String {
        Hex.lowercase(SHA256.hash(data: data))
    }

    public static func sha256Hex(_ text: String) -> String { sha256Hex(Data(text.utf8)) }

    /// The hash of an entry's fields. Fields are joined with a unit separator and absent
    /// ones written as a distinct marker, so no two different entries share a preimage.
    public static func hash(of e: AuditEntry) -> String {
        let fields: [String?] = [
            String(e.seq), String(e.atMillis), e.actor, e.agency, e.action, e.objectType, e.objectID, e.stateHash, e.client,
            e.previousHash,
        ]
        return sha256Hex(fields.map { $0.map { "=" + $0 } ?? "\u{0}" }.joined(separator: "\u{1F}"))
    }

    /// Builds the next entry after `previous` (nil for the first).
    public static func entry(
        after previous: AuditEntry?, at: Date, actor: AuditActor, action: String, objectType: String, objectID: String?,
        stateHash: String?
    ) -> AuditEntry {
        var e = AuditEntry(
            seq: (previous?.seq ?? 0) + 1, atMillis: Int64((at.timeIntervalSince1970 * 1000).rounded(.down)), actor: actor.name,
            agency: actor.agency, action: action, objectType: objectType, objectID: objectID, stateHash: stateHash,
            client: actor.client, previousHash: previous?.hash ?? genesis, hash: "")
        e.hash = hash(of: e)
        return e
    }

    /// Where the chain first breaks.
    public struct Break: Sendable, Equatable, CustomStringConvertible {
        public var seq: Int
        public var reason: String
        public init(seq: Int, reason: String) {
            self.seq = seq
            self.reason = reason
        }
        public var description: String { "entry \(seq): \(reason)" }
    }

    /// Walks entries in the order given (by `seq`) and returns the first broken link, or nil
    /// when every entry's hash is right and each follows the one before.
    public static func verify(_ entries: [AuditEntry], after start: AuditEntry? = nil) -> Break? {
        var previous = start
        for e in entries {
            let expectedSeq = (previous?.seq ?? 0) + 1
            if e.seq != expectedSeq {
                return Break(seq: e.seq, reason: "sequence jumps from \(expectedSeq - 1) to \(e.seq): entries were deleted or reordered")
            }
            if e.previousHash != (previous?.hash ?? genesis) {
                return Break(seq: e.seq, reason: "does not follow entry \(expectedSeq - 1): previous hash differs")
            }
            if hash(of: e) != e.hash {
                return Break(seq: e.seq, reason: "contents were changed after it was written: hash differs")
            }
            previous = e
        }
        return nil
    }
}
