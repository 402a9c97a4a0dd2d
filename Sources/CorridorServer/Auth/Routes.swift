import CorridorCore
import Hummingbird
import Synchronization

/// Where a feature registers its routes, each with the rule of who may call it: the access
/// rule is declared beside the route, and a route cannot be registered without one.
///
/// ```swift
/// func register(on routes: Routes) {
///     routes.get("events", .anyone, use: list)
///     routes.post("events", .writers, use: create)
/// }
/// ```
public struct Routes {
    let router: Router<CorridorRequestContext>
    let prefix: [Substring]
    let rules: AccessRuleBook

    init(router: Router<CorridorRequestContext>, rules: AccessRuleBook, prefix: String = "") {
        self.router = router
        self.rules = rules
        self.prefix = prefix.split(separator: "/")
    }

    /// The same routes under a path prefix (`api/v1`).
    public func group(_ path: String) -> Routes {
        Routes(router: router, rules: rules, prefix: (prefix + path.split(separator: "/")).joined(separator: "/"))
    }

    public typealias Handler<Output: ResponseGenerator> = @Sendable (Request, CorridorRequestContext) async throws -> Output

    @discardableResult
    public func get<Output: ResponseGenerator>(
        _ path: String, _ rule: AccessRules.Requirement, use handler: @escaping Handler<Output>
    ) -> Routes {
        on(path, .get, rule, handler)
    }

    @discardableResult
    public func post<Output: ResponseGenerator>(
        _ path: String, _ rule: AccessRules.Requirement, use handler: @escaping Handler<Output>
    ) -> Routes {
        on(path, .post, rule, handler)
    }

    @discardableResult
    public func put<Output: ResponseGenerator>(
        _ path: String, _ rule: AccessRules.Requirement, use handler: @escaping Handler<Output>
    ) -> Routes {
        on(path, .put, rule, handler)
    }

    @discardableResult
    public func delete<Output: ResponseGenerator>(
        _ path: String, _ rule: AccessRules.Requirement, use handler: @escaping Handler<Output>
    ) -> Routes {
        on(path, .delete, rule, handler)
    }

    private func on<Output: ResponseGenerator>(
        _ path: String, _ method: HTTPRequest.Method, _ rule: AccessRules.Requirement, _ handler: @escaping Handler<Output>
    ) -> Routes {
        let parts = prefix + path.split(separator: "/")
        router.on(RouterPath(parts.joined(separator: "/")), method: method, use: handler)
        // The key is the route as the router reports it (`endpointPath`): parameters as `{name}`.
        let key = "/" + parts.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        rules.declare(method: method.rawValue, path: key, rule)
        return self
    }
}

/// Every route's rule, filled as features register their routes and read by the access
/// middleware on each request; a test compares it with the router's own list of routes.
public final class AccessRuleBook: Sendable {
    private let rules = Mutex<[String: AccessRules.Requirement]>([:])

    public init() {}

    func declare(method: String, path: String, _ rule: AccessRules.Requirement) {
        rules.withLock { $0["\(method) \(path)"] = rule }
    }

    /// The rule for `METHOD /path/{param}`, or nil for a route nobody declared.
    public func requirement(method: String, path: String) -> AccessRules.Requirement? {
        rules.withLock { $0["\(method) \(path)"] }
    }

    /// The methods routed for a request path (`/api/v1/events/ev-1` matches
    /// `/api/v1/events/{id}`), sorted; empty when no route has that path. As in the router, a
    /// literal segment wins over a parameter: `/api/v1/webhooks/deliveries` is not a webhook id.
    public func methods(forRequestPath path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var best = -1
        var methods: Set<String> = []
        rules.withLock { rules in
            for key in rules.keys {
                let halves = key.split(separator: " ", maxSplits: 1)
                guard halves.count == 2 else { continue }
                let template = halves[1].split(separator: "/", omittingEmptySubsequences: false).dropFirst()
                guard template.count == parts.count,
                    zip(template, parts).allSatisfy({ t, p in (t.hasPrefix("{") && !p.isEmpty) || t == p })
                else { continue }
                let literals = template.filter { !$0.hasPrefix("{") }.count
                if literals > best {
                    best = literals
                    methods = []
                }
                if literals == best { methods.insert(String(halves[0])) }
            }
        }
        return methods.sorted()
    }

    /// Every rule, keyed `METHOD /path/{param}`.
    public var all: [String: AccessRules.Requirement] { rules.withLock { $0 } }
}
