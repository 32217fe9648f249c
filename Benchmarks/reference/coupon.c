/* The least a per-example noise-free coupon-collector simulation can do, as a
   yardstick for edl's coupon workloads (Docs/Performance.md):
     coupon 0 K n R   only draws the R*n concepts (the draws-only loop);
     coupon 1 K n R   per example: draw a concept, test its 2-bit entry; at a
                      first sight hash its label, store it and add to three
                      plain (not compensated) sums. No checkpoints, no test
                      loss, no statistics, one thread.
   Build: clang -O2 -o coupon coupon.c */
#include <stdio.h>
#include <stdlib.h>
#include "xoshiro.h"

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: coupon 0|1 K n R\n"); return 2; }
    const int mode = atoi(argv[1]);
    const long K = atol(argv[2]), n = atol(argv[3]), R = atol(argv[4]);
    uint64_t checksum = 0;
    long firstSights = 0;
    double mdl = 0, coverage = 0, loss = 0;
    if (mode == 0) {
        for (long r = 0; r < R; r++)
            for (long i = 0; i < n; i++) checksum += below(K);
    } else {
        const long words = K / 32 + 2;
        uint64_t *entries = calloc(words, 8);
        for (long r = 0; r < R; r++) {
            for (long w = 0; w < words; w++) entries[w] = 0;
            for (long i = 0; i < n; i++) {
                const uint64_t c = below(K) + 1, word = c >> 5, offset = (c & 31) << 1;
                if ((entries[word] >> offset) & 3) continue;  /* a repeat: coded at 0 */
                const uint64_t label = (uint64_t)(((__uint128_t)mix(12345 + c * 0x9e3779b97f4a7c15u) * 2) >> 64);
                entries[word] |= (label + 1) << offset;
                firstSights++;
                mdl += 0.6931471805599453;
                coverage += 1.0 / K;
                loss -= 0.6931471805599453 / K;
            }
        }
    }
    printf("%llu %ld %g %g %g\n", (unsigned long long)checksum, firstSights, mdl, coverage, loss);
    return 0;
}
