import Foundation

/// One step of the explorer's guided mode: a question to answer before
/// running, the configuration to run, what to look at, and the worked answer
/// (from Docs/Workshop.md, whose numbers were measured with the same seeds).
struct GuidedExercise: Encodable, Sendable {
    var title: String
    var predict: String
    /// The configurations to run, in order (the first is loaded; the others are one click away).
    var runs: [Run]
    var look: String
    var answer: String

    struct Run: Encodable, Sendable {
        var label: String
        var scenario: String
        var learner: String?
        var parameters: [String: String]
        var n: String
        var replicates: Int
    }

    /// The guided tour: the workshop's exercises 2, 3, 4, 7 and 9.
    static let tour: [GuidedExercise] = [
        GuidedExercise(
            title: "Nothing to learn still costs something (Exercise 2)",
            predict: "Labels are fair coin flips. The uniform learner always says ½; KT estimates the coin. What is EDL at every n for each? What should the verdict say?",
            runs: [
                Run(label: "uniform", scenario: "random-labels", learner: "uniform", parameters: [:], n: "1,10,100,1000", replicates: 100),
                Run(label: "kt", scenario: "random-labels", learner: "kt", parameters: [:], n: "1,10,100,1000", replicates: 4000),
            ],
            look: "Read EDL in the table and the verdict line; switch to the regret split.",
            answer: "uniform: EDL = 0 exactly at every n (it codes and tests at 1 bit). KT pays a regret of about ½·log₂ n bits for estimating the coin while its final test loss approaches 1 bit, so EDL grows by about 1.66 bits per decade (2.21 bits at n = 100, 3.87 at 1000) while EDL/n vanishes. The verdict is `none`: no significant generalisation gain — random labels give EDL/n ≈ 0, not EDL ≈ 0."),
        GuidedExercise(
            title: "Elicitation: collapsing a hypothesis space (Exercise 3)",
            predict: "The learner already holds m = 1024 candidate rules and is exact Bayes; labels are binary. How many bits does it take to find the rule, and after roughly how many examples?",
            runs: [
                Run(label: "random rules, k = 2", scenario: "hypothesis-collapse", learner: "bayes", parameters: [:], n: "1,2,5,10,12,15,20,30,100", replicates: 2000),
                Run(label: "distinguishing questions, m = 2²⁰, k = 2¹⁰", scenario: "hypothesis-collapse", learner: "bayes", parameters: ["class": "distinguishing", "m": "1048576", "k": "1024"], n: "2...10000:log30", replicates: 20),
            ],
            look: "Where does EDL end? Does EDL/n fall from the start or rise first?",
            answer: "EDL ends at log₂ m = 10 bits: the data pay exactly for the rule's identity. Each binary label carries at most one bit, so EDL/n rises for about 10 examples (peak near n = 15) before it falls — at this tiny scale even elicitation rises. With questions that split the rules into k equal groups (class=distinguishing, m = 2²⁰, k = 2¹⁰) two answers identify the rule: EDL = 20 bits from n = 2 on, EDL/n = 20/n falls over the whole window, and the verdict is `elicitation`."),
        GuidedExercise(
            title: "Teaching: the coupon collector (Exercise 4)",
            predict: "K = 100 concepts, each with its own fixed binary label; exact Bayes learns a concept on first sight. What is EDL at n = 10⁴? Where does EDL/n peak?",
            runs: [
                Run(label: "bayes", scenario: "coupon-collector", learner: "bayes", parameters: ["K": "100"], n: "1...10000:log30", replicates: 2000),
                Run(label: "dirichlet", scenario: "coupon-collector", learner: "dirichlet", parameters: ["K": "100"], n: "1...10000:log30", replicates: 2000),
            ],
            look: "The EDL/n curve and its peak marker; then pin it and compare the dirichlet learner.",
            answer: "Every concept must be seen once and its label costs 1 bit: EDL(10⁴) = K·log₂ k = 100 bits. EDL/n rises while new concepts keep arriving and peaks near n = 1.79 K ≈ 179 at about 0.30 bits/example, then falls as 100/n: the teaching signature. The dirichlet learner learns gradually: a later, wider hump and EDL that keeps growing past 100 bits (342 bits at n = 10⁴)."),
        GuidedExercise(
            title: "A cheap format in front of an expensive capability (Exercise 7)",
            predict: "Two format tokens (one of 64 formats) then one answer token (a coupon collector, K = 1000, k = 10). Scoring all tokens, what does EDL/n do in the first ten examples? Scoring the answer only?",
            runs: [
                Run(label: "score=all", scenario: "format-capability", learner: nil, parameters: [:], n: "1,3,10,30,100,1000,10000", replicates: 500),
                Run(label: "score=answer", scenario: "format-capability", learner: nil, parameters: ["score": "answer"], n: "1,3,10,30,100,1000,10000", replicates: 500),
            ],
            look: "Pin score=all, then load score=answer: compare the early part of the curve.",
            answer: "Scoring everything, EDL/n is about 1 bit/example at n = 1 and peaks at n = 10 while the format is learned, dips, and the capability's hump follows near n ≈ 1.79 K: the verdict is `crossover`. Scored on answers only, the early hump is gone and the curve is the capability's alone: teaching, with its peak near n = 1000. Score the tokens that carry the capability."),
        GuidedExercise(
            title: "Capacity: one model, two tasks (Exercise 9)",
            predict: "A frozen model with a rank-1 adapter (1040 trainable parameters). Task 1: pick out one of 8 skills the model represents (3 bits). Task 2: learn a fresh table of 1024 labels (3072 bits). Which does rank 1 learn as well as rank 8?",
            runs: [
                Run(label: "elicitation, rank 1", scenario: "capacity", learner: "adam", parameters: ["task": "elicitation", "rank": "1"], n: "512,1024,2048,4096,8192", replicates: 8),
                Run(label: "teaching, rank 1", scenario: "capacity", learner: "adam", parameters: ["task": "teaching", "rank": "1"], n: "512,1024,2048,4096,8192", replicates: 8),
                Run(label: "teaching, rank 8", scenario: "capacity", learner: "adam", parameters: ["task": "teaching", "rank": "8"], n: "512,1024,2048,4096,8192", replicates: 8),
            ],
            look: "Compare the final test loss and EDL of the rank-1 runs with rank 8 (pin one, load the next). `edl capacity Scenarios/paper/capacity.toml` does the whole rank sweep.",
            answer: "The skill: rank 1 reaches a test loss of ≈ 0 (it pays more EDL than rank 8, being slower). The table: rank 1 stays at about 2.2 bits of test loss and keeps a third of rank 8's EDL; it takes rank 3 to hold 95 %. Per parameter of the smallest adapter that holds it, the skill costs 0.09 bits and the table 4.1: elicitation needs little capacity, teaching much more."),
    ]
}
