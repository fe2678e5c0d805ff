/* api: the page's JSON endpoints over patronat.h — what the input holds, its problems, the
 * batch (in its own thread, one at a time), the archive.
 * Invariant: one batch at a time (a second gets 409 «уже выполняется»); the batch thread is
 * the only user of its session, others reach it only through pt_cancel under the mutex. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/json.h"
#include "web/webint.h"

#define MAX_PROBLEMS 5000 /* problems one answer lists (the count says how many there are) */
#define MAX_LINES 2000    /* lines of verify one answer lists */

static struct pt_options options(const struct web_server *srv)
{
	return (struct pt_options){
		.in_dir = srv->in_real,
		.out_dir = srv->out_real,
		.data_dir = srv->o->data_dir,
		.today = srv->o->today,
		.jobs = srv->o->jobs,
		.strict = srv->o->strict,
	};
}

static const char *table_title(const char *name)
{
	static const struct {
		const char *name, *title;
	} t[] = {
		{"graduates", "Выпускники"},         {"staff", "Сотрудники"},
		{"records", "Записи сопровождения"}, {"events", "Мероприятия"},
		{"mentoring", "Наставничество"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (strcmp(t[i].name, name) == 0)
			return t[i].title;
	return name;
}

static void problem_json(struct json *j, const struct pt_problem *p, bool strict)
{
	fputc('{', j->f);
	json_key(j, "level");
	json_str(j, p->level == PT_ERROR || strict ? "error" : "warning");
	fputc(',', j->f);
	json_key(j, "file");
	json_str(j, p->file);
	fputc(',', j->f);
	json_key(j, "sheet");
	json_str(j, p->sheet);
	fprintf(j->f, ",\"line\":%d,", p->line);
	json_key(j, "cell");
	json_str(j, p->cell);
	fputc(',', j->f);
	json_key(j, "field");
	json_str(j, p->field);
	fputc(',', j->f);
	json_key(j, "graduate");
	json_str(j, p->graduate);
	fputc(',', j->f);
	json_key(j, "message");
	json_str(j, p->message);
	fputc('}', j->f);
}

/* "problems":[…] with the errors first, then the warnings, each in the library's order. */
void api_problems_json(struct json *j, const struct pt_session *s, bool strict)
{
	size_t n = pt_problem_count(s), shown = 0;
	json_key(j, "problems");
	fputc('[', j->f);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n && shown < MAX_PROBLEMS; i++) {
			const struct pt_problem *p = pt_problem_at(s, i);
			bool err = p->level == PT_ERROR || strict;
			if (err != (pass == 0))
				continue;
			if (shown++)
				fputc(',', j->f);
			problem_json(j, p, strict);
		}
	fprintf(j->f, "],\"errors\":%zu,\"warnings\":%zu,\"failed\":%s", pt_error_count(s),
		strict ? 0 : pt_warning_count(s), pt_failed(s) ? "true" : "false");
}

void api_state(struct web_server *srv, struct web_reply *r)
{
	struct pt_options o = options(srv);
	struct pt_session *s = pt_open(&o, PT_ALL);
	struct json j;
	if (json_open(&j) != 0) {
		pt_close(s);
		reply_error(r, 500, "нет памяти");
		return;
	}
	fputc('{', j.f);
	json_key(&j, "input");
	json_str(&j, srv->in_real);
	fputc(',', j.f);
	json_key(&j, "output");
	json_str(&j, srv->out_real);
	fprintf(j.f, ",\"year\":%d,\"graduates\":%zu,\"date\":\"%04d-%02d-%02d\",", pt_academic_year(s),
		pt_graduate_count(s), o.today.year, o.today.month, o.today.day);
	json_key(&j, "tables");
	fputc('[', j.f);
	for (size_t i = 0; i < pt_table_count(s); i++) {
		const struct pt_table_info *t = pt_table_at(s, i);
		fprintf(j.f, "%s{", i ? "," : "");
		json_key(&j, "name");
		json_str(&j, t->name);
		fputc(',', j.f);
		json_key(&j, "title");
		json_str(&j, table_title(t->name));
		fputc(',', j.f);
		json_key(&j, "file");
		json_str(&j, t->file);
		fprintf(j.f, ",\"rows\":%zu}", t->rows);
	}
	fputs("],", j.f);
	api_problems_json(&j, s, o.strict);
	pthread_mutex_lock(&srv->mu);
	bool busy = srv->b.running || srv->checking;
	pthread_mutex_unlock(&srv->mu);
	fprintf(j.f, ",\"busy\":%s,\"sample_workbook\":%s}", busy ? "true" : "false",
		files_has_sample_workbook(srv->o->data_dir) ? "true" : "false");
	pt_close(s);
	size_t len;
	char *body = json_take(&j, &len);
	reply_json(r, 200, body, len);
}

void api_graduates(struct web_server *srv, struct web_reply *r)
{
	struct pt_options o = options(srv);
	struct pt_session *s = pt_open(&o, PT_PASSPORTS | PT_PLANS);
	struct json j;
	if (json_open(&j) != 0) {
		pt_close(s);
		reply_error(r, 500, "нет памяти");
		return;
	}
	fputs("{\"graduates\":[", j.f);
	for (size_t i = 0; i < pt_graduate_count(s); i++) {
		const struct pt_graduate_info *g = pt_graduate_at(s, i);
		char passport[128], plan[128];
		snprintf(passport, sizeof passport, "passports/%s.pdf", g->id);
		snprintf(plan, sizeof plan, "plans/%s.pdf", g->id);
		fprintf(j.f, "%s{", i ? "," : "");
		json_key(&j, "id");
		json_str(&j, g->id);
		fputc(',', j.f);
		json_key(&j, "surname");
		json_str(&j, g->surname);
		fputc(',', j.f);
		json_key(&j, "name");
		json_str(&j, g->name);
		fputc(',', j.f);
		json_key(&j, "patronymic");
		json_str(&j, g->patronymic);
		fprintf(j.f, ",\"passport\":%s,\"plan\":%s}", files_exists(srv->out_real, passport) ? "true" : "false",
			files_exists(srv->out_real, plan) ? "true" : "false");
	}
	fputs("]}", j.f);
	pt_close(s);
	size_t len;
	char *body = json_take(&j, &len);
	reply_json(r, 200, body, len);
}

/* ---- the batch ----------------------------------------------------------------------- */

static void on_progress(const struct pt_progress *p, void *arg)
{
	struct web_batch *b = arg;
	pthread_mutex_lock(&b->srv->mu);
	b->p = *p;
	pthread_mutex_unlock(&b->srv->mu);
}

/* The files the batch wrote, as a JSON array. */
static char *files_json(const struct pt_session *s, size_t *len)
{
	struct json j;
	if (json_open(&j) != 0)
		return NULL;
	fputc('[', j.f);
	for (size_t i = 0; i < pt_file_count(s); i++) {
		const struct pt_file_info *f = pt_file_at(s, i);
		fprintf(j.f, "%s{", i ? "," : "");
		json_key(&j, "path");
		json_str(&j, f->path);
		fputc(',', j.f);
		json_key(&j, "kind");
		json_str(&j, f->kind);
		fputc(',', j.f);
		json_key(&j, "graduate");
		json_str(&j, f->graduate);
		fprintf(j.f, ",\"pages\":%d}", f->pages);
	}
	fputc(']', j.f);
	return json_take(&j, len);
}

static void *batch_main(void *arg)
{
	struct web_batch *b = arg;
	struct web_server *srv = b->srv;
	struct pt_options o = options(srv);
	o.year = b->year;
	o.graduate = b->graduate[0] ? b->graduate : NULL;
	struct pt_session *s = pt_open(&o, b->docs);
	pthread_mutex_lock(&srv->mu);
	b->s = s;
	if (srv->stopping)
		pt_cancel(s);
	pthread_mutex_unlock(&srv->mu);
	enum pt_status st = pt_failed(s) ? PT_INPUT_ERROR : pt_write(s, b->docs, on_progress, b);
	size_t len = 0;
	char *files = files_json(s, &len);
	pthread_mutex_lock(&srv->mu);
	b->s = NULL;
	free(b->files_json);
	b->files_json = files;
	b->files_len = len;
	switch (st) {
	case PT_OK:
		snprintf(b->state, sizeof b->state, "done");
		long tenths = (long)(b->p.elapsed * 10 + 0.5); /* a decimal comma, as Russian writes it */
		snprintf(b->msg, sizeof b->msg, "Готово: файлов — %zu, за %ld,%ld с", pt_file_count(s), tenths / 10,
			 tenths % 10);
		break;
	case PT_INPUT_ERROR:
		snprintf(b->state, sizeof b->state, "input");
		snprintf(b->msg, sizeof b->msg,
			 "Документы не сделаны: во входных данных ошибок — %zu. Исправьте их (раздел «Проверка»).",
			 pt_error_count(s));
		break;
	case PT_INTERRUPTED:
		snprintf(b->state, sizeof b->state, "cancelled");
		snprintf(b->msg, sizeof b->msg, "Остановлено: готовые файлы целы, недописанных нет.");
		break;
	default:
		snprintf(b->state, sizeof b->state, "failed");
		snprintf(b->msg, sizeof b->msg, "Документы не сделаны: %.500s", pt_last_error(s));
		break;
	}
	b->running = false;
	pthread_mutex_unlock(&srv->mu);
	pt_close(s);
	return NULL;
}

static unsigned docs_of(const char *name)
{
	static const struct {
		const char *name;
		unsigned docs;
	} t[] = {
		{"passports", PT_PASSPORTS}, {"plans", PT_PLANS}, {"order", PT_ORDER},
		{"report", PT_REPORT},       {"all", PT_ALL},     {"graduate", PT_PASSPORTS | PT_PLANS},
	};
	for (size_t i = 0; name && i < sizeof t / sizeof *t; i++)
		if (strcmp(t[i].name, name) == 0)
			return t[i].docs;
	return 0;
}

static bool plain_id(const char *s)
{
	if (!*s || strlen(s) > 60 || s[0] == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_' || *s == '.'))
			return false;
	return true;
}

void api_run(struct web_server *srv, const char *docs, const char *year, const char *graduate,
	     struct web_reply *r)
{
	unsigned d = docs_of(docs);
	int y = 0;
	if (!d) {
		reply_error(r, 400, "неизвестный документ");
		return;
	}
	if (year && *year) {
		char *end;
		long v = strtol(year, &end, 10);
		if (*end || v < 1990 || v > 2199) {
			reply_error(r, 400, "учебный год — четыре цифры, например 2025");
			return;
		}
		y = (int)v;
	}
	bool one = strcmp(docs, "graduate") == 0;
	if (one != (graduate && *graduate) || (one && !plain_id(graduate))) {
		reply_error(r, 400, "выпускник не указан");
		return;
	}
	pthread_mutex_lock(&srv->mu);
	struct web_batch *b = &srv->b;
	if (srv->stopping || b->running || srv->checking) {
		pthread_mutex_unlock(&srv->mu);
		reply_error(r, 409, srv->stopping ? "сервер останавливается" : "уже выполняется");
		return;
	}
	if (b->joinable) /* the last batch has ended (not running): its thread is done or nearly */
		pthread_join(b->th, NULL);
	b->joinable = false;
	b->docs = d;
	b->year = y;
	snprintf(b->graduate, sizeof b->graduate, "%s", one ? graduate : "");
	b->p = (struct pt_progress){0, 0, 0, -1, 0};
	snprintf(b->state, sizeof b->state, "running");
	b->msg[0] = '\0';
	free(b->files_json);
	b->files_json = NULL;
	b->running = true;
	int rc = pthread_create(&b->th, NULL, batch_main, b);
	if (rc != 0) {
		b->running = false;
		snprintf(b->state, sizeof b->state, "failed");
		pthread_mutex_unlock(&srv->mu);
		reply_error(r, 500, "не удалось начать");
		return;
	}
	b->joinable = true;
	pthread_mutex_unlock(&srv->mu);
	char *body = strdup("{\"started\":true}");
	reply_json(r, 202, body, body ? strlen(body) : 0);
}

void api_progress(struct web_server *srv, struct web_reply *r)
{
	struct json j;
	if (json_open(&j) != 0) {
		reply_error(r, 500, "нет памяти");
		return;
	}
	pthread_mutex_lock(&srv->mu);
	const struct web_batch *b = &srv->b;
	fputc('{', j.f);
	json_key(&j, "state");
	json_str(&j, b->state);
	fputc(',', j.f);
	json_key(&j, "message");
	json_str(&j, b->msg);
	fprintf(j.f, ",\"done\":%zu,\"total\":%zu,\"elapsed\":%.1f,\"left\":%.1f,\"docs\":%u,", b->p.done,
		b->p.total, b->p.elapsed, b->p.left, b->docs);
	json_key(&j, "graduate");
	json_str(&j, b->graduate);
	fputc(',', j.f);
	json_key(&j, "files");
	if (b->files_json && !b->running)
		fwrite(b->files_json, 1, b->files_len, j.f);
	else
		fputs("[]", j.f);
	fputc('}', j.f);
	pthread_mutex_unlock(&srv->mu);
	size_t len;
	char *body = json_take(&j, &len);
	reply_json(r, 200, body, len);
}

void api_cancel(struct web_server *srv, struct web_reply *r)
{
	pthread_mutex_lock(&srv->mu);
	bool running = srv->b.running;
	if (running && srv->b.s)
		pt_cancel(srv->b.s);
	pthread_mutex_unlock(&srv->mu);
	if (!running) {
		reply_error(r, 409, "ничего не выполняется");
		return;
	}
	char *body = strdup("{\"cancelling\":true}");
	reply_json(r, 202, body, body ? strlen(body) : 0);
}

void api_shutdown(struct web_server *srv)
{
	pthread_mutex_lock(&srv->mu);
	if (srv->b.running && srv->b.s)
		pt_cancel(srv->b.s);
	bool join = srv->b.joinable;
	srv->b.joinable = false;
	pthread_mutex_unlock(&srv->mu);
	if (join)
		pthread_join(srv->b.th, NULL);
	free(srv->b.files_json);
	srv->b.files_json = NULL;
}

/* ---- the archive --------------------------------------------------------------------- */

struct lines {
	struct json *j;
	size_t n;
};

static void add_line(const char *text, void *arg)
{
	struct lines *l = arg;
	if (l->n >= MAX_LINES)
		return;
	if (l->n++)
		fputc(',', l->j->f);
	json_str(l->j, text);
}

/* "key":{"count":N,"lines":[…],"error":…} of pt_verify. */
static void verify_json(struct json *j, const char *key, const char *dir, bool expired, struct pt_date today)
{
	char err[512] = "";
	struct lines l = {j, 0};
	json_key(j, key);
	fputs("{\"lines\":[", j->f);
	long n = pt_verify(dir, expired, today, add_line, &l, err, sizeof err);
	fprintf(j->f, "],\"count\":%ld,", n);
	json_key(j, "error");
	json_str(j, n < 0 ? err : NULL);
	fputc('}', j->f);
}

void api_archive(struct web_server *srv, struct web_reply *r)
{
	struct json j;
	if (json_open(&j) != 0) {
		reply_error(r, 500, "нет памяти");
		return;
	}
	fputc('{', j.f);
	verify_json(&j, "verify", srv->out_real, false, srv->o->today);
	fputc(',', j.f);
	verify_json(&j, "expired", srv->out_real, true, srv->o->today);
	fprintf(j.f, ",\"inventory\":%s,\"manifest\":%s}",
		files_exists(srv->out_real, "print/inventory.pdf") ? "true" : "false",
		files_exists(srv->out_real, "manifest.csv") ? "true" : "false");
	size_t len;
	char *body = json_take(&j, &len);
	reply_json(r, 200, body, len);
}
