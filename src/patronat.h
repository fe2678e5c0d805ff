/* patronat.h: the library's manual — the one header the clients (the command line in
 * src/cli, the local web page in src/web) include. Nothing below it is theirs to call.
 *
 * A session is one reading of an input folder: pt_open reads and checks the tables,
 * institution.xml and the templates, and keeps every problem found as a record; pt_write
 * then writes documents from what was read; pt_close frees everything. The library never
 * prints and never exits (out of memory aside: xalloc aborts in one place with one line).
 *
 * Strings a session hands out are borrowed: valid until pt_close, never to be freed.
 * Problems carry ids, file names, cells and field names, never personal data. */
#ifndef PATRONAT_H
#define PATRONAT_H

#include <stdbool.h>
#include <stddef.h>

/* The documents, as a bit set. */
enum pt_doc {
	PT_PASSPORTS = 1,
	PT_PLANS = 2,
	PT_ORDER = 4,
	PT_REPORT = 8,
	PT_ALL = 15,
	PT_INVENTORY = 16, /* pt_dump_tree only: the register of the output folder's manifest */
};

/* A call's result, as the command line's exit status. */
enum pt_status {
	PT_OK = 0,          /* done */
	PT_INPUT_ERROR = 1, /* the input has errors (or warnings under strict): nothing written */
	PT_USAGE = 2,       /* the call itself was wrong (the CLI's usage errors) */
	PT_FAILURE = 3,     /* the documents could not be written: fonts, disk, memory */
	PT_INTERRUPTED = 130, /* stopped by pt_cancel (or SIGINT/SIGTERM in the CLI) */
};

struct pt_date {
	int year, month, day;
};

struct pt_options {
	const char *in_dir;   /* input folder (required) */
	const char *out_dir;  /* output folder (required for pt_write) */
	const char *data_dir; /* the folder holding templates/ and fonts/ (pt_find_data_dir) */
	struct pt_date today; /* the documents' date (required) */
	int year;             /* academic year (its first calendar year), 0 = the default */
	const char *graduate; /* only this graduate's documents, or NULL */
	int jobs;             /* worker processes, 0 = the number of cores */
	int shard_k, shard_n; /* only the graduates of shard k of n (1-based); n <= 1: all */
	bool duplex;          /* print files: every document starts on an odd page */
	bool strict;          /* warnings are errors */
	bool no_wait;         /* pt_write: another run holds out_dir: fail at once (PT_FAILURE) */
	bool qr;              /* every document carries the QR element of ГОСТ Р 7.0.97-2025 at
			       * the bottom right of page 1: its kind, graduate, date and the
			       * institution's short name */
};

enum pt_level { PT_WARNING, PT_ERROR };

/* One problem in the input, where the user looks for it. */
struct pt_problem {
	enum pt_level level;
	const char *file;     /* the file's name in the input folder, or NULL */
	const char *sheet;    /* a workbook's sheet, or NULL */
	int line;             /* a text file's line (CSV: the spreadsheet row), or 0 */
	const char *cell;     /* a cell in A1 notation ("E14"), or NULL */
	const char *field;    /* the column or element, or NULL */
	const char *graduate; /* the graduate's id, or NULL */
	const char *message;  /* what is wrong, in the session's language */
};

/* One input table as read. */
struct pt_table_info {
	const char *name; /* "graduates", "staff", … */
	const char *file; /* the file it came from ("graduates.csv"), or NULL when absent */
	size_t rows;
};

/* One graduate, for finding a person's documents (the web page's search). */
struct pt_graduate_info {
	const char *id;
	const char *surname, *name, *patronymic;
};

/* One file a run wrote, relative to the output folder. */
struct pt_file_info {
	const char *path; /* "passports/2024-001.pdf", "print/passports.pdf", … */
	const char *kind; /* "passport", "plan", "order", "report", "print", "inventory" */
	const char *graduate; /* or "" */
	int pages;
};

