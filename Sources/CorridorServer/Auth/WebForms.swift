import Hummingbird

/// The forms the web pages post, decoded with Hummingbird's `URLEncodedFormDecoder`. Fields are
/// optional so that a missing one is reported by the page's own rules, naming the field.
/// Repeated fields are sent as `name[]` (the users page's roles).
enum WebForm {
    /// The largest form body read, in bytes.
    static let maxBytes = 16 * 1024

    /// The body of `request` decoded as `Form`; a body that is not a form of that shape is a 400.
    static func decode<Form: Decodable>(_ type: Form.Type, from request: inout Request) async throws -> Form {
        let body = try await collect(&request)
        do { return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body)) } catch {
            throw Problem(.badRequest, "the form could not be read; reload the page and send it again")
        }
    }

    /// The form's bytes; a larger form is a 413 that names this limit.
    static func collect(_ request: inout Request) async throws -> ByteBuffer {
        do { return try await request.collectBody(upTo: maxBytes) } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(.contentTooLarge, "a form may be at most \(maxBytes / 1024) KiB")
        }
    }

    struct CSRF: Decodable {
        var csrfToken: String?
        enum CodingKeys: String, CodingKey { case csrfToken = "csrf_token" }
    }

    struct Login: Decodable {
        var username: String?
        var password: String?
        var next: String?
        var loginToken: String?
        enum CodingKeys: String, CodingKey { case username, password, next, loginToken = "login_token" }
    }

    struct NewUser: Decodable {
        var username: String?
        var displayName: String?
        var agencyID: String?
        var password: String?
        var roles: [String]?
        enum CodingKeys: String, CodingKey {
            case username, password, roles
            case displayName = "display_name", agencyID = "agency_id"
        }
    }

    struct NewAgency: Decodable {
        var id: String?
        var name: String?
        var kind: String?
        var jurisdiction: String?
    }

    struct NewWebhook: Decodable {
        var url: String?
        var agencyID: String?
        var kinds: String?
        enum CodingKeys: String, CodingKey { case url, kinds, agencyID = "agency_id" }
    }
}
