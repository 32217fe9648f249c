/* xoshiro256** and Lemire's multiply-and-reject uniform integer, as edl
   draws them (Sources/CGSL/shim.h, RandomSource.uniformInteger(below:)). */
#include <stdint.h>

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t state[4] = {0x9e3779b97f4a7c15u, 0xbf58476d1ce4e5b9u, 0x94d049bb133111ebu, 1};

static inline uint64_t next(void) {
    const uint64_t result = rotl(state[1] * 5, 7) * 9;
    const uint64_t t = state[1] << 17;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 45);
    return result;
}

/* A uniform integer in 0..<bound (exact). */
static inline uint64_t below(uint64_t bound) {
    __uint128_t m = (__uint128_t)next() * bound;
    uint64_t low = (uint64_t)m;
    if (__builtin_expect(low < bound, 0)) {
        const uint64_t threshold = -bound % bound;
        while (low < threshold) {
            m = (__uint128_t)next() * bound;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}
