import CitasDomain
import HTTPTypes
import Hummingbird

/// Runs only for requests no route took (it is added after every route): when the path exists under other
/// methods, the answer is 405 with `Allow` naming them, not a misleading 404.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route's path and the methods it answers.
    let routes: [(path: RouterPath, methods: Set<HTTPRequest.Method>)]

    init(routes: [Router<Context>.RouteDescription]) {
        var byPath: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in routes {
            byPath[route.path.description, default: (route.path, [])].methods.insert(route.method)
            // The router answers HEAD wherever it answers GET (`autoGenerateHeadEndpoints`).
            if route.method == .get { byPath[route.path.description]?.methods.insert(.head) }
        }
        self.routes = Array(byPath.values)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let components = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        let allowed = routes.filter { Self.matches($0.path, components) }.reduce(into: Set<HTTPRequest.Method>()) { $0.formUnion($1.methods) }
        guard !allowed.isEmpty else { return try await next(request, context) }
        throw CitasError(.methodNotAllowed, detail: allowed.map(\.rawValue).sorted().joined(separator: ", "))
    }

    static func matches(_ path: RouterPath, _ components: [Substring]) -> Bool {
        if path.components.last?.description == "**" { return components.count >= path.components.count - 1 }
        guard path.components.count == components.count else { return false }
        return zip(path.components, components).allSatisfy { $0 ~= $1 }
    }
}
