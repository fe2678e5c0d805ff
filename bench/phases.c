/* phases: runs a command (patronat) for `make bench` and reports, from outside, what a total
 * time and RSS cannot: the wall seconds the command ran with no child process alive (for
 * patronat -j N: its serial part — reading, planning, the print files, the register, the
 * manifest — the time before the first worker forks and after the last one exits), and the
 * peak RSS of the command itself and of its largest child (the workers).
 * Usage: phases REPORT CMD ARGS... — REPORT gets one line "serial_s parent_kb child_kb";
 * the exit status is the command's.
 * Invariant: only reads /proc (polled every 2 ms, so a peak shorter than that can be missed,
 * and a child living less than that can be taken for serial time); never signals the command. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* VmHWM of pid in KB, 0 when gone. */
static long hwm(long pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%ld/status", pid);
	FILE *f = fopen(path, "r");
	long kb = 0;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

/* The children of pid (every thread's), their largest VmHWM into *peak. Returns how many. */
static int children(long pid, long *peak)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/task", pid);
	DIR *d = opendir(path);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char cpath[320];
		snprintf(cpath, sizeof cpath, "/proc/%ld/task/%s/children", pid, e->d_name);
		FILE *f = fopen(cpath, "r");
		long c;
		while (f && fscanf(f, "%ld", &c) == 1) {
			long kb = hwm(c);
			if (kb > *peak)
				*peak = kb;
			n++;
		}
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: phases REPORT CMD ARGS...\n");
		return 2;
	}
	double start = now();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	double serial = 0, last = start;
	long parent = 0, child = 0;
	int status = 0;
	for (;;) {
		siginfo_t si;
		si.si_pid = 0;
		/* WNOWAIT: the command stays a zombie until its figures are read */
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid)
			break;
		long kb = hwm(pid);
		if (kb > parent)
			parent = kb;
		int n = children(pid, &child);
		double t = now();
		if (n == 0)
			serial += t - last;
		last = t;
		struct timespec nap = {0, 2000000};
		nanosleep(&nap, NULL);
	}
	serial += now() - last;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	FILE *f = fopen(argv[1], "w");
	if (f) {
		fprintf(f, "%.3f %ld %ld\n", serial, parent, child);
		fclose(f);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
