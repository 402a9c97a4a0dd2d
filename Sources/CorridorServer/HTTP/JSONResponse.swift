import CorridorCore
import Foundation
import HTTPTypes
import Hummingbird

/// JSON in and out with the platform's date and key conventions.
enum JSONBody {
    static func response(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) throws
        -> Response
    {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = try DateFormats.jsonEncoder().encode(value)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes the body, naming the field at fault when it cannot.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        guard request.headers[.contentType].map({ $0.lowercased().hasPrefix("application/json") }) ?? true else {
            throw Problem(.unsupportedMediaType, "send the body as application/json")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: context.maxUploadSize) } catch {
            throw Problem(.contentTooLarge, "the request body exceeds \(context.maxUploadSize) bytes")
        }
        do {
            return try DateFormats.jsonDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw problem(for: error)
        } catch {
            throw Problem(.badRequest, "the body is not valid JSON")
        }
    }

    static func problem(for error: DecodingError) -> Problem {
        func path(_ ctx: DecodingError.Context, _ extra: CodingKey? = nil) -> String? {
            let keys = ctx.codingPath + (extra.map { [$0] } ?? [])
            let p = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? nil : p
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let field = path(ctx, key) ?? key.stringValue
            return Problem(.unprocessableContent, "\(field): is required", field: field)
        case .typeMismatch(let type, let ctx):
            let field = path(ctx)
            return Problem(.unprocessableContent, "\(field ?? "body"): expected \(type)", field: field)
        case .valueNotFound(let type, let ctx):
            let field = path(ctx)
            return Problem(.unprocessableContent, "\(field ?? "body"): expected \(type), found null", field: field)
        case .dataCorrupted(let ctx):
            let field = path(ctx)
            if field == nil { return Problem(.badRequest, "the body is not valid JSON") }
            return Problem(.unprocessableContent, "\(field ?? "body"): \(ctx.debugDescription)", field: field)
        @unknown default:
            return Problem(.badRequest, "the body could not be read")
        }
    }
}

extension JSONBody {
    /// A ``ListBody`` of documents that are JSON already (stored event bodies), written
    /// byte for byte as the encoder would write it: keys sorted, `next_cursor` null at the end.
    static func listResponse(documents: [String], nextCursor: String?) -> Response {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(documents.reduce(64) { $0 + $1.utf8.count + 1 })
        buffer.writeString("{\"count\":\(documents.count),\"items\":[")
        for (i, document) in documents.enumerated() {
            if i > 0 { buffer.writeStaticString(",") }
            buffer.writeString(document)
        }
        buffer.writeStaticString("],\"next_cursor\":")
        // Cursors are URL-safe base64: nothing in them needs escaping.
        if let nextCursor { buffer.writeString("\"\(nextCursor)\"") } else { buffer.writeStaticString("null") }
        buffer.writeStaticString("}")
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }
}

/// A page of a list endpoint.
struct ListBody<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    let count: Int
    let nextCursor: String?

    init(items: [Item], nextCursor: String?) {
        self.items = items
        self.count = items.count
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case items, count, nextCursor = "next_cursor" }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(count, forKey: .count)
        try c.encode(nextCursor, forKey: .nextCursor)
    }
}

extension HTTPField.Name {
    /// `inserted`, `updated` or `unchanged`: what a create or update did.
    static let saveOutcome = HTTPField.Name("X-Save-Outcome")!
    /// Sent by EventSource clients when they reconnect: the last alert `seq` they received.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// Tells nginx-style proxies not to buffer a stream.
    static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
