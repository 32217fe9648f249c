#ifndef EDL_CGSL_SHIM_H
#define EDL_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sf_result.h>

/* Swift 6 rejects GSL's mutable global generator-type variables as
   concurrency-unsafe; these getters read them instead. */
static inline const gsl_rng_type *edl_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *edl_gsl_rng_taus2(void) { return gsl_rng_taus2; }

/* Switches GSL's abort-on-error handler off; errors come back as status codes. */
static inline void edl_gsl_error_handler_off(void) { (void)gsl_set_error_handler_off(); }

#endif
