import Foundation
import Testing

@testable import CorridorServer

/// The page writers' own formatting, held to Foundation's on the values pages meet.
@Suite struct PageTextTests {
    @Test func fixedPointMatchesPrintfAwayFromHalves() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let x = Double.random(in: -5_000...5_000, using: &generator)
            for digits in 0...3 {
                var scale = 1.0
                for _ in 0..<digits { scale *= 10 }
                // printf rounds the binary value half-to-even; only exact halves can differ.
                let frac = (x * scale).magnitude.truncatingRemainder(dividingBy: 1)
                guard abs(frac - 0.5) > 1e-6 else { continue }
                let expected = String(format: "%.\(digits)f", x)
                let fixed = x.fixed(digits)
                #expect(fixed == expected || (expected.hasPrefix("-") && fixed == String(expected.dropFirst())))
            }
        }
        #expect((12.345).fixed(1) == "12.3")
        #expect((0.04).fixed(2) == "0.04")
        #expect((7.0).fixed(0) == "7")
        #expect(Double.nan.fixed(1) == "0")
        #expect(Double.infinity.fixed(2) == "0")
        #expect((1e20).fixed(2) == "1e+20")
    }

    @Test func escapingLeavesPlainTextAloneAndEscapesTheFive() {
        #expect(HTML.escape("Gwadar Port · گوادر") == "Gwadar Port · گوادر")
        #expect(HTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTML.escape("e\u{301}<") == "e\u{301}&lt;")
    }
}
