import CorridorCore
import CorridorStore
import Foundation
import Hummingbird

/// An RFC 9457 problem: `application/problem+json` with the field at fault when there is one.
///
/// ```json
/// {"type":"about:blank","title":"Unprocessable Content","status":422,
///  "detail":"severity: must be 1-5, got 9","field":"severity"}
/// ```
public struct Problem: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var detail: String
    public var field: String?
    /// Every problem when a body breaks several rules.
    public var errors: [FieldProblem]
    /// Seconds after which a retry may succeed (`Retry-After`), for 429 and 503.
    public var retryAfter: Int?
    /// The methods a path does answer (`Allow`), for 405.
    public var allow: [String] = []

    public init(
        _ status: HTTPResponse.Status, _ detail: String, field: String? = nil, errors: [FieldProblem] = [], retryAfter: Int? = nil
    ) {
        self.status = status
        self.detail = detail
        self.field = field
        self.errors = errors
        self.retryAfter = retryAfter
    }

    public static func invalid(_ problems: [FieldProblem]) -> Problem {
        Problem(
            .unprocessableContent, problems.map(\.description).joined(separator: "; "), field: problems.first?.field,
            errors: problems)
    }

    public static func badParameter(_ name: String, _ reason: String) -> Problem {
        Problem(.badRequest, "query parameter \(name): \(reason)", field: name)
    }

    public static func notFound(_ what: String) -> Problem { Problem(.notFound, "\(what) not found") }

    struct Body: Encodable {
        let type = "about:blank"
        let title: String
        let status: Int
        let detail: String
        let field: String?
        let errors: [FieldProblem]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(
            title: status.reasonPhrase, status: status.code, detail: detail, field: field,
            errors: errors.isEmpty ? nil : errors)
        let data = try DateFormats.jsonEncoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if !allow.isEmpty { headers[.allow] = allow.joined(separator: ", ") }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error into a problem document, so clients never see an HTML or empty error,
/// and logs unexpected ones without leaking their text to the client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let problem as FieldProblem {
            throw Problem.invalid([problem])
        } catch let error as HTTPError {
            let detail = error.body ?? error.status.reasonPhrase
            if error.status == .contentTooLarge {
                throw Problem(.contentTooLarge, "the request body exceeds \(ServerConfiguration.maxBodyBytes) bytes")
            }
            throw Problem(error.status, detail)
        } catch let error as any HTTPResponseError {
            throw Problem(error.status, "\(error.status.reasonPhrase)")
        } catch StoreError.unavailable {
            // The database is away: say when to try again rather than fail as if broken.
            context.logger.warning("database unavailable", metadata: ["path": "\(request.uri.path)"])
            throw Problem(.serviceUnavailable, "the database is not reachable; try again shortly", retryAfter: 5)
        } catch let error as StoreError where error == .storageFull || error == .readOnly {
            // Nothing was written and only an operator can fix it: say so to the client, loudly to the log.
            context.logger.critical("database refuses writes", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw Problem(.serviceUnavailable, "\(error); try again later", retryAfter: 60)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw Problem(.internalServerError, "the server could not complete the request; see its log")
        }
    }
}
