/* linebreak: greedy line filling with the no-break rules, hyphenation, alignment and
 * justification.
 * Invariant: every line is [a, b) of the glyphs with no space at either end; a line ends
 * at a no-break space or between characters only when no other break point fits. */
#include "linebreak.h"

#include <string.h>
#include <stdlib.h>
#include <unictype.h>

#include "font/ttf.h"
#include "layout/hyph.h"
#include "layout/typo.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum font_face lb_face_of(enum doc_style s)
{
	switch (s) {
	case DOC_REGULAR: return FONT_REGULAR;
	case DOC_BOLD: return FONT_BOLD;
	case DOC_ITALIC: return FONT_ITALIC;
	case DOC_BOLD_ITALIC: return FONT_BOLD_ITALIC;
	}
	return FONT_REGULAR;
}

static void add_glyph(struct lb_para *lp, size_t *cap, unsigned cp, enum font_face face,
		      const struct ttf *f)
{
	xgrow((void **)&lp->g, cap, lp->n + 1, sizeof *lp->g);
	struct lb_glyph *g = &lp->g[lp->n++];
	g->cp = cp;
	g->face = (unsigned char)face;
	g->nobreak = cp == 0xA0;
	g->w = cp == '\n' ? 0 : (float)(ttf_width(f, cp) * lp->size / 1000.0);
}

/* The face that draws cp in text of face fc: fc when it has the glyph, else the fallback face
 * of fc's weight, else the regular fallback. Returns -1 when none of them has it. */
static int face_for(const struct ttf *const face[FONT_NFACES], enum font_face fc, unsigned cp)
{
	if (ttf_glyph(face[fc], cp))
		return (int)fc;
	enum font_face fb = fc == FONT_BOLD || fc == FONT_BOLD_ITALIC ? FONT_FALLBACK_BOLD : FONT_FALLBACK;
	if (face[fb] && ttf_glyph(face[fb], cp))
		return (int)fb;
	if (face[FONT_FALLBACK] && ttf_glyph(face[FONT_FALLBACK], cp))
		return FONT_FALLBACK;
	return -1;
}

/* Puts typographic quotes for straight ones, then marks the spaces the no-break rules glue
 * (typo.h). */
static void apply_typo(struct lb_para *lp, const struct ttf *const face[FONT_NFACES], bool (*can_show)(unsigned cp))
{
	if (lp->n == 0)
		return;
	unsigned *cps = xmalloc(lp->n * sizeof *cps);
	unsigned char *kind = xmalloc(lp->n);
	for (size_t i = 0; i < lp->n; i++)
		cps[i] = lp->g[i].cp;
	if (typo_quotes(cps, lp->n))
		for (size_t i = 0; i < lp->n; i++) {
			struct lb_glyph *g = &lp->g[i];
			if (cps[i] == g->cp)
				continue;
			if (!can_show(cps[i])) {
				cps[i] = g->cp; /* the backend shows the straight quote only */
				continue;
			}
			g->cp = cps[i];
			g->w = (float)(ttf_width(face[g->face], g->cp) * lp->size / 1000.0);
		}
	typo_classify(cps, lp->n, kind);
	bool nbsp = can_show(0xA0);
	for (size_t i = 0; i < lp->n; i++) {
		struct lb_glyph *g = &lp->g[i];
		if (g->cp != ' ' || kind[i] == TYPO_BREAK)
			continue;
		g->nobreak = 1;
		if (kind[i] == TYPO_FIXED && nbsp) {
			g->cp = 0xA0;
			g->w = (float)(ttf_width(face[g->face], 0xA0) * lp->size / 1000.0);
		}
	}
	free(kind);
	free(cps);
}

