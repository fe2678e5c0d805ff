/* linebreak: greedy line filling with hyphenation, alignment and justification. */
#include "linebreak.h"

#include <string.h>
#include <stdlib.h>

#include "font/ttf.h"
#include "layout/hyph.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static void add_glyph(struct lb_para *lp, size_t *cap, unsigned cp, int face, const struct ttf *f)
{
	xgrow((void **)&lp->g, cap, lp->n + 1, sizeof *lp->g);
	struct lb_glyph *g = &lp->g[lp->n++];
	g->cp = cp;
	g->face = (unsigned char)face;
	g->w = cp == '\n' ? 0 : (float)(ttf_width(f, cp) * lp->size / 1000.0);
}

void lb_build(struct lb_para *lp, const struct doc_para *p, const struct ttf *const face[4],
	      bool (*can_show)(unsigned cp), double size)
{
	memset(lp, 0, sizeof *lp);
	lp->size = size;
	for (int f = 0; f < 4; f++)
		lp->hyphen_w[f] = ttf_width(face[f], '-') * size / 1000.0;
	size_t cap = 0;
	bool space = true; /* collapse spaces; none at the start */
	for (size_t s = 0; s < p->nspans; s++) {
		const char *t = p->spans[s].text;
		size_t n = strlen(t);
		int fc = (int)p->spans[s].style & 3;
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
			if (!can_show(cp)) {
				cp = '?';
				lp->replaced++;
			}
			add_glyph(lp, &cap, cp, fc, face[fc]);
			space = false;
		}
	}
	if (lp->n && lp->g[lp->n - 1].cp == ' ')
		lp->n--;
}

void lb_free(struct lb_para *lp)
{
	free(lp->g);
	memset(lp, 0, sizeof *lp);
}

static bool is_letter(unsigned cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0x400 && cp <= 0x4FF);
}

static double width_of(const struct lb_para *lp, size_t a, size_t b)
{
	double w = 0;
	for (size_t i = a; i < b; i++)
		w += lp->g[i].w;
	return w;
}

/* Tries to hyphenate the word around glyph i (which overflows) so that [pos, k) + "-" fits
 * in avail. Returns k, or 0 when no hyphenation point fits. */
static size_t hyphenate(const struct lb_para *lp, size_t pos, size_t i, double avail, struct hyph *hy)
{
	size_t ws = i, we = i;
	while (ws > pos && is_letter(lp->g[ws - 1].cp))
		ws--;
	while (we < lp->n && is_letter(lp->g[we].cp))
		we++;
	if (!is_letter(lp->g[i].cp) || we - ws < 4 || we - ws > 64)
		return 0;
	unsigned word[64];
	unsigned char ok[64];
	for (size_t k = ws; k < we; k++)
		word[k - ws] = lp->g[k].cp;
	if (!hyph_word(hy, word, we - ws, ok))
		return 0;
	double base = width_of(lp, pos, ws);
	double w = base;
	size_t best = 0;
	for (size_t k = ws; k < we; k++) {
		w += lp->g[k].w;
		if (ok[k - ws] && w + lp->hyphen_w[lp->g[k].face] <= avail)
			best = k + 1;
	}
	return best;
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

size_t lb_break(const struct lb_para *lp, const struct doc_para *p, double width, struct hyph *hy,
		struct lb_line **lines)
{
	struct lb_line *v = NULL;
	size_t nv = 0, cap = 0;
	size_t pos = 0;
	while (pos < lp->n) {
		double indent = nv == 0 ? p->indent_first : 0;
		double avail = width - indent;
		double w = 0;
		size_t i = pos, brk = 0; /* brk: best break end so far (exclusive), 0 = none */
		bool brk_space = false;
		while (i < lp->n && lp->g[i].cp != '\n') {
			if (w + lp->g[i].w > avail && i > pos)
				break;
			if (lp->g[i].cp == ' ')
				brk = i, brk_space = true;
			else if (lp->g[i].cp == '-' && i > pos && i + 1 < lp->n && is_letter(lp->g[i + 1].cp) &&
				 is_letter(lp->g[i - 1].cp))
				brk = i + 1, brk_space = false;
			w += lp->g[i].w;
			i++;
		}
		struct lb_line l = {pos, i, 0, 0, 0, false};
		bool last = true;
		size_t next = i + 1; /* past '\n' or the end */
		if (i < lp->n && lp->g[i].cp != '\n') {
			last = false;
			size_t hk = hy && p->hyphenate ? hyphenate(lp, pos, i, avail, hy) : 0;
			if (hk > brk && hk > pos) {
				l.b = hk, l.hyphen = true, next = hk;
			} else if (brk > pos) {
				l.b = brk, next = brk + (brk_space ? 1 : 0);
			} else {
				l.b = i, next = i; /* a word wider than the line: break between characters */
			}
		}
		while (l.b > l.a && lp->g[l.b - 1].cp == ' ')
			l.b--;
		l.width = width_of(lp, l.a, l.b) + (l.hyphen ? lp->hyphen_w[lp->g[l.b - 1].face] : 0);
		align(lp, &l, p->align, avail, indent, last);
		push(&v, &nv, &cap, &l);
		pos = next;
		while (pos < lp->n && lp->g[pos].cp == ' ')
			pos++;
	}
	*lines = v;
	return nv;
}

char *lb_text(const struct lb_para *lp, size_t a, size_t b, bool hyphen)
{
	struct buf out = BUF_INIT;
	for (size_t i = a; i < b; i++) {
		char u[4];
		buf_add(&out, u, utf8_encode(lp->g[i].cp, u));
	}
	if (hyphen)
		buf_addc(&out, '-');
	return buf_take(&out);
}
