#!/bin/sh
# Regenerates every figure the guide shows (Docs/Scenarios/figures/*.svg and
# Docs/figures/coupon-collector.svg) with the commands quoted on its pages.
# Usage: Docs/figures.sh [EDL]   (default .build/release/edl; `make figures` builds it)
# Default seed and generator, as the pages' numbers; GENERATOR=mt19937 (or
# taus2) draws with another generator.
set -eu
EDL=$(cd "$(dirname "${1:-.build/release/edl}")" && pwd)/$(basename "${1:-.build/release/edl}")
GENERATOR=${GENERATOR:-xoshiro256}
DOCS=$(cd "$(dirname "$0")" && pwd)
FIGURES="$DOCS/Scenarios/figures"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
run() { "$EDL" run "$@" --generator "$GENERATOR" --format csv; }
plot() { "$EDL" plot "$@"; }

echo "figures: random labels"
for learner in uniform kt laplace; do
    run random-labels --learner $learner --n 1...100000:log25 --replicates 4000 --seed 1 --output $learner.csv
done
run random-labels --learner memoriser --set inputs=100 --n 1...100000:log25 --replicates 4000 --seed 1 \
    --output memoriser-100-inputs.csv
plot uniform.csv kt.csv laplace.csv memoriser-100-inputs.csv --title "Random labels (k = 2): EDL/n against n" \
    --output "$FIGURES/random-labels-edl-per-sample.svg"
plot uniform.csv kt.csv laplace.csv memoriser-100-inputs.csv --y edl_bits --title "Random labels (k = 2): EDL against n" \
    --output "$FIGURES/random-labels-edl.svg"
plot memoriser-100-inputs.csv --y regret_bits --y generalization_gap_bits --y edl_bits \
    --title "Random labels, memoriser on 100 inputs: EDL = regret + gap" \
    --output "$FIGURES/random-labels-regret-split.svg"

echo "figures: hypothesis collapse"
run hypothesis-collapse --n 1...1000:log25 --replicates 4000 --output random.csv
run hypothesis-collapse --set class=digits --n 1...1000:log25 --replicates 4000 --output digits.csv
run hypothesis-collapse --set class=diagnostic --set k=1024 --n 1...1000:log25 --replicates 4000 --output diagnostic.csv
run hypothesis-collapse --learner map --n 1...1000:log25 --replicates 4000 --output map.csv
run hypothesis-collapse --set noise=0.1 --n 1...1000:log25 --replicates 400 --output bayes-noise-0.1.csv
run hypothesis-collapse --learner map --set noise=0.1 --n 1...1000:log25 --replicates 400 --output map-noise-0.1.csv
cp random.csv bayes.csv  # the same run, named for its learner in the legend
plot random.csv digits.csv diagnostic.csv --title "Hypothesis collapse (m = 1024): EDL/n against n" \
    --output "$FIGURES/hypothesis-collapse-edl-per-sample.svg"
plot random.csv digits.csv diagnostic.csv --y rule_information_bits \
    --title "What the examples told about the rule (log m = 10 bits)" \
    --output "$FIGURES/hypothesis-collapse-rule-information.svg"
plot bayes.csv map.csv bayes-noise-0.1.csv map-noise-0.1.csv --y edl_bits \
    --title "Bayes against MAP (class=random, m = 1024, k = 2): EDL against n" \
    --output "$FIGURES/hypothesis-collapse-bayes-map.svg"

echo "figures: coupon collector"
run coupon-collector --set K=100 --n 1...10000:log30 --replicates 4000 --output uniform.csv
run coupon-collector --set K=100 --set frequencies=zipf --n 1...10000:log30 --replicates 4000 --output zipf.csv
run coupon-collector --set K=100 --learner dirichlet --n 1...10000:log30 --replicates 4000 --output dirichlet.csv
run coupon-collector --set K=100 --set noise=0.1 --n 1...10000:log30 --replicates 1000 --output bayes-noise-0.1.csv
plot uniform.csv zipf.csv dirichlet.csv bayes-noise-0.1.csv --title "Coupon collector (K = 100, k = 2): EDL/n against n" \
    --output "$FIGURES/coupon-collector-edl-per-sample.svg"
plot uniform.csv zipf.csv dirichlet.csv --y coverage --title "Coverage: probability mass of the concepts seen" \
    --output "$FIGURES/coupon-collector-coverage.svg"

echo "figures: disjoint subdistributions"
run disjoint-subdistributions --set weights=0.9,0.1 --n 1...20000:log30 --replicates 2000 --output mixture-0.9-0.1.csv
run disjoint-subdistributions --set weights=0.99,0.01 --n 1...20000:log30 --replicates 2000 --output mixture-0.99-0.01.csv
run disjoint-subdistributions --set weights=0.9,0.1 --set frozen=2 --n 1...20000:log30 --replicates 2000 \
    --output frozen-rare.csv
run disjoint-subdistributions --set components=hypothesis-collapse,coupon-collector \
    --set weights=0.5,0.5 --set c1.class=digits --set c1.m=1024 --n 1...20000:log30 --replicates 2000 \
    --output digits-and-coupons.csv
plot mixture-0.9-0.1.csv --y edl_c1_bits --y edl_c2_bits --title "Two coupon collectors (K = 100 each, π = 0.9, 0.1): EDL shares" \
    --output "$FIGURES/disjoint-subdistributions-shares.svg"
plot mixture-0.9-0.1.csv mixture-0.99-0.01.csv frozen-rare.csv \
    --title "EDL/n of coupon-collector mixtures (K = 100 each)" \
    --output "$FIGURES/disjoint-subdistributions-edl-per-sample.svg"
plot digits-and-coupons.csv --y edl_c1_bits --y edl_c2_bits \
    --title "Digits (m = 1024) and coupons (K = 100), π = 0.5 each: EDL shares" \
    --output "$FIGURES/disjoint-subdistributions-digits-and-coupons.svg"

echo "figures: format plus capability"
run format-capability --n 1...20000:log30 --replicates 1000 --output score-all.csv
run format-capability --set score=answer --n 1...20000:log30 --replicates 1000 --output score-answer.csv
run format-capability --set pretrained_format=true --n 1...20000:log30 --replicates 1000 --output pretrained-format.csv
run format-capability --set model=linear --n 1...10000:log300 --replicates 1 --output linear.csv
plot score-all.csv score-answer.csv pretrained-format.csv --title "Format plus capability (F = 64, T = 2, K = 1000, k = 10): EDL/n" \
    --output "$FIGURES/format-capability-edl-per-sample.svg"
plot score-all.csv --y edl_format_bits --y edl_answer_bits --title "score=all: format and answer shares of EDL" \
    --output "$FIGURES/format-capability-shares.svg"
plot linear.csv --title "Linear model (L_F0 = L_C0 = 1 bit, n_F = 10, n_C = 1000): EDL/n" \
    --output "$FIGURES/format-capability-linear.svg"

echo "figures: capacity"
"$EDL" capacity "$DOCS/../Scenarios/paper/capacity.toml" --generator "$GENERATOR" --format csv --output capacity.csv \
    --plot "$FIGURES/capacity.svg" --plot-rank "$FIGURES/capacity-rank.svg"

echo "figures: the README's coupon-collector figure (edl reproduce)"
"$EDL" reproduce --paper "$DOCS/../Scenarios/paper" --output reproduced >/dev/null
cp reproduced/coupon-collector.svg "$DOCS/figures/coupon-collector.svg"
echo "figures: written to $FIGURES and $DOCS/figures"
