import Foundation
import Lab
@testable import LabServer
import Testing

@Suite("Explorer server")
struct ServerTests {
    /// The server's routes, answered in process (the HTTP layer only carries the bytes).
    struct Client: Sendable {
        let server: ExplorerServer
        func get(_ path: String) async -> String {
            String(decoding: await server.respond(method: "GET", path: path, body: Data()).body, as: UTF8.self)
        }
    }

    static func app(_ limits: ExplorerService.Limits = .init()) -> (Client, ExplorerService) {
        let service = ExplorerService(limits: limits)
        return (Client(server: ExplorerServer(service: service)), service)
    }

    static func post(_ client: Client, _ path: String, _ body: String) async throws -> (Int, String) {
        let answer = await client.server.respond(method: "POST", path: path, body: Data(body.utf8))
        return (answer.status, String(decoding: answer.body, as: UTF8.self))
    }

    @Test("POST /api/run returns edl run's JSON document byte for byte, and CSV on request")
    func runMatchesCommandLine() async throws {
        let expected = try ResultFormatter(unit: .bits).render(
            ExperimentRunner.run(
                "coupon-collector", learner: "bayes", assignments: [("K", "50")], grid: "1,10,100", replicates: 40, seed: 3,
                threads: 2), as: .json)
        let csv = try ResultFormatter(unit: .bits).render(
            ExperimentRunner.run(
                "coupon-collector", learner: "bayes", assignments: [("K", "50")], grid: "1,10,100", replicates: 40, seed: 3,
                threads: 1), as: .csv)
        let (app, _) = Self.app()
        do { let client = app
            let body = #"{"scenario": "coupon-collector", "parameters": {"K": 50}, "n": "1,10,100", "replicates": 40, "seed": 3}"#
            let (status, text) = try await Self.post(client, "/api/run", body)
            #expect(status == 200)
            #expect(text == expected)
            let (csvStatus, csvText) = try await Self.post(
                client, "/api/run", #"{"scenario": "coupon-collector", "parameters": {"K": "50"}, "n": "1,10,100", "replicates": 40, "seed": 3, "format": "csv"}"#)
            #expect(csvStatus == 200 && csvText == csv)
        }
    }

    @Test(
        "bad requests get a 4xx and the CLI's one-line message, and the server answers the next request",
        arguments: [
            (#"{"scenario": "nope"}"#, 400, "unknown scenario 'nope'"),
            (#"{"scenario": "coupon-collector", "parameters": {"K": 0}}"#, 400, "--set K: invalid value '0' for parameter 'K'"),
            (#"{"scenario": "coupon-collector", "parameters": {"bogus": 1}}"#, 400, "bogus"),
            (#"{"scenario": "coupon-collector", "paramters": {}}"#, 400, "unknown key 'paramters'"),
            (#"{"scenario": "#, 400, "malformed JSON"),
            (#"[1, 2]"#, 400, "malformed JSON"),
            (#"{"learner": "bayes"}"#, 400, "missing key 'scenario'"),
            (#"{"scenario": "coupon-collector", "replicates": "many"}"#, 400, "replicates"),
            (#"{"scenario": "coupon-collector", "n": "0...5"}"#, 400, "invalid n-grid"),
            (#"{"scenario": "coupon-collector", "parameters": {"K": [1, 2]}}"#, 400, "not a sweep"),
            (#"{"scenario": "coupon-collector", "n": "1...100000:log20", "replicates": 100000}"#, 422, "above the explorer's limit"),
            (#"{"scenario": "coupon-collector", "format": "table"}"#, 400, "format"),
        ])
    func refusals(body: String, status: Int, message: String) async throws {
        let (app, _) = Self.app()
        do { let client = app
            let (code, text) = try await Self.post(client, "/api/run", body)
            #expect(code == status, "\(text)")
            let error = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))["error"] ?? ""
            #expect(error.contains(message), "\(error)")
            #expect(!error.contains("\n"))
            let (next, _) = try await Self.post(client, "/api/run", #"{"scenario": "random-labels", "n": "1,2", "replicates": 2}"#)
            #expect(next == 200)
        }
    }

    @Test("a body above the size limit is refused with 413")
    func oversized() async throws {
        var limits = ExplorerService.Limits()
        limits.bodyBytes = 100
        let (app, _) = Self.app(limits)
        do { let client = app
            let body = #"{"scenario": "coupon-collector", "learner": ""# + String(repeating: "x", count: 200) + #""}"#
            let (code, text) = try await Self.post(client, "/api/run", body)
            #expect(code == 413 && text.contains("larger than 100 bytes"))
        }
    }

    @Test("the same configuration, asked by many clients at once, is computed once")
    func cache() async throws {
        let (app, service) = Self.app()
        do { let client = app
            let body = #"{"scenario": "coupon-collector", "n": "1...300:log10", "replicates": 64, "seed": 9}"#
            let texts = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<12 { group.addTask { try await Self.post(client, "/api/run", body).1 } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(texts).count == 1)
            _ = try await Self.post(client, "/api/chart", #"{"view": "edl", "runs": [\#(body)]}"#)
        }
        #expect(await service.computations == 1)
    }

    @Test("a preview is edl run's document for the replicates it holds; once the full run is cached, the preview is the full run")
    func preview() async throws {
        var limits = ExplorerService.Limits()
        limits.previewBudget = .milliseconds(1)
        let (app, service) = Self.app(limits)
        do { let client = app
            let run = #""scenario": "random-labels", "learner": "kt", "n": "1...3000:log8", "replicates": 2000, "seed": 4"#
            let (code, text) = try await Self.post(client, "/api/run", "{\(run), \"preview\": true}")
            #expect(code == 200)
            let manifest = try #require(
                (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["manifest"] as? [String: Any])
            let replicates = try #require(manifest["replicates"] as? Int)
            #expect(replicates >= 1 && replicates < 2000)
            let expected = try ResultFormatter(unit: .bits).render(
                ExperimentRunner.run(
                    "random-labels", learner: "kt", assignments: [], grid: "1...3000:log8", replicates: replicates, seed: 4,
                    threads: 2), as: .json)
            #expect(text == expected)
            // The chart of the preview is drawn from the same preview (cached), not recomputed.
            let (chart, _) = try await Self.post(client, "/api/chart", #"{"view": "edl", "runs": [{\#(run), "preview": true}]}"#)
            #expect(chart == 200)
            #expect(await service.computations == 1)
            let (_, full) = try await Self.post(client, "/api/run", "{\(run)}")
            let (_, again) = try await Self.post(client, "/api/run", "{\(run), \"preview\": true}")
            #expect(again == full && full.contains(#""replicates" : 2000"#), "\(full.prefix(300))")
            #expect(await service.computations == 2)
        }
    }

    @Test("a run past the time limit is stopped with a 422 naming the limit")
    func timeLimit() async throws {
        var limits = ExplorerService.Limits()
        limits.timeLimit = .milliseconds(1)
        let (app, _) = Self.app(limits)
        do { let client = app
            let (code, text) = try await Self.post(
                client, "/api/run", #"{"scenario": "random-labels", "learner": "kt", "n": "1...100000:log50", "replicates": 500}"#)
            #expect(code == 422 && text.contains("time limit"), "\(text)")
        }
    }

    @Test("charts: every view is an SVG from the lab's chart code; the area picture refuses n above its limit")
    func charts() async throws {
        let (app, _) = Self.app()
        do { let client = app
            let run = #"{"scenario": "coupon-collector", "parameters": {"K": 10}, "n": "1...40:log8", "replicates": 30}"#
            for view in ["edl", "mdl", "regret", "area"] {
                let (code, svg) = try await Self.post(client, "/api/chart", #"{"view": "\#(view)", "runs": [\#(run), \#(run)]}"#)
                #expect(code == 200 && svg.hasPrefix("<svg") && !svg.lowercased().contains("nan"), "\(view)")
            }
            let big = #"{"scenario": "coupon-collector", "n": "20000", "replicates": 2}"#
            let (code, text) = try await Self.post(client, "/api/chart", #"{"view": "area", "runs": [\#(big)]}"#)
            #expect(code == 422 && text.contains("n ≤ 10000"), "\(text)")
            let (bad, _) = try await Self.post(client, "/api/chart", #"{"view": "pie", "runs": [\#(run)]}"#)
            #expect(bad == 400)
        }
    }

    @Test("the page and the scenario catalog: a control for every parameter of every scenario and learner")
    func catalog() async throws {
        let (app, _) = Self.app()
        do { let client = app
            let page = await client.get("/")
            #expect(page.contains("<script>") && !page.contains("http://") && !page.contains("https://"))
            let text = await client.get("/api/scenarios")
            let names = try #require(
                (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["scenarios"] as? [[String: Any]])
            #expect(names.compactMap { $0["name"] as? String } == ["random-labels", "hypothesis-collapse", "coupon-collector", "disjoint-subdistributions", "format-capability", "capacity"])
            let exercises = await client.get("/api/exercises")
            #expect(exercises.contains("Exercise 9"))
        }
    }

    @Test("every guided exercise's run is accepted by the API")
    func exercisesRun() throws {
        for exercise in GuidedExercise.tour {
            for run in exercise.runs {
                var request = RunRequest(scenario: run.scenario)
                request.learner = run.learner
                request.parameters = run.parameters.mapValues { RunRequest.Value(text: $0) }
                request.n = run.n
                request.replicates = run.replicates
                _ = try ExplorerService.prepare(request, limits: .init())
            }
        }
    }
}