void lb_build(struct lb_para *lp, const struct doc_para *p, const struct ttf *const face[FONT_NFACES],
	      bool (*can_show)(unsigned cp), double size)
{
	memset(lp, 0, sizeof *lp);
	lp->size = size;
	for (int f = 0; f < FONT_NFACES; f++)
		lp->hyphen_w[f] = face[f] ? ttf_width(face[f], '-') * size / 1000.0 : 0;
	size_t cap = 0;
	bool space = true; /* collapse spaces; none at the start */
	for (size_t s = 0; s < p->nspans; s++) {
		const char *t = p->spans[s].text;
		size_t n = strlen(t);
		enum font_face fc = lb_face_of(p->spans[s].style);
		for (size_t i = 0; i < n;) {
			size_t len;
			int c = utf8_decode(t + i, n - i, &len);
			i += len;
			unsigned cp = c < 0 ? '?' : (unsigned)c;
			if (cp == '\r' || cp == 0xAD || cp == 0x200B || cp == 0xFEFF)
				continue;
			if (cp == '\t' || cp == ' ' || cp == 0x2002 || cp == 0x2003 || cp == 0x2009) {
				if (!space)
					add_glyph(lp, &cap, ' ', fc, face[fc]);
				space = true;
				continue;
			}
			if (cp == '\n') {
				if (lp->n && lp->g[lp->n - 1].cp == ' ')
					lp->n--;
				add_glyph(lp, &cap, '\n', fc, face[fc]);
				space = true;
				continue;
			}
			if (cp == 0x202F)
				cp = 0xA0;
			int f = can_show(cp) ? face_for(face, fc, cp) : -1;
			if (f < 0) {
				cp = '?';
				lp->replaced++;
				f = (int)fc;
			}
			add_glyph(lp, &cap, cp, (enum font_face)f, face[f]);
			space = false;
		}
	}
	if (lp->n && lp->g[lp->n - 1].cp == ' ')
		lp->n--;
	apply_typo(lp, face, can_show);
}

void lb_free(struct lb_para *lp)
{
	free(lp->g);
	memset(lp, 0, sizeof *lp);
}

/* Letters of words: Latin, Cyrillic, and any other alphabetic character (é, ł, ә, ҫ …) or
 * combining mark, so that a word with national letters or diacritics stays one word. */
static bool is_letter(unsigned cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0x400 && cp <= 0x4FF))
		return true;
	return cp >= 0xC0 && (uc_is_alpha(cp) || uc_is_general_category(cp, UC_CATEGORY_M));
}

static double width_of(const struct lb_para *lp, size_t a, size_t b)
{
	double w = 0;
	for (size_t i = a; i < b; i++)
		w += lp->g[i].w;
	return w;
}

static bool is_space(unsigned cp)
{
	return cp == ' ' || cp == 0xA0;
}

static bool is_upper(unsigned cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0x400 && cp <= 0x42F) || (cp >= 0xC0 && uc_is_upper(cp));
}

/* Tries to hyphenate the word at [ws, we) so that [pos, k) + "-" fits in avail. Returns k,
 * or 0 when no hyphenation point fits or the word is capitalised (names and abbreviations
 * stay whole). */
static size_t hyphenate_word(const struct lb_para *lp, size_t pos, size_t ws, size_t we, double avail,
			     struct hyph *hy)
{
	if (we - ws < 4 || we - ws > 64 || is_upper(lp->g[ws].cp))
		return 0;
	unsigned word[64];
	unsigned char ok[64];
	for (size_t k = ws; k < we; k++)
		word[k - ws] = lp->g[k].cp;
	if (!hyph_word(hy, word, we - ws, ok))
		return 0;
	double w = width_of(lp, pos, ws);
	size_t best = 0;
	for (size_t k = ws; k < we; k++) {
		w += lp->g[k].w;
		if (ok[k - ws] && w + lp->hyphen_w[lp->g[k].face] <= avail)
			best = k + 1;
	}
	return best;
}

/* Tries to hyphenate, from the right, the words after lo up to glyph i (which overflows):
 * the word i is in, then the words glued to it by no-break spaces, which would otherwise
 * move to the next line with it. Returns the line's end k, or 0. */
static size_t hyphenate(const struct lb_para *lp, size_t pos, size_t lo, size_t i, double avail,
			struct hyph *hy)
{
	size_t we = i;
	while (we < lp->n && is_letter(lp->g[we].cp))
		we++;
	for (;;) {
		while (we > lo && !is_letter(lp->g[we - 1].cp))
			we--;
		if (we <= lo)
			return 0;
		size_t ws = we;
		while (ws > lo && is_letter(lp->g[ws - 1].cp))
			ws--;
		size_t k = hyphenate_word(lp, pos, ws, we, avail, hy);
		if (k)
			return k;
		we = ws;
	}
}

