/* workers: runs n numbered tasks over worker processes (or in the calling one) and hands
 * each task's result back to the calling process as it finishes.
 * Invariant: knows nothing of what a task does or what its result means (a fixed-size
 * record of bytes). Workers take the next task from one counter they share, so a long task
 * does not hold back the others; each result travels on a pipe as one message shorter than
 * PIPE_BUF, so that messages of several workers never interleave; after a task fails no
 * new task starts. */
#ifndef PT_WORKERS_H
#define PT_WORKERS_H

#include <signal.h>
#include <stddef.h>

#define WORKERS_RESULT_MAX 500 /* bytes of one result (POSIX PIPE_BUF is at least 512) */
#define WORKERS_WHY_MAX 400    /* characters of a worker's failure that reach the parent */

struct workers {
	size_t n;           /* tasks, numbered 0 .. n-1 */
	size_t jobs;        /* worker processes; <= 1: the tasks run in the calling process, in order */
	size_t result_size; /* bytes of one result, 1 .. WORKERS_RESULT_MAX */
	/* Runs task i (in a worker, or in the caller): fills result (result_size bytes, zeroed
	 * before). Returns 0, or -1 with why (a NUL-terminated line in whylen bytes). */
	int (*run)(void *ctx, size_t i, void *result, char *why, size_t whylen);
	/* Receives the result of a task that succeeded, in the calling process (borrowed). */
	void (*done)(void *ctx, const void *result);
	void *ctx;
	volatile sig_atomic_t *cancel; /* non-zero: no new task starts (may be NULL) */
};

/* Runs w's tasks. Returns 0 when no task failed (cancel may have left some not run: the
 * caller checks it), -1 with err (errlen bytes) when a task failed (its why, cut to
 * WORKERS_WHY_MAX characters when it ran in a worker), a worker could not start or did
 * not end well, or -2 when cancel stopped tasks running in the caller. w is borrowed. */
int workers_run(const struct workers *w, char *err, size_t errlen);

#endif
