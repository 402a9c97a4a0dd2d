/// Markup that is safe to send: every value interpolated into it was escaped on the way in.
///
/// Pages are written as string literals, as before; the difference is the type. The literal
/// segments are source code and are trusted as written. Every interpolated value is escaped
/// with ``HTML/escape(_:)`` (`&`, `<`, `>`, `"` and `'`), whatever its type: `String`,
/// `Substring`, `Int`, `Double` or any other `CustomStringConvertible`. Another `SafeHTML`
/// is already safe and goes in verbatim, and so does an array of them, joined with nothing
/// between. Because the quotes are escaped too, a value may be written inside a
/// double-quoted attribute as well as between tags.
///
/// ```swift
/// let name = "<script>alert(1)</script>"
/// let cell: SafeHTML = "<td title=\"\(name)\">\(name)</td>"
/// // <td title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</td>
///
/// let rows: [SafeHTML] = sites.map { "<tr><td>\($0.name)</td></tr>" }
/// let table: SafeHTML = "<table>\(rows)</table>"  // the rows as they are: not escaped twice
/// ```
///
/// Markup that was not built as a `SafeHTML` can only get in by saying so,
/// `\(raw: markup)`. Keep that for constants and for text this code escaped itself; never
/// for anything that holds stored or sent text.
///
/// A conditional piece of markup, or a closure that builds markup, needs its type spelled
/// out, or the literal is taken as a `String` and escaped as text (safe, but visible):
///
/// ```swift
/// let selected: SafeHTML = isSelected ? " selected" : ""
/// let options = labels.map { label -> SafeHTML in "<option\(selected)>\(label)</option>" }
/// ```
///
/// A page becomes text once, in ``HTML/response(_:status:headers:)``.
struct SafeHTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup, ready to send.
    private(set) var html: String

    /// Nothing.
    static let empty: SafeHTML = ""

    /// Text as markup: escaped.
    init(escaping text: some StringProtocol) {
        html = HTML.escape(String(text))
    }

    /// A literal with no interpolations: source code, so trusted as written.
    init(stringLiteral value: String) {
        html = value
    }

    init(stringInterpolation: StringInterpolation) {
        html = stringInterpolation.html
    }

    var description: String { html }

    var isEmpty: Bool { html.isEmpty }

    static func + (lhs: SafeHTML, rhs: SafeHTML) -> SafeHTML {
        var out = lhs
        out += rhs
        return out
    }

    static func += (lhs: inout SafeHTML, rhs: SafeHTML) {
        lhs.html += rhs.html
    }

    /// Builds a ``SafeHTML`` from a literal, escaping every interpolated value unless it is
    /// already ``SafeHTML`` or is passed as `raw:`.
    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var html = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            html.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// The literal segments are source code: trusted.
        mutating func appendLiteral(_ literal: String) {
            html += literal
        }

        /// Already safe: verbatim.
        mutating func appendInterpolation(_ markup: SafeHTML) {
            html += markup.html
        }

        /// Already safe: verbatim, one after another.
        mutating func appendInterpolation(_ markup: [SafeHTML]) {
            for m in markup { html += m.html }
        }

        /// Text: escaped.
        mutating func appendInterpolation(_ text: String) {
            html += HTML.escape(text)
        }

        /// Text: escaped.
        mutating func appendInterpolation(_ text: Substring) {
            html += HTML.escape(String(text))
        }

        /// A number's digits hold nothing to escape.
        mutating func appendInterpolation(_ number: Int) {
            html += String(number)
        }

        /// Anything else by its description: escaped.
        mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
            html += HTML.escape(value.description)
        }

        /// Markup this code vouches for, verbatim: only constants and what this code has
        /// escaped itself, never stored or sent text.
        mutating func appendInterpolation(raw markup: String) {
            html += markup
        }
    }
}

extension Sequence where Element == SafeHTML {
    /// The pieces one after another, with `separator` between them.
    ///
    /// Named apart from `joined(separator:)` of strings, so that a closure building strings
    /// is never taken for one building markup.
    func joinedHTML(separator: SafeHTML = "") -> SafeHTML {
        var out = SafeHTML.empty
        var first = true
        for piece in self {
            if !first { out += separator }
            out += piece
            first = false
        }
        return out
    }
}
