import CorridorExchange
import Testing

@Suite struct CSVReaderTests {
    @Test func readsQuotedFieldsAndKeepsRecordLines() throws {
        let text = "a,b,c\n1,\"x, y\",3\n2,\"multi\nline\",\"say \"\"hi\"\"\"\r\n\n4,,6\n"
        let t = try CSVTable(text: text)
        #expect(t.header == ["a", "b", "c"])
        #expect(t.rows.count == 3)
        #expect(t.rows[0]["b"] == "x, y")
        #expect(t.rows[1].line == 3)
        #expect(t.rows[1]["b"] == "multi\nline")
        #expect(t.rows[1]["c"] == "say \"hi\"")
        // The record after a two-line field and a blank line starts on line 6.
        #expect(t.rows[2].line == 6)
        #expect(t.rows[2]["b"] == nil)
        #expect(t.rows[2]["missing"] == nil)
    }

    @Test func reportsAnUnterminatedQuoteWithItsLine() {
        #expect(throws: CSVError.unterminatedQuote(line: 3)) { try CSVTable(text: "a,b\n1,2\n3,\"open\n") }
        #expect(throws: CSVError.empty) { try CSVTable(text: "") }
    }

    @Test func skipsAByteOrderMark() throws {
        let t = try CSVTable(text: "\u{FEFF}id,name\n1,x\n")
        #expect(t.header == ["id", "name"])
    }

    @Test func writerQuotesOnlyWhenNeeded() {
        #expect(CSVWriter.line(["a", "b,c", "say \"x\"", "line\nbreak"]) == "a,\"b,c\",\"say \"\"x\"\"\",\"line\nbreak\"\n")
    }
}
