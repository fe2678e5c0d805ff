/* stage: one run at a time in an output folder, and a run's files put in place all at once.
 * A run takes an exclusive flock on OUT/.patronat.lock (holding its pid as text), writes
 * every file into its staging area OUT/.patronat-staging-PID/ (same layout as OUT), and
 * commits: the staged files made durable (syncfs, or an fsync of each), a marker
 * ".commit" written and made durable, then the documents renamed into OUT, their folders
 * fsynced, the manifest renamed last and OUT fsynced. A staging area without the marker is
 * discarded by the next run; one with it is finished by the next run (the renames are
 * idempotent), so OUT is always as before a run or as after it.
 * Invariant: only the lock holder touches a staging area, so every staging area found
 * under the lock is stale; the program's own temporary files live only there. */
#ifndef PT_STAGE_H
#define PT_STAGE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

#define STAGE_LOCK ".patronat.lock"
#define STAGE_PREFIX ".patronat-staging-"

struct stage {
	const char *out; /* the output folder (borrowed) */
	char *dir;       /* OUT/.patronat-staging-PID once stage_open made it, else NULL */
	int lock_fd;     /* the lock file, -1 while not held */
};

/* Creates out (and its parents, 0750) when missing and takes the lock. When another process
 * holds it: with wait, calls waiting(pid, arg) once (pid 0 when unknown; waiting may be
 * NULL) and polls until it is free or *cancel is set; without wait, returns -3 at once with
 * err naming the holder. Returns 0, -1 with err (out cannot be made or locked), -2
 * (cancelled while waiting) or -3 (busy). s is zeroed by the caller except for out. */
int stage_lock(struct stage *s, bool wait, const volatile sig_atomic_t *cancel,
	       void (*waiting)(long pid, void *arg), void *arg, char *err, size_t errlen);
/* Releases the lock (nothing when not held) and frees s->dir. */
void stage_unlock(struct stage *s);

/* Under the lock: finds the staging areas a killed run left in s->out; finishes a committed
 * one, removes the others, and says so with a warning in dl. Returns 0, or -1 with err (a
 * committed area could not be finished: OUT is left for the next run to try again). */
int stage_recover(const struct stage *s, struct diag_list *dl, char *err, size_t errlen);

/* Creates the staging area s->dir (mode 0750 narrowed by the umask) and its folders sub
 * (n names, such as "passports"). Returns 0, or -1 with err. */
int stage_open(struct stage *s, const char *const *sub, size_t n, char *err, size_t errlen);
/* Makes the staged files durable and moves them into s->out, manifest.csv last; the staging
 * area is gone afterwards. Returns 0, or -1 with err (before the marker: OUT unchanged and
 * the area removed; after it: the next run finishes the move). */
int stage_commit(struct stage *s, char *err, size_t errlen);
/* Removes the staging area and everything in it (nothing when there is none). */
void stage_remove(struct stage *s);

/* Narrows the mode of the existing folder path to at most 0750 (never widens). Returns 0,
 * or -1 when path is not a folder or cannot be changed. */
int stage_narrow_folder(const char *path);

#endif
