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
    static let runKeys: Set<String> = ["scenario", "learner", "parameters", "n", "replicates", "seed", "units", "generator", "format"]
    /// The keys a chart request may have.
    static let chartKeys: Set<String> = ["view", "runs", "names", "width", "height"]

    /// The router with every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let service = self.service
        router.get("/") { _, _ in
            Self.response(200, contentType: "text/html; charset=utf-8", ExplorerPage.html)
        }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/api/scenarios") { _, _ in
            do {
                return Self.response(200, contentType: "application/json", try ScenarioCatalog.document())
            } catch {
                return Self.failure(500, ExplorerService.oneLine(error))
            }
        }
        router.get("/api/exercises") { _, _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Self.response(200, contentType: "application/json", (try? encoder.encode(GuidedExercise.tour)) ?? Data("[]".utf8))
        }
        router.post("/api/run") { request, _ in
            await Self.answer {
                let body = try await Self.body(of: request, limit: service.limits.bodyBytes, keys: Self.runKeys)
                let run = try Self.decode(RunRequest.self, from: body)
                let format = try Self.format(of: body)
                let computed = try await service.computed(run)
                let text = try ResultFormatter(unit: computed.unit).render(computed.result, as: format)
                return Self.response(200, contentType: format == .csv ? "text/csv; charset=utf-8" : "application/json", Data(text.utf8))
            }
        }
        router.post("/api/chart") { request, _ in
            await Self.answer {
                let body = try await Self.body(of: request, limit: service.limits.bodyBytes, keys: Self.chartKeys)
                let chart = try Self.decode(ChartRequestBody.self, from: body)
                let svg = try await service.svg(chart)
                return Self.response(200, contentType: "image/svg+xml", Data(svg.utf8))
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

    /// The request body as JSON, checked for size and for keys outside `keys`.
    static func body(of request: Request, limit: Int, keys: Set<String>) async throws -> Data {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw ExplorerService.Refusal(status: 413, description: "the request body is larger than \(limit) bytes")
        }
        let data = Data(buffer.readableBytesView)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ExplorerService.Refusal(status: 400, description: "malformed JSON: expected an object such as {\"scenario\": \"coupon-collector\"}")
        }
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw ExplorerService.Refusal(
                status: 400, description: "unknown key '\(unknown)'; accepted: \(keys.sorted().joined(separator: ", "))")
        }
        return data
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
    static func format(of data: Data) throws -> OutputFormat {
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        guard let value = object?["format"] else { return .json }
        guard let word = value as? String, let format = OutputFormat(rawValue: word), format != .table else {
            throw ExplorerService.Refusal(status: 400, description: "invalid value for format: expected json or csv")
        }
        return format
    }

    /// The response of `work`, or its refusal as `{"error": "…"}`.
    static func answer(_ work: () async throws -> Response) async -> Response {
        do {
            return try await work()
        } catch let refusal as ExplorerService.Refusal {
            return failure(refusal.status, refusal.description)
        } catch {
            return failure(400, ExplorerService.oneLine(error))
        }
    }

    static func failure(_ status: Int, _ message: String) -> Response {
        let data = (try? JSONEncoder().encode(["error": message])) ?? Data("{\"error\":\"error\"}".utf8)
        return response(status, contentType: "application/json", data)
    }

    static func response(_ status: Int, contentType: String, _ text: String) -> Response {
        response(status, contentType: contentType, Data(text.utf8))
    }

    static func response(_ status: Int, contentType: String, _ data: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
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
