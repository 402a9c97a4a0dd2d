import CorridorAccess
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// Pages outside the main navigation: sign-in.
enum WebPages {
    /// The cookie and form field of the sign-in form's own CSRF token.
    static let loginCookie = "cw_login"
    static let loginTokenField = "login_token"

    /// The sign-in page; each rendering sets a fresh token in a SameSite=Strict cookie and in the form.
    static func loginPage(status: HTTPResponse.Status, message: String?, next: String) -> Response {
        let token = Secrets.token()
        let notice = message.map { m -> SafeHTML in "<p class=\"message\" id=\"login-message\">\(m)</p>" } ?? .empty
        let body: SafeHTML = """
            <section class="panel login"><h1>Sign in</h1>
            \(notice)
            <form method="post" action="/login" id="login-form">
            <input type="hidden" name="next" value="\(LoginRedirect.safe(next))">
            <input type="hidden" name="\(loginTokenField)" value="\(token)">
            <p><label>Username<br><input name="username" autocomplete="username" required autofocus></label></p>
            <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
            <p><button>Sign in</button></p></form>
            <p class="note">Accounts are created by an administrator. Records are shared by their TLP label.</p></section>
            """
        return HTML.response(
            HTML.page(title: "Sign in", active: "", body: body), status: status,
            headers: [
                .cacheControl: "no-store", .setCookie: "\(loginCookie)=\(token); Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600",
            ])
    }
}
