/* workers: a generic loop over a task callback, in forked processes or inline.
 * Invariant: every message on the pipe is MSG bytes: one status byte ('+' a result follows,
 * '!' a failure's text follows) and a payload of w->result_size or WORKERS_WHY_MAX + 1
 * bytes, whichever is larger; the parent is the only reader and the only caller of done. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#define _POSIX_C_SOURCE 200809L
#include "app/workers.h"

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

_Static_assert(1 + WORKERS_RESULT_MAX <= _POSIX_PIPE_BUF && 1 + WORKERS_WHY_MAX + 1 <= _POSIX_PIPE_BUF,
	       "a message must fit in PIPE_BUF");

static size_t msg_size(const struct workers *w)
{
	size_t payload = w->result_size > WORKERS_WHY_MAX + 1 ? w->result_size : WORKERS_WHY_MAX + 1;
	return 1 + payload;
}

static bool cancelled(const struct workers *w)
{
	return w->cancel && *w->cancel;
}

/* Keeps the first failure: the one that caused the others. */
static void fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
	if (!err[0])
		snprintf(err, errlen, fmt, arg);
}

/* Runs every task here, in order. */
static int run_inline(const struct workers *w, char *err, size_t errlen)
{
	void *result = xmalloc(w->result_size);
	int status = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (cancelled(w)) {
			status = -2;
			break;
		}
		char why[1024] = "";
		memset(result, 0, w->result_size);
		if (w->run(w->ctx, i, result, why, sizeof why) != 0) {
			fail(err, errlen, "%s", why);
			status = -1;
			break;
		}
		w->done(w->ctx, result);
	}
	free(result);
	return status;
}

/* A worker process: takes tasks from the shared counter until none is left, a task fails
 * or the run is cancelled. Returns its exit status. */
static int worker(const struct workers *w, atomic_size_t *next, int fd)
{
	size_t size = msg_size(w);
	char *msg = xmalloc(size);
	void *result = xmalloc(w->result_size); /* aligned for the caller's record, unlike msg + 1 */
	int status = 0;
	for (;;) {
		size_t i = atomic_fetch_add(next, 1);
		if (i >= w->n || cancelled(w))
			break;
		memset(msg, 0, size);
		memset(result, 0, w->result_size);
		char why[1024] = "";
		bool ok = w->run(w->ctx, i, result, why, sizeof why) == 0;
		if (ok) {
			memcpy(msg + 1, result, w->result_size);
		} else {
			status = 1;
			atomic_store(next, w->n); /* the cause (disk full, …) would fail the rest too */
			snprintf(msg + 1, WORKERS_WHY_MAX + 1, "%.*s", WORKERS_WHY_MAX, why);
		}
		msg[0] = ok ? '+' : '!';
		if (write(fd, msg, size) != (ssize_t)size)
			status = 1;
		if (!ok)
			break;
	}
	free(result);
	free(msg);
	return status;
}

/* Reads the workers' messages until every worker has closed its end of the pipe. */
static void collect(const struct workers *w, int fd, char *err, size_t errlen)
{
	size_t size = msg_size(w);
	void *result = xmalloc(w->result_size); /* aligned for the caller's record */
	struct buf acc = BUF_INIT;
	char chunk[4096];
	for (;;) {
		ssize_t k = read(fd, chunk, sizeof chunk);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		buf_add(&acc, chunk, (size_t)k);
		size_t at = 0;
		for (; acc.len - at >= size; at += size) {
			const char *msg = acc.data + at;
			if (msg[0] == '!') {
				fail(err, errlen, "%s", msg + 1);
				continue;
			}
			memcpy(result, msg + 1, w->result_size);
			w->done(w->ctx, result);
		}
		memmove(acc.data, acc.data + at, acc.len - at);
		acc.len -= at;
	}
	buf_free(&acc);
	free(result);
}

static int run_parallel(const struct workers *w, char *err, size_t errlen)
{
	int fds[2];
	if (pipe(fds) != 0) {
		fail(err, errlen, "cannot start workers: %s", strerror(errno));
		return -1;
	}
	/* the next task's index, shared by the workers (an anonymous shared page) */
	atomic_size_t *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (next == MAP_FAILED) {
		fail(err, errlen, "cannot start workers: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	atomic_init(next, 0);
	fflush(stderr); /* nothing buffered is written twice */
	pid_t *pids = xcalloc(w->jobs, sizeof *pids);
	int status = 0;
	bool oom = false; /* a worker ran out of memory (and said so) */
	for (size_t k = 0; k < w->jobs; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			close(fds[0]);
			int st = worker(w, next, fds[1]);
			close(fds[1]);
			_exit(st);
		}
		if (pids[k] < 0) {
			fail(err, errlen, "cannot start a worker: %s", strerror(errno));
			status = -1;
			break;
		}
	}
	close(fds[1]);
	collect(w, fds[0], err, errlen);
	close(fds[0]);
	for (size_t k = 0; k < w->jobs; k++) {
		int ws;
		if (pids[k] <= 0)
			continue;
		while (waitpid(pids[k], &ws, 0) < 0 && errno == EINTR)
			;
		oom |= WIFEXITED(ws) && WEXITSTATUS(ws) == XALLOC_EXIT;
		if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
			status = -1;
			fail(err, errlen, "%s", "a worker process failed");
		}
	}
	free(pids);
	munmap(next, sizeof *next);
	if (oom)
		xalloc_exit_quietly(); /* out of memory ends the run as it does without workers */
	return status;
}

int workers_run(const struct workers *w, char *err, size_t errlen)
{
	err[0] = '\0';
	if (w->result_size == 0 || w->result_size > WORKERS_RESULT_MAX) {
		snprintf(err, errlen, "workers: a result of %zu bytes does not fit a message", w->result_size);
		return -1;
	}
	return w->jobs <= 1 ? run_inline(w, err, errlen) : run_parallel(w, err, errlen);
}
