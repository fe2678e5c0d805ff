/* test_workers: the generic task loop — every task run exactly once and its result handed
 * back, inline and over worker processes; a failing task stops the batch with its own
 * message (cut to WORKERS_WHY_MAX from a worker); cancelling stops an inline run. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/workers.h"
#include "harness.h"

#define N 60

struct out {
	size_t i, square;
	long pid;
};

struct ctx {
	size_t fail_at;     /* the task that fails, or N */
	bool long_why;      /* its message is 1000 characters */
	size_t cancel_after; /* set cancel once this many results arrived, 0 = never */
	volatile sig_atomic_t cancel;
	int seen[N];
	size_t nseen;
	bool order_kept;    /* results arrived in task order */
	bool from_child;    /* some result came from another process */
	size_t damaged;     /* results whose contents did not survive the trip */
};

static int run(void *c, size_t i, void *result, char *why, size_t whylen)
{
	struct ctx *x = c;
	if (i == x->fail_at) {
		if (x->long_why) {
			memset(why, 'x', whylen - 1);
			why[whylen - 1] = '\0';
		} else {
			snprintf(why, whylen, "task %zu: disk full", i);
		}
		return -1;
	}
	struct out *o = result;
	*o = (struct out){i, i * i, (long)getpid()};
	return 0;
}

static void done(void *c, const void *result)
{
	struct ctx *x = c;
	const struct out *o = result;
	if (o->i < N)
		x->seen[o->i]++;
	x->order_kept &= o->i == x->nseen;
	x->from_child |= o->pid != (long)getpid();
	x->damaged += o->square != o->i * o->i;
	if (++x->nseen == x->cancel_after)
		x->cancel = 1;
}

static int go(struct ctx *x, size_t jobs, char *err, size_t errlen)
{
	x->order_kept = true;
	struct workers w = {N, jobs, sizeof(struct out), run, done, x, &x->cancel};
	int rc = workers_run(&w, err, errlen);
	CHECK(x->damaged == 0, "-j %zu: %zu results arrived damaged", jobs, x->damaged);
	return rc;
}

static void test_all_once(size_t jobs)
{
	struct ctx x = {.fail_at = N};
	char err[512];
	int rc = go(&x, jobs, err, sizeof err);
	CHECK(rc == 0, "-j %zu: rc %d (%s)", jobs, rc, err);
	CHECK(x.nseen == N, "-j %zu: %zu results of %d", jobs, x.nseen, N);
	size_t once = 0;
	for (size_t i = 0; i < N; i++)
		once += x.seen[i] == 1;
	CHECK(once == N, "-j %zu: %zu of %d tasks ran exactly once", jobs, once, N);
	if (jobs <= 1)
		CHECK(x.order_kept && !x.from_child, "inline: in order, in this process");
	else
		CHECK(x.from_child, "-j %zu: the tasks ran in worker processes", jobs);
}

static void test_failure(size_t jobs)
{
	struct ctx x = {.fail_at = 7};
	char err[512];
	int rc = go(&x, jobs, err, sizeof err);
	CHECK(rc == -1, "-j %zu: a failed task fails the run (rc %d)", jobs, rc);
	CHECK_STR(err, "task 7: disk full");
	CHECK(x.seen[7] == 0, "-j %zu: the failed task has no result", jobs);
	size_t twice = 0;
	for (size_t i = 0; i < N; i++)
		twice += x.seen[i] > 1;
	CHECK(twice == 0, "-j %zu: %zu tasks ran twice", jobs, twice);
	if (jobs <= 1)
		CHECK(x.nseen == 7, "inline: the tasks before the failure only (%zu)", x.nseen);
	else
		CHECK(x.nseen < N, "-j %zu: no new task after the failure (%zu results)", jobs, x.nseen);
}

static void test_long_why(void)
{
	struct ctx x = {.fail_at = 3, .long_why = true};
	char err[2048];
	int rc = go(&x, 2, err, sizeof err);
	CHECK(rc == -1 && strlen(err) == WORKERS_WHY_MAX, "a worker's message is cut to %d (rc %d, %zu)",
	      WORKERS_WHY_MAX, rc, strlen(err));
}

static void test_cancel(void)
{
	struct ctx x = {.fail_at = N, .cancel_after = 5};
	char err[512];
	int rc = go(&x, 1, err, sizeof err);
	CHECK(rc == -2 && x.nseen == 5, "cancelled after 5: rc %d, %zu results", rc, x.nseen);
}

static void test_too_big(void)
{
	struct ctx x = {.fail_at = N};
	struct workers w = {N, 2, WORKERS_RESULT_MAX + 1, run, done, &x, NULL};
	char err[512];
	CHECK(workers_run(&w, err, sizeof err) == -1 && x.nseen == 0, "a result larger than a message is refused");
}

int main(void)
{
	test_all_once(1);
	test_all_once(2);
	test_all_once(5);
	test_failure(1);
	test_failure(3);
	test_long_why();
	test_cancel();
	test_too_big();
	return DONE("test_workers");
}
