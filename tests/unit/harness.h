/* harness: the few macros our unit tests use. CHECK(cond, fmt...) counts and reports;
 * CHECK_NAMED(name, cond, fmt...) the same with a name;
 * DONE(name) prints "name: N passed, N failed" and gives the exit status. */
#ifndef PT_HARNESS_H
#define PT_HARNESS_H

#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (cond) {                                                   \
			t_passed++;                                           \
		} else {                                                      \
			t_failed++;                                           \
			printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			printf(__VA_ARGS__);                                  \
			printf("\n");                                         \
		}                                                             \
	} while (0)

/* CHECK with a name of its own, printing "ok NAME" too (for suites read line by line). */
#define CHECK_NAMED(name, cond, ...)                    \
	do {                                            \
		if (cond) {                             \
			t_passed++;                     \
			printf("ok %s\n", name);        \
		} else {                                \
			t_failed++;                     \
			printf("FAIL %s: ", name);      \
			printf(__VA_ARGS__);            \
			printf("\n");                   \
		}                                       \
	} while (0)

#define CHECK_STR(got, want)                                                          \
	CHECK(strcmp((got), (want)) == 0, "got [%s], want [%s]", (got), (want))

#define DONE(name)                                                              \
	(printf("%s: %d passed, %d failed\n", (name), t_passed, t_failed), t_failed != 0)

#endif
