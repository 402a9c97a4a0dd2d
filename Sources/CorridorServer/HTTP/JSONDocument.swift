import Hummingbird

/// A value a handler answers with as JSON (200): Hummingbird encodes it with the request
/// context's encoder, which keeps the platform's conventions (sorted keys, RFC 3339 dates).
/// Handlers that set a status or headers build their `Response` with ``JSONBody``.
///
/// ```swift
/// @Sendable func get(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Site> {
///     JSONDocument(site)
/// }
/// ```
struct JSONDocument<Value: Encodable & Sendable>: ResponseEncodable, Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }

    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
