/*
 * budget.h — slow inputs are findings too. With VEILLE_FUZZ_US_PER_KB set
 * (scripts/fuzz.sh sets it), an input whose run takes more than 250 ms
 * plus that many microseconds per KB of input aborts, naming both, so
 * libFuzzer keeps it as a finding: work that grows faster than the input
 * shows on the inputs of -max_len 1 MB long before libFuzzer's -timeout.
 * Time is the process's CPU time (the server's threads included): a busy
 * machine that leaves the fuzzer waiting makes no finding.
 */
#ifndef VEILLE_FUZZ_BUDGET_H
#define VEILLE_FUZZ_BUDGET_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double fuzz_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Aborts when the run that began at t0 over size bytes took too long. */
static inline void fuzz_budget(double t0, size_t size)
{
    static double us_per_kb = -1; /* the first run loads lexicons: not measured */
    if (us_per_kb < 0) {
        const char *v = getenv("VEILLE_FUZZ_US_PER_KB");
        us_per_kb = v ? atof(v) : 0;
        return;
    }
    if (us_per_kb <= 0) return;
    double took = fuzz_now() - t0, bound = 0.25 + us_per_kb * 1e-6 * ((double)size / 1024);
    if (took > bound) {
        fprintf(stderr, "SLOW INPUT: %zu bytes took %.3f s, over the bound %.3f s\n", size, took,
                bound);
        abort();
    }
}

#endif
