import Foundation
import Hummingbird
import Lab

/// The workshop explorer's HTTP server: the page, the JSON API and the
/// server-side charts, over one ``ExplorerService``.
///
/// Routes: `GET /` (the page), `GET /api/scenarios`, `GET /api/exercises`,
/// `POST /api/run` (an experiment as JSON → `edl run --format json`'s
/// document, or CSV with `"format": "csv"`), `POST /api/chart` (an SVG of
/// one view of one or more configurations). Requests never name files.
public struct ExplorerServer: Sendable {
    /// The computations and their limits.
    public let service: ExplorerService

    /// A server over `service`.
    public init(service: ExplorerService = ExplorerService()) {
        self.service = service
    }

    /// The keys a run request may have.
    static let runKeys: Set<String> = ["scenario", "learner", "parameters", "n", "replicates", "seed", "units", "generator", "format", "preview"]
    /// The keys a chart request may have.
    static let chartKeys: Set<String> = ["view", "runs", "names", "width", "height"]

    /// One answer: status, content type and body.
    public struct Answer: Sendable {
        public var status: Int
        public var contentType: String
        public var body: Data
    }

    /// The answer to `method path` with `body`: every route, independent of
    /// the HTTP server (the router below only carries bytes to and from it).
    public func respond(method: String, path: String, body: Data) async -> Answer {
        let service = self.service
        switch (method, path) {
        case ("GET", "/"):
            return Answer(status: 200, contentType: "text/html; charset=utf-8", body: Data(ExplorerPage.html.utf8))
        case ("GET", "/favicon.ico"):
            return Answer(status: 204, contentType: "text/plain", body: Data())
        case ("GET", "/api/scenarios"):
            do {
                return Answer(status: 200, contentType: "application/json", body: try ScenarioCatalog.document())
            } catch {
                return Self.failure(500, ExplorerService.oneLine(error))
            }
        case ("GET", "/api/exercises"):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Answer(
                status: 200, contentType: "application/json", body: (try? encoder.encode(GuidedExercise.tour)) ?? Data("[]".utf8))
        case ("POST", "/api/run"):
            return await Self.answer {
                let object = try Self.checked(body, limit: service.limits.bodyBytes, keys: Self.runKeys)
                let run = try Self.decode(RunRequest.self, from: body)
                let format = try Self.format(of: object)
                let computed = try await service.computed(run)
                let text = try ResultFormatter(unit: computed.unit).render(computed.result, as: format)
                return Answer(status: 200, contentType: format == .csv ? "text/csv; charset=utf-8" : "application/json", body: Data(text.utf8))
            }
        case ("POST", "/api/chart"):
            return await Self.answer {
                _ = try Self.checked(body, limit: service.limits.bodyBytes, keys: Self.chartKeys)
                let chart = try Self.decode(ChartRequestBody.self, from: body)
                let svg = try await service.svg(chart)
                return Answer(status: 200, contentType: "image/svg+xml", body: Data(svg.utf8))
            }
        case (_, "/"), (_, "/api/scenarios"), (_, "/api/exercises"), (_, "/api/run"), (_, "/api/chart"):
            return Self.failure(405, "\(method) \(path): method not allowed")
        default:
            return Self.failure(404, "\(path): no such page; the explorer serves /, /api/scenarios, /api/exercises, /api/run and /api/chart")
        }
    }

    /// The Hummingbird router: every request goes to ``respond(method:path:body:)``.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let limit = service.limits.bodyBytes
        let server = self
        for path in ["/", "/favicon.ico", "/api/scenarios", "/api/exercises", "/api/run", "/api/chart"] {
            for method in [HTTPRequest.Method.get, .post, .put, .delete] {
                router.on(RouterPath(path), method: method) { request, _ in
                    var request = request
                    let body: Data
                    do {
                        // One byte over the limit is enough to refuse it.
                        body = Data(try await request.collectBody(upTo: limit + 1).readableBytesView)
                    } catch {
                        return Self.response(Self.failure(413, "the request body is larger than \(limit) bytes"))
                    }
                    return Self.response(await server.respond(method: method.rawValue, path: path, body: body))
                }
            }
        }
        return router
    }

    /// Runs the server on `host:port` until it is stopped; `started` is called with the URL once it listens.
    public func run(host: String, port: Int, started: @escaping @Sendable (String) -> Void) async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "edl-serve"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                started("http://\(host.contains(":") ? "[\(host)]" : host):\(bound)/")
            })
        try await app.runService()
    }

    // MARK: requests and responses

    /// The request body's top-level JSON object, checked for size and for keys outside `keys`.
    static func checked(_ data: Data, limit: Int, keys: Set<String>) throws -> [String: Any] {
        guard data.count <= limit else {
            throw ExplorerService.Refusal(status: 413, description: "the request body is larger than \(limit) bytes")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ExplorerService.Refusal(status: 400, description: "malformed JSON: expected an object such as {\"scenario\": \"coupon-collector\"}")
        }
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw ExplorerService.Refusal(
                status: 400, description: "unknown key '\(unknown)'; accepted: \(keys.sorted().joined(separator: ", "))")
        }
        return object
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ExplorerService.Refusal(status: 400, description: "missing key '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            throw ExplorerService.Refusal(status: 400, description: "\(path.isEmpty ? "body" : path): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ExplorerService.Refusal(status: 400, description: "\(path): a value is missing (null)")
        }
    }

    /// The output format of a run request (`json` unless `"format": "csv"`).
    static func format(of object: [String: Any]) throws -> OutputFormat {
        guard let value = object["format"] else { return .json }
        guard let word = value as? String, let format = OutputFormat(rawValue: word), format != .table else {
            throw ExplorerService.Refusal(status: 400, description: "invalid value for format: expected json or csv")
        }
        return format
    }

    /// The answer of `work`, or its refusal as `{"error": "…"}`.
    static func answer(_ work: () async throws -> Answer) async -> Answer {
        do {
            return try await work()
        } catch let refusal as ExplorerService.Refusal {
            return failure(refusal.status, refusal.description)
        } catch {
            return failure(400, ExplorerService.oneLine(error))
        }
    }

    static func failure(_ status: Int, _ message: String) -> Answer {
        let data = (try? JSONEncoder().encode(["error": message])) ?? Data("{\"error\":\"error\"}".utf8)
        return Answer(status: status, contentType: "application/json", body: data)
    }

    static func response(_ answer: Answer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        headers[.cacheControl] = "no-store"
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

/// The body of `POST /api/chart`: a view of one or more configurations.
struct ChartRequestBody: Decodable, Sendable {
    /// `edl`, `mdl`, `regret` or `area`.
    var view: ExplorerChart
    /// The configurations; the first is the current one.
    var runs: [RunRequest]
    /// Legend names, one per run (default: the learner's name, or "pinned").
    var names: [String]?
    /// Pixels.
    var width: Double?
    var height: Double?
}
