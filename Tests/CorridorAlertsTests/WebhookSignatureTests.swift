import CorridorAlerts
import Foundation
import Testing

@Suite struct WebhookSignatureTests {
    let body = Array(#"{"id":"a1","kind":"case.opened"}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_764_410_400)

    @Test func knownVector() {
        // HMAC-SHA256("secret", "1764410400.{...}") computed independently with Python's hmac module.
        let sig = WebhookSignature.signature(secret: "secret", timestamp: 1_764_410_400, body: body)
        #expect(sig == "cb5f01ebc5ed362ad7ffc97008c11deafb6a63134fa452ad6f33c4587e315011")
        #expect(WebhookSignature.header(secret: "secret", timestamp: now, body: body) == "t=1764410400,v1=\(sig)")
    }

    @Test func verifiesItsOwnHeader() throws {
        let header = WebhookSignature.header(secret: "s3cret", timestamp: now, body: body)
        try WebhookSignature.verify(header: header, secret: "s3cret", body: body, now: now.addingTimeInterval(60))
    }

    @Test func rejectsTamperingWrongSecretOldTimeAndJunk() {
        let header = WebhookSignature.header(secret: "s3cret", timestamp: now, body: body)
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try WebhookSignature.verify(header: header, secret: "s3cret", body: body + [32], now: now)
        }
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try WebhookSignature.verify(header: header, secret: "other", body: body, now: now)
        }
        #expect(throws: WebhookSignature.Failure.tooOld(seconds: 301)) {
            try WebhookSignature.verify(header: header, secret: "s3cret", body: body, now: now.addingTimeInterval(301))
        }
        #expect(throws: WebhookSignature.Failure.malformedHeader) {
            try WebhookSignature.verify(header: "sha256=abc", secret: "s3cret", body: body, now: now)
        }
    }
}

@Suite struct RetryScheduleTests {
    @Test func doublesUpToTheCeilingThenGivesUp() {
        let schedule = RetrySchedule(firstDelay: 10, maximumDelay: 60, maximumAttempts: 5)
        #expect(schedule.delay(afterFailedAttempts: 1) == 10)
        #expect(schedule.delay(afterFailedAttempts: 2) == 20)
        #expect(schedule.delay(afterFailedAttempts: 3) == 40)
        #expect(schedule.delay(afterFailedAttempts: 4) == 60)
        #expect(schedule.delay(afterFailedAttempts: 5) == nil)
    }

    @Test func defaultsGiveUpAfterEightAttempts() {
        let schedule = RetrySchedule()
        let waits = (1...8).map { schedule.delay(afterFailedAttempts: $0) }
        #expect(waits == [10, 20, 40, 80, 160, 320, 640, nil])
    }
}

@Suite struct WebhookTests {
    @Test func kindsFilterByNameOrPrefix() {
        var hook = Webhook(id: "w", agencyID: "a", url: "https://x.example/h", secret: "s", createdAt: Date())
        #expect(hook.wants(kind: "anything"))
        hook.kinds = ["case.opened", "maritime."]
        #expect(hook.wants(kind: "case.opened"))
        #expect(hook.wants(kind: "maritime.detection"))
        #expect(!hook.wants(kind: "case.closed"))
    }

    @Test func urlsMustBeHTTPWithAHost() {
        #expect(Webhook.urlProblem("https://hooks.example/cw") == nil)
        #expect(Webhook.urlProblem("http://127.0.0.1:8080/h") == nil)
        #expect(Webhook.urlProblem("ftp://x.example/") == "must be an http or https URL, not ftp")
        #expect(Webhook.urlProblem("https:///nohost") == "has no host")
        #expect(Webhook.urlProblem("not a url") != nil)
    }

    @Test func redactionHidesTheSecret() {
        let hook = Webhook(id: "w", agencyID: "a", url: "https://x.example/h", secret: "s", createdAt: Date())
        #expect(hook.redacted.secret == "")
        #expect(hook.redacted.url == hook.url)
    }
}
