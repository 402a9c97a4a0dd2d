import CorridorCore
import CorridorGeo

/// Reconciles a province given in a file with the one the coordinates fall in.
///
/// The given province wins when it is recognisable (files often know better than a 1:10m
/// polygon); a contradiction becomes a warning. Without one, the province is derived.
struct ProvinceCheck {
    let locator: ProvinceLocator

    func resolve(given text: String?, at location: Coordinate, line: Int, column: String) -> (Province?, ImportWarning?) {
        let derived = locator.nearestProvince(at: location)
        guard let text else { return (derived, nil) }
        guard let given = Province.firstMentioned(in: text) else {
            return (
                derived,
                ImportWarning(
                    line: line, column: column,
                    message: "province \"\(text)\" is not recognised; using \(derived?.rawValue ?? "none") from the coordinates"
                )
            )
        }
        if let derived, derived != given {
            return (
                given,
                ImportWarning(
                    line: line, column: column,
                    message: "province \"\(text)\" contradicts the coordinates, which fall in \(derived.rawValue)")
            )
        }
        return (given, nil)
    }
}
