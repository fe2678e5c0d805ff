/* typo: classification of spaces by the no-break rules (word lists and token shapes).
 * Invariant: a rule looks only at the two tokens around one space (a token runs between
 * spaces, no-break spaces and line breaks); tokens are compared in lower case UTF-8 with
 * bounded buffers, so any input length is safe. */
#include "typo.h"

#include <stdbool.h>
#include <string.h>

#include "util/utf8.h"

#define NBSP 0xA0u
#define TOK_MAX 64 /* bytes of a token compared against the word lists; longer ones match none */

struct tok {
	size_t a, b; /* [a, b) in the text */
};

static bool is_sep(unsigned c)
{
	return c == ' ' || c == NBSP || c == '\n';
}

static bool is_upper(unsigned c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0x410 && c <= 0x42F) || c == 0x401;
}

static bool is_letter(unsigned c)
{
	return is_upper(c) || (c >= 'a' && c <= 'z') || (c >= 0x430 && c <= 0x44F) || c == 0x451;
}

static bool is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

static unsigned lower(unsigned c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0x410 && c <= 0x42F))
		return c + 32;
	return c == 0x401 ? 0x451 : c;
}

/* Opening punctuation a token may start with: ( [ « „ " ' */
static bool is_opening(unsigned c)
{
	return c == '(' || c == '[' || c == 0xAB || c == 0x201E || c == '"' || c == '\'';
}

/* Closing punctuation a token may end with (not the dot: abbreviations keep it). */
static bool is_closing(unsigned c)
{
	return c == ')' || c == ']' || c == 0xBB || c == 0x201C || c == '"' || c == ',' || c == ';' ||
	       c == ':' || c == '!' || c == '?' || c == 0x2026;
}

static struct tok strip_open(const unsigned *t, struct tok k)
{
	while (k.a < k.b && is_opening(t[k.a]))
		k.a++;
	return k;
}

/* Strips closing punctuation, and a sentence's dot after it ("г.)." → "г."). */
static struct tok strip_close(const unsigned *t, struct tok k)
{
	while (k.b > k.a && (is_closing(t[k.b - 1]) ||
			     (t[k.b - 1] == '.' && k.b - k.a > 1 && is_closing(t[k.b - 2]))))
		k.b--;
	return k;
}

/* No entry of the lists below has more than this many characters ("месяцев", "человек"). */
#define LIST_MAX_CHARS 8