/* Progress of a batch, reported from the process that runs pt_write (never from workers). */
struct pt_progress {
	size_t done, total; /* documents */
	double elapsed;     /* seconds since the batch started */
	double left;        /* estimated seconds left, < 0 while unknown */
	long waiting_for;   /* > 0: the pid of the run holding the output folder, -1: a run of
			     * unknown pid; pt_write waits for it (reported once); 0: working */
};
typedef void (*pt_progress_fn)(const struct pt_progress *p, void *arg);

struct pt_session;

/* Returns a new session that has read and checked the input of o (borrowed: o and its
 * strings must outlive the session) for the documents docs (their templates and checks).
 * Never NULL. Problems are in pt_problem_at; pt_failed says whether documents may be written. */
struct pt_session *pt_open(const struct pt_options *o, unsigned docs);
void pt_close(struct pt_session *s);

size_t pt_problem_count(const struct pt_session *s);
/* Problems sorted: by file, then position, in the order found. i < pt_problem_count. */
const struct pt_problem *pt_problem_at(const struct pt_session *s, size_t i);
size_t pt_error_count(const struct pt_session *s);   /* errors (warnings under strict excluded) */
size_t pt_warning_count(const struct pt_session *s);
/* True when nothing may be written: an error, or a warning under strict. */
bool pt_failed(const struct pt_session *s);
/* Formats p as the command line prints it: "file:line: field: message"; a CSV cell's as
 * "file:ROW: E (field): message" (ROW the row a spreadsheet shows, E the column); a
 * workbook's as "file: лист «…», ячейка E14 (field): message"; "warning: " before a
 * warning's message ("error (strict): " when strict promotes it). Returns a new string;
 * free with free(). */
char *pt_problem_format(const struct pt_problem *p, bool strict);

/* Writes every problem of the session so far into the file path (NULL: problems.csv in
 * the output folder, which is made when missing) for a spreadsheet: UTF-8 with a BOM, ';',
 * the columns file;sheet;cell;graduate;level;message, mode 0640, written whole or not at
 * all. Written also when the session failed (it is then the one file written); pt_write
 * writes the same file itself, with the documents. Returns
 * PT_OK, or PT_FAILURE with pt_last_error set. */
enum pt_status pt_write_problems(struct pt_session *s, const char *path);

/* What was read: the tables, the graduates, the academic year of the order and report. */
size_t pt_table_count(const struct pt_session *s);
const struct pt_table_info *pt_table_at(const struct pt_session *s, size_t i);
size_t pt_graduate_count(const struct pt_session *s);
const struct pt_graduate_info *pt_graduate_at(const struct pt_session *s, size_t i);
int pt_academic_year(const struct pt_session *s);

/* Writes the documents docs (a subset of those pt_open was given) into o->out_dir, calling
 * progress (may be NULL) as documents are done. One run at a time per output folder: first
 * it takes an exclusive flock on out_dir/.patronat.lock; while another process holds it,
 * progress is called once with waiting_for set and pt_write waits (pt_cancel stops the
 * wait), or with o->no_wait fails at once (PT_FAILURE, pt_last_error names the process).
 * A run is all or nothing: what can be checked is checked before writing (the manifest
 * reads, free space for a rough estimate, write permission), every file is written into a
 * staging area out_dir/.patronat-staging-PID/, made durable, and only then moved into place,
 * manifest.csv last; problems.csv (every problem of the session, as pt_write_problems writes
 * it) is staged and moved in with them. On PT_FAILURE or PT_INTERRUPTED the output folder is
 * as it was before the call, its problems.csv too. A staging area left by a killed run is removed (or, when it was already being
 * moved, its move finished) by the next pt_write, with a warning among the problems.
 * Files are 0640 and folders 0750 at most, narrowed further by the umask.
 * Returns PT_OK, PT_INPUT_ERROR when the session failed its checks (nothing written),
 * PT_FAILURE with pt_last_error set, or PT_INTERRUPTED after pt_cancel. The library installs
 * no signal handler: a client's handler calls pt_cancel. */
enum pt_status pt_write(struct pt_session *s, unsigned docs, pt_progress_fn progress, void *arg);
/* The files the last pt_write wrote. */
size_t pt_file_count(const struct pt_session *s);
const struct pt_file_info *pt_file_at(const struct pt_session *s, size_t i);
/* Why the last call failed (PT_FAILURE), in one line; "" when it did not. */
const char *pt_last_error(const struct pt_session *s);
/* Warnings the last pt_write gave (characters a font cannot show …), as problems too:
 * they are appended to the session's problems, so pt_problem_count grows. */

