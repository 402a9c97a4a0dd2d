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
