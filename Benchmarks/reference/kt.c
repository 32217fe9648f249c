/* The least a per-example KT (k = 2) random-labels simulation can do, as a
   yardstick for edl's kt-labels workload (Docs/Performance.md):
     kt 0 n R   only draws the R*n labels (the draws-only loop);
     kt 1 n R   per example: draw a label, code it from two table lookups,
                count it; at 20 log-spaced checkpoints the exact test loss
                (two logs) and EDL, summed. Plain sums, no
                per-checkpoint statistics, one thread.
   Build: clang -O2 -o kt kt.c -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "xoshiro.h"

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: kt 0|1 n R\n"); return 2; }
    const int mode = atoi(argv[1]);
    const long n = atol(argv[2]), R = atol(argv[3]);
    if (mode == 0) {
        uint64_t checksum = 0;
        for (long r = 0; r < R; r++)
            for (long i = 0; i < n; i++) checksum += below(2);
        printf("%llu\n", (unsigned long long)checksum);
        return 0;
    }
    double *countLogs = malloc((n + 2) * sizeof(double)), *totalLogs = malloc((n + 2) * sizeof(double));
    for (long i = 0; i <= n + 1; i++) {
        countLogs[i] = log(i + 0.5);  /* log(c + 1/2) */
        totalLogs[i] = log(i + 1.0);  /* log(N + 2 * 1/2) */
    }
    long grid[20];
    for (int g = 0; g < 20; g++) grid[g] = (long)llround(exp(log((double)n) * g / 19.0));
    double edlSum = 0;
    for (long r = 0; r < R; r++) {
        long counts[2] = {0, 0}, total = 0;
        double mdl = 0;
        for (int g = 0; g < 20; g++) {
            for (; total < grid[g]; total++) {
                const uint64_t y = below(2);
                mdl += totalLogs[total] - countLogs[counts[y]];
                counts[y]++;
            }
            const double p0 = (counts[0] + 0.5) / (total + 1.0);
            edlSum += mdl - total * (-0.5 * log(p0) - 0.5 * log1p(-p0));
        }
    }
    printf("%g\n", edlSum / R);
    return 0;
}
