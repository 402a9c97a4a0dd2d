import CorridorAccess
import CorridorCore
import CorridorTestSupport
import Foundation
import Testing

@Suite struct AuditChainTests {
    func chain(_ n: Int) -> [AuditEntry] {
        var out: [AuditEntry] = []
        for i in 0..<n {
            out.append(
                AuditChain.entry(
                    after: out.last, at: Fixtures.now.addingTimeInterval(Double(i)), actor: AuditActor(name: "analyst1", agency: "pmsa"),
                    action: "create", objectType: "event", objectID: "ev-\(i)", stateHash: AuditChain.sha256Hex("state \(i)")))
        }
        return out
    }

    @Test func sha256MatchesTheStandardVector() {
        #expect(AuditChain.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func anIntactChainVerifies() {
        let c = chain(5)
        #expect(AuditChain.verify(c) == nil)
        #expect(c[0].previousHash == AuditChain.genesis)
        #expect(c[3].previousHash == c[2].hash)
    }

    @Test func editsDeletionsAndReorderingAreFound() {
        var edited = chain(5)
        edited[2].actor = "admin"
        #expect(AuditChain.verify(edited)?.seq == 3)
        var deleted = chain(5)
        deleted.remove(at: 1)
        #expect(AuditChain.verify(deleted)?.seq == 3)
        var reordered = chain(5)
        reordered.swapAt(1, 2)
        #expect(AuditChain.verify(reordered)?.seq == 3)
        // Rewriting a row's hash to match its edit still breaks the next link.
        var rehashed = chain(5)
        rehashed[2].objectID = "ev-forged"
        rehashed[2].hash = AuditChain.hash(of: rehashed[2])
        #expect(AuditChain.verify(rehashed) == AuditChain.Break(seq: 4, reason: "does not follow entry 3: previous hash differs"))
    }
}

/// S15: the chain alone cannot show a cut tail or a log rewritten and re-hashed; a checkpoint
/// signed with a key outside the database can.
@Suite struct AuditCheckpointTests {
    let key = AuditCheckpoint.key(fromFile: Data(repeating: 7, count: 64))!
    let chain = AuditChainTests().chain(5)

    @Test func aCheckpointIsSignedAndMatchesItsEntry() {
        let c = AuditCheckpoint(seq: 5, hash: chain[4].hash, at: Fixtures.now, key: key)
        #expect(c.isSigned(with: key))
        #expect(!c.isSigned(with: AuditCheckpoint.key(fromFile: Data(repeating: 8, count: 64))!))
        #expect(c.problem(entry: chain[4], last: 5) == nil)
        var forged = c
        forged.hash = chain[3].hash
        #expect(!forged.isSigned(with: key))
    }

    @Test func aCutTailAndARehashedLogAreFound() {
        let c = AuditCheckpoint(seq: 5, hash: chain[4].hash, at: Fixtures.now, key: key)
        // The last entry deleted: the chain of four still verifies, the checkpoint does not.
        #expect(AuditChain.verify(Array(chain.prefix(4))) == nil)
        #expect(c.problem(entry: nil, last: 4)?.contains("removed from its tail") == true)
        // Entry 2 rewritten and every hash after it recomputed: a valid chain, another head.
        var rewritten = Array(chain.prefix(1))
        for e in chain.dropFirst() {
            rewritten.append(
                AuditChain.entry(
                    after: rewritten.last, at: e.at, actor: AuditActor(name: "someone-else"), action: e.action, objectType: e.objectType,
                    objectID: e.objectID, stateHash: e.stateHash))
        }
        #expect(AuditChain.verify(rewritten) == nil)
        #expect(c.problem(entry: rewritten[4], last: 5)?.contains("rewritten and re-hashed") == true)
        #expect(AuditCheckpoint.key(fromFile: Data(count: 16)) == nil, "a short key file is refused")
    }
}