static void push(struct lb_line **v, size_t *n, size_t *cap, const struct lb_line *l)
{
	xgrow((void **)v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = *l;
}

static void align(const struct lb_para *lp, struct lb_line *l, enum doc_align al, double avail,
		  double indent, bool last)
{
	l->offset = indent;
	double slack = avail - l->width;
	if (slack < 0)
		slack = 0;
	if (al == DOC_CENTER)
		l->offset += slack / 2;
	else if (al == DOC_RIGHT)
		l->offset += slack;
	else if (al == DOC_JUSTIFY && !last) {
		int spaces = 0;
		for (size_t i = l->a; i < l->b; i++)
			spaces += lp->g[i].cp == ' ';
		if (spaces)
			l->extra = slack / spaces;
	}
}

/* Where a line starting at pos may end, scanning while the glyphs fit in avail. */
struct scan {
	size_t stop;     /* the first glyph that does not fit, '\n', or the end */
	bool overflow;   /* stop is a glyph that does not fit */
	size_t brk;      /* best ordinary break (exclusive end), 0 = none */
	bool brk_space;  /* brk is at a space (skipped), not after a hyphen */
	size_t soft;     /* last no-break space that fits, 0 = none */
};

static struct scan scan_line(const struct lb_para *lp, size_t pos, double avail)
{
	struct scan s = {pos, false, 0, false, 0};
	double w = 0;
	size_t i = pos;
	for (; i < lp->n && lp->g[i].cp != '\n'; i++) {
		const struct lb_glyph *g = &lp->g[i];
		if (is_space(g->cp)) {
			if (i > pos && !g->nobreak)
				s.brk = i, s.brk_space = true;
			else if (i > pos)
				s.soft = i;
		} else if (w + g->w > avail && i > pos) {
			s.overflow = true;
			break;
		} else if (g->cp == '-' && i > pos && i + 1 < lp->n && is_letter(lp->g[i + 1].cp) &&
			   is_letter(lp->g[i - 1].cp)) {
			s.brk = i + 1, s.brk_space = false;
		}
		w += g->w;
	}
	s.stop = i;
	return s;
}

/* Natural width of [a, b) without the spaces at its end. */
static double trimmed_width(const struct lb_para *lp, size_t a, size_t b)
{
	while (b > a && is_space(lp->g[b - 1].cp))
		b--;
	return width_of(lp, a, b);
}

size_t lb_break(const struct lb_para *lp, const struct doc_para *p, double width, struct hyph *hy,
		struct lb_line **lines)
{
	struct lb_line *v = NULL;
	size_t nv = 0, cap = 0;
	size_t pos = 0;
	int hyph_run = 0; /* lines in a row ending with a hyphen */
	double em = lp->size;
	while (pos < lp->n) {
		double indent = nv == 0 ? p->indent_first : 0;
		double avail = width - indent;
		struct scan s = scan_line(lp, pos, avail);
		struct lb_line l = {pos, s.stop, 0, 0, 0, false};
		size_t next = s.stop + 1; /* past '\n' or the end */
		if (s.overflow) {
			double loose = s.brk > pos ? avail - trimmed_width(lp, pos, s.brk) : avail;
			size_t lo = s.brk > pos ? s.brk : pos;
			size_t hk = hy && p->hyphenate ? hyphenate(lp, pos, lo, s.stop, avail, hy) : 0;
			bool want = hk > s.brk && hk > pos &&
				    (s.brk <= pos || (loose > em && (hyph_run < 2 || loose > 3 * em)));
			if (want) {
				l.b = hk, l.hyphen = true, next = hk;
			} else if (s.brk > pos) {
				l.b = s.brk, next = s.brk + (s.brk_space ? 1 : 0);
			} else if (s.soft > pos) {
				l.b = s.soft, next = s.soft + 1; /* nothing else fits: give up a no-break space */
			} else {
				l.b = s.stop, next = s.stop; /* a word wider than the line */
			}
		}
		hyph_run = l.hyphen ? hyph_run + 1 : 0;
		while (l.b > l.a && is_space(lp->g[l.b - 1].cp))
			l.b--;
		l.width = width_of(lp, l.a, l.b) + (l.hyphen ? lp->hyphen_w[lp->g[l.b - 1].face] : 0);
		align(lp, &l, p->align, avail, indent, !s.overflow);
		push(&v, &nv, &cap, &l);
		pos = next;
		while (pos < lp->n && is_space(lp->g[pos].cp))
			pos++;
	}
	*lines = v;
	return nv;
}

char *lb_text(const struct lb_para *lp, size_t a, size_t b, bool hyphen)
{
	char *out = xmalloc((b > a ? b - a : 0) * 4 + 2), *p = out;
	for (size_t i = a; i < b; i++)
		p += utf8_encode(lp->g[i].cp, p);
	if (hyphen)
		*p++ = '-';
	*p = '\0';
	return out;
}
