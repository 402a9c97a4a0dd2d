import CorridorCore
import Crypto
import Foundation

/// A signed statement of the audit chain's head at one moment: "entry N had hash H".
///
/// The chain alone shows an edited, deleted or reordered row, but not a tail cut off, nor a
/// log rewritten and re-hashed from some entry on by someone with write access to the
/// database. A checkpoint, kept outside the database and signed with a key that is not in it,
/// catches both: `audit verify --checkpoints FILE --key-file KEY` fails when the entry a
/// checkpoint names is missing or has another hash.
///
/// ```swift
/// let c = AuditCheckpoint(seq: 120, hash: head, at: now, key: key)
/// c.isSigned(with: key)      // true
/// ```
public struct AuditCheckpoint: Sendable, Hashable, Codable {
    public var seq: Int
    public var hash: String
    public var at: Date
    /// HMAC-SHA256 of "seq|hash|epoch seconds" under the checkpoint key, hex.
    public var mac: String

    public init(seq: Int, hash: String, at: Date, key: SymmetricKey) {
        self.seq = seq
        self.hash = hash
        self.at = at
        mac = Self.mac(seq: seq, hash: hash, at: at, key: key)
    }

    static func mac(seq: Int, hash: String, at: Date, key: SymmetricKey) -> String {
        let message = "\(seq)|\(hash)|\(Int64(at.timeIntervalSince1970.rounded(.down)))"
        return Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key))
    }

    public func isSigned(with key: SymmetricKey) -> Bool {
        let expected = Self.mac(seq: seq, hash: hash, at: at, key: key)
        return expected.utf8.count == mac.utf8.count && zip(expected.utf8, mac.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// What is wrong with the log against this checkpoint: `entry` is the log's entry at
    /// ``seq`` (nil when the log has none), `last` the log's newest seq.
    public func problem(entry: AuditEntry?, last: Int) -> String? {
        guard let entry else {
            return "the log ends at #\(last), before signed checkpoint #\(seq): entries were removed from its tail"
        }
        guard entry.hash == hash else {
            return
                "entry #\(seq) has hash \(entry.hash.prefix(12))…, not \(hash.prefix(12))… as signed: the log was rewritten and re-hashed"
        }
        return nil
    }

    /// A key from a key file: at least 32 bytes of anything (a random file), used as they are.
    public static func key(fromFile data: Data) -> SymmetricKey? {
        guard data.count >= 32, data.count <= 4096 else { return nil }
        return SymmetricKey(data: data)
    }
}