/* True when the token, in lower case, is one of the NULL-terminated list. */
static bool in_list(const unsigned *t, struct tok k, const char *const *list)
{
	if (k.b - k.a > LIST_MAX_CHARS)
		return false; /* most words: no need to encode them */
	char s[TOK_MAX + 4];
	size_t n = 0;
	for (size_t i = k.a; i < k.b; i++) {
		if (n + 4 > TOK_MAX)
			return false;
		n += utf8_encode(lower(t[i]), s + n);
	}
	s[n] = '\0';
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static bool is_one(const unsigned *t, struct tok k, unsigned c)
{
	return k.b == k.a + 1 && t[k.a] == c;
}

/* "И." or "И.О." (one or two capital letters, each with its dot). */
static bool is_initials(const unsigned *t, struct tok k)
{
	size_t len = k.b - k.a;
	if (len != 2 && len != 4)
		return false;
	for (size_t i = k.a; i < k.b; i += 2)
		if (!is_upper(t[i]) || t[i + 1] != '.')
			return false;
	return true;
}

/* A capitalised word (a surname): a capital then letters or hyphens. */
static bool is_name(const unsigned *t, struct tok k)
{
	if (k.b - k.a < 2 || !is_upper(t[k.a]))
		return false;
	for (size_t i = k.a + 1; i < k.b; i++)
		if (!is_letter(t[i]) && t[i] != '-')
			return false;
	return true;
}

/* A number: digits, possibly with , . – - / inside, ending with a digit ("30,5", "2024–2025"). */
static bool is_number(const unsigned *t, struct tok k)
{
	if (k.b == k.a || !is_digit(t[k.a]) || !is_digit(t[k.b - 1]))
		return false;
	for (size_t i = k.a; i < k.b; i++)
		if (!is_digit(t[i]) && t[i] != ',' && t[i] != '.' && t[i] != '-' && t[i] != 0x2013 && t[i] != '/')
			return false;
	return true;
}

/* A count: digits, possibly a decimal comma or a range ("3", "2,5", "2–3"); not a date, a
 * code or a fraction (no dot, no slash). */
static bool is_count(const unsigned *t, struct tok k)
{
	if (!is_number(t, k))
		return false;
	for (size_t i = k.a; i < k.b; i++)
		if (t[i] == '.' || t[i] == '/')
			return false;
	return true;
}

static bool all_digits(const unsigned *t, struct tok k, size_t lo, size_t hi)
{
	size_t len = k.b - k.a;
	if (len < lo || len > hi)
		return false;
	for (size_t i = k.a; i < k.b; i++)
		if (!is_digit(t[i]))
			return false;
	return true;
}

static const char *const units[] = {
	"г.", "г", "гг.", "год", "года", "году", "лет", "%", "руб.", "руб", "коп.", "тыс.", "млн",
	"млрд", "ч.", "ч", "час", "часа", "часов", "мин.", "мин", "мес.", "месяц", "месяца",
	"месяцев", "дн.", "день", "дня", "дней", "нед.", "чел.", "человек", "раз", "раза", "км", "м",
	"см", "мм", "кг", "кв.", "шт.", "стр.", "с.", NULL};

/* Abbreviations that stay with the number or name after them. */
static const char *const abbrevs[] = {
	"г.", "гг.", "д.", "кв.", "ул.", "пр.", "пер.", "корп.", "каб.", "ст.", "п.", "пп.", "ч.", "гл.",
	"разд.", "прил.", "рис.", "табл.", "стр.", "с.", "им.", "тел.", "т.", "№", NULL};

static const char *const short_words[] = {
	"в", "во", "к", "ко", "с", "со", "о", "об", "обо", "у", "и", "а", "я", "на", "по", "за", "от", "до",
	"из", "не", "ни", "но", "без", "для", "под", "над", "при", "про", NULL};

static const char *const particles[] = {"же", "ли", "бы", NULL};

static const char *const after_t[] = {"е.", "д.", "п.", "к.", NULL};

/* A dash standing alone: em, en, or a hyphen typed with spaces around it. */
static bool is_dash(const unsigned *t, struct tok k)
{
	return is_one(t, k, 0x2014) || is_one(t, k, 0x2013) || is_one(t, k, '-');
}

static bool is_lower(unsigned c)
{
	return is_letter(c) && !is_upper(c);
}

/* The kind of the space between tokens w1 and w2. */
static enum typo_space classify(const unsigned *t, struct tok w1, struct tok w2)
{
	struct tok l = strip_open(t, w1);           /* "(И." → "И." */
	struct tok r = strip_close(t, w2);          /* "Фамилия," → "Фамилия" */
	struct tok ro = strip_open(t, r);
	if (is_initials(t, l) && ro.b > ro.a && is_upper(t[ro.a]))
		return TYPO_FIXED; /* И. О. / И.О. Фамилия */
	if (is_initials(t, ro) && is_name(t, l))
		return TYPO_FIXED; /* Фамилия И. О. */
	if (w1.b > w1.a && (t[w1.b - 1] == 0x2116 || t[w1.b - 1] == 0xA7))
		return TYPO_FIXED; /* № 5, § 2 */
	if (is_number(t, l) && (in_list(t, r, units) || (w2.b > w2.a && t[w2.a] == '%')))
		return TYPO_FIXED; /* 2026 г., 50 % */
	if (in_list(t, l, (const char *const[]){"тыс.", "млн", "млн.", "млрд", "млрд.", NULL}) &&
	    in_list(t, r, units))
		return TYPO_FIXED; /* 27 тыс. руб. */
	if (all_digits(t, l, 1, 3) && all_digits(t, r, 3, 3))
		return TYPO_FIXED; /* 33 141 */
	if (is_count(t, l) && ro.a == r.a && ro.b > ro.a && is_lower(t[ro.a]) && !in_list(t, r, short_words) &&
	    !in_list(t, r, particles) && !in_list(t, r, abbrevs))
		return TYPO_GLUE; /* 3 разряда: a number and the word it counts */
	if (in_list(t, l, abbrevs) && ro.b > ro.a && (is_digit(t[ro.a]) || is_upper(t[ro.a])))
		return TYPO_FIXED; /* ст. 158, г. Тверь */
	if (in_list(t, l, (const char *const[]){"т.", NULL}) && in_list(t, r, after_t))
		return TYPO_FIXED; /* т. е., т. д. */
	if (is_one(t, w1, 0xAB) || is_one(t, w1, 0x201E) || is_one(t, w2, 0xBB) || is_one(t, w2, 0x201C))
		return TYPO_GLUE; /* « слово, слово » */
	if (is_dash(t, w2))
		return TYPO_GLUE; /* never a dash at the start of a line */
	if (in_list(t, l, short_words))
		return TYPO_GLUE; /* в городе */
	if (in_list(t, r, particles))
		return TYPO_GLUE; /* он же */
	return TYPO_BREAK;
}

void typo_classify(const unsigned *text, size_t n, unsigned char *kind)
{
	memset(kind, TYPO_BREAK, n);
	size_t start = 0; /* start of the token before the current position */
	for (size_t i = 0; i < n; i++) {
		if (text[i] == NBSP)
			kind[i] = TYPO_FIXED;
		if (!is_sep(text[i]))
			continue;
		if (text[i] == ' ' && i > start) {
			size_t e = i + 1;
			while (e < n && !is_sep(text[e]))
				e++;
			struct tok w1 = {start, i}, w2 = {i + 1, e};
			if (e > i + 1)
				kind[i] = (unsigned char)classify(text, w1, w2);
		}
		start = i + 1;
	}
}

/* ---- quotes --------------------------------------------------------------------------- */

#define QUOTE_DEPTH_MAX 32 /* straight quotes open at once; deeper ones stay straight */

enum qrole { Q_NONE, Q_OPEN, Q_CLOSE };

/* Where a quote may open: the text's start, a space, a line break, an opening bracket or
 * quote, a dash or a slash before it. */
static bool opens_after(unsigned prev)
{
	return prev == 0 || is_sep(prev) || prev == '(' || prev == '[' || prev == '{' || prev == 0xAB ||
	       prev == 0x201E || prev == 0x2014 || prev == 0x2013 || prev == '-' || prev == '/';
}

size_t typo_quotes(unsigned *text, size_t n)
{
	size_t stack[QUOTE_DEPTH_MAX], depth = 0, changed = 0;
	enum qrole prev_role = Q_NONE;
	/* pass 1: the role of each straight quote, paired innermost first; the pairs are marked
	 * in place with two private values (never valid code points) until pass 2 */
	const unsigned OPEN = 0xFFFFFFF0u, CLOSE = 0xFFFFFFF1u;
	for (size_t i = 0; i < n; i++) {
		if (text[i] != '"') {
			prev_role = Q_NONE;
			continue;
		}
		unsigned prev = i ? text[i - 1] : 0, next = i + 1 < n ? text[i + 1] : 0;
		enum qrole role;
		if (prev == OPEN || prev == '"')
			role = prev_role == Q_OPEN ? Q_OPEN : Q_CLOSE; /* ""слово or слово"" */
		else if (prev == CLOSE)
			role = Q_CLOSE;
		else if (opens_after(prev))
			role = next == 0 || is_sep(next) ? Q_CLOSE : Q_OPEN; /* a lone " between spaces */
		else
			role = Q_CLOSE;
		if (role == Q_CLOSE && is_digit(prev) && depth == 0)
			role = Q_NONE; /* 24" : an inch mark */
		if (role == Q_OPEN && depth < QUOTE_DEPTH_MAX) {
			stack[depth++] = i;
		} else if (role == Q_CLOSE && depth > 0) {
			text[stack[--depth]] = OPEN;
			text[i] = CLOSE;
		}
		prev_role = role; /* what it looked like, paired or not: """ after it says the same */
	}
	/* pass 2: the level of each pair, counting the typographic quotes already there */
	size_t level = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = text[i];
		if (c == 0xAB || c == 0x201E) {
			level++;
		} else if ((c == 0xBB || c == 0x201C) && level > 0) {
			level--;
		} else if (c == OPEN) {
			text[i] = level == 0 ? 0xAB : 0x201E;
			level++;
			changed++;
		} else if (c == CLOSE) {
			if (level > 0)
				level--;
			text[i] = level == 0 ? 0xBB : 0x201C;
			changed++;
		}
	}
	return changed;
}
