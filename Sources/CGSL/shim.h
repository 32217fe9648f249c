#ifndef EDL_CGSL_SHIM_H
#define EDL_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sf_result.h>
#include <stdint.h>

/* Swift 6 rejects GSL's mutable global generator-type variables as
   concurrency-unsafe; these getters read them instead. */
static inline const gsl_rng_type *edl_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *edl_gsl_rng_taus2(void) { return gsl_rng_taus2; }

/* xoshiro256** 1.0 (Blackman and Vigna, 2018; public domain reference
   code at https://prng.di.unimi.it/xoshiro256starstar.c), registered with
   GSL as its own gsl_rng_type so GSL's samplers (Gaussian, binomial,
   discrete) draw from it through the usual gsl_rng interface. Raw outputs
   are full 64-bit words (min 0, max 2^64 - 1); gsl_rng_uniform takes the top
   53 bits. The Swift wrapper also calls edl_xoshiro256_next directly, so
   uniform integers and doubles need no call through GSL's function pointer. */
typedef struct { uint64_t s[4]; } edl_xoshiro256_state;

static inline uint64_t edl_rotate_left(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* One step of xoshiro256**: the next 64-bit output. */
static inline uint64_t edl_xoshiro256_next(edl_xoshiro256_state *state) {
    uint64_t *s = state->s;
    const uint64_t result = edl_rotate_left(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = edl_rotate_left(s[3], 45);
    return result;
}

/* GSL's seeding hook: the four words are consecutive SplitMix64 outputs of
   the seed (the first is a bijection of the seed, so distinct seeds give
   distinct states, and the state is never all zero). The Swift wrapper seeds
   the same way with its own SplitMix64. */
static inline void edl_xoshiro256_seed(void *raw, unsigned long seed) {
    edl_xoshiro256_state *state = (edl_xoshiro256_state *)raw;
    uint64_t x = (uint64_t)seed;
    for (int i = 0; i < 4; i++) {
        x += 0x9E3779B97F4A7C15ULL;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        state->s[i] = z ^ (z >> 31);
    }
    if ((state->s[0] | state->s[1] | state->s[2] | state->s[3]) == 0) state->s[3] = 1;
}

static inline unsigned long edl_xoshiro256_get(void *raw) {
    return (unsigned long)edl_xoshiro256_next((edl_xoshiro256_state *)raw);
}

static inline double edl_xoshiro256_get_double(void *raw) {
    return (double)(edl_xoshiro256_next((edl_xoshiro256_state *)raw) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type edl_xoshiro256_type = {
    "xoshiro256**", 0xFFFFFFFFFFFFFFFFUL, 0, sizeof(edl_xoshiro256_state),
    &edl_xoshiro256_seed, &edl_xoshiro256_get, &edl_xoshiro256_get_double
};

static inline const gsl_rng_type *edl_gsl_rng_xoshiro256(void) { return &edl_xoshiro256_type; }

/* Starts loading the cache line at `address` (a hint: no fault, no effect on results). */
static inline void edl_prefetch(const void *address) { __builtin_prefetch(address); }

/* Switches GSL's abort-on-error handler off; errors come back as status codes. */
static inline void edl_gsl_error_handler_off(void) { (void)gsl_set_error_handler_off(); }

#endif