/* Asks a running pt_write to stop (safe from a signal handler or another thread): workers
 * are stopped, nothing half-written stays, pt_write returns PT_INTERRUPTED. */
void pt_cancel(struct pt_session *s);

/* Opens a session that joins the shards of one sharded run: dirs (n folders, borrowed: they
 * must outlive the session) are the output folders of `--shard K/N` runs of one command, one
 * for each K of one N. Reads the record each shard left (shard.txt) and checks the shards
 * against each other (every K exactly once, one version, date, --year, set of documents and
 * input); then reads and checks the input o->in_dir as pt_open does, for the shards'
 * documents and with their date and --year (o->today with year 0: the shards'; otherwise it
 * must be theirs, as must o->year when not 0; o->graduate and o->shard_n > 1 are errors);
 * then checks that the shards were made from this input and these templates, that each
 * shard's folder verifies against its manifest (as pt_verify) and that each manifest lists
 * exactly the documents of its shard. Every problem is in pt_problem_at, a shard's naming
 * its folder; pt_failed says whether pt_merge may write. Never NULL; free with pt_close. */
struct pt_session *pt_open_shards(const struct pt_options *o, const char *const *dirs, size_t n);

/* Writes into o->out_dir (of pt_open_shards) what one unsharded run of the shards' command
 * writes there: the shards' documents copied (their bytes checked against the shards'
 * manifests as they are copied), the print files (their outlines and page labels) and the
 * register made again from them, o->duplex as that run's, and the manifest: byte for byte
 * that run's files (problems.csv is the client's to write, pt_write_problems). Every
 * guarantee of pt_write holds: the lock and progress->waiting_for, o->no_wait, the staging
 * area and the all-or-nothing commit, the modes. The output folder must not be one of the
 * shards'. Fills pt_file_at. Returns PT_OK; PT_INPUT_ERROR when the session failed its
 * checks or was not opened by pt_open_shards (nothing written); PT_FAILURE with pt_last_error
 * set; PT_INTERRUPTED after pt_cancel. */
enum pt_status pt_merge(struct pt_session *s, pt_progress_fn progress, void *arg);

/* The document tree of one document as text (the golden tests' format, src/doc/dump.h):
 * kind is one pt_doc bit (PT_PASSPORTS or PT_PLANS with graduate, PT_ORDER or PT_REPORT
 * without), or PT_INVENTORY: the register of the manifest in o->out_dir, as `all` printed it
 * there. Writes nothing. Returns PT_OK and *text (free with free()); PT_INPUT_ERROR when the
 * session failed, the graduate is unknown or the manifest cannot be read; PT_USAGE when the
 * session was not opened for that document (its template not read). pt_last_error says why. */
enum pt_status pt_dump_tree(struct pt_session *s, unsigned kind, const char *graduate, char **text);

/* Checks the output folder dir against its manifest. line (may be NULL) gets each finding
 * as one line of text (no newline). With expired, the findings are the documents whose
 * keeping period has ended by today. Returns the number of findings, or -1 when the
 * folder or its manifest cannot be read, with err (errlen bytes) saying why. */
long pt_verify(const char *dir, bool expired, struct pt_date today,
	       void (*line)(const char *text, void *arg), void *arg, char *err, size_t errlen);

/* The folder holding templates/ and fonts/: $PATRONAT_DATA, the executable's
 * ../share/patronat, or the executable's ../ (the build tree). Returns a new string (free). */
char *pt_find_data_dir(void);

/* Binds the library's messages to their catalogues (the build tree's locale/ or the
 * installed share/locale), in UTF-8. Call once, after setlocale(LC_MESSAGES, "") and
 * before pt_open: then problems, errors and verify's lines come out in the language the
 * locale chooses (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), English without a catalogue. */
void pt_init_messages(void);

/* The library's version, "0.1.0". */
const char *pt_version(void);

#endif
