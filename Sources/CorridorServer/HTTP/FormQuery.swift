import Foundation
import Hummingbird

extension Request {
    /// The query string decoded as HTML forms and URL libraries encode it
    /// (`application/x-www-form-urlencoded`): `+` is a space and `%XX` a byte, decoded once.
    /// Hummingbird's `queryParameters` keeps `+`, so `province=Khyber+Pakhtunkhwa` would not
    /// name the province a browser's form sent. A repeated key keeps its last value; a value
    /// that is not valid percent-encoded UTF-8 is kept as sent, for the caller to refuse.
    ///
    /// ```swift
    /// request.formQuery["province"]  // "Khyber Pakhtunkhwa" for ?province=Khyber+Pakhtunkhwa
    /// ```
    var formQuery: [String: String] {
        guard let query = uri.query, !query.isEmpty else { return [:] }
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            values[decode(halves[0])] = halves.count > 1 ? decode(halves[1]) : ""
        }
        return values
    }
}
