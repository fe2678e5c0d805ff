#!/usr/bin/env python3
"""overlap.py FILE.html…: reads `pdftotext -bbox` output and prints, one per line, every pair
of words on a page whose boxes overlap (each box shrunk by a fifth of its height at the top and
bottom: neighbouring lines' font boxes may touch), and every word outside the page's margins
(left 20 mm, right 10 mm, top and bottom 20 mm of A4, with half a point of slack). Exit 1
when it printed anything."""
import re
import sys

WORD = re.compile(r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
MM = 72 / 25.4
bad = 0
for path in sys.argv[1:]:
    pages = open(path, encoding='utf-8').read().split('<page ')[1:]
    for n, pg in enumerate(pages, 1):
        m = PAGE.match('<page ' + pg)
        w, h = float(m.group(1)), float(m.group(2))
        words = []
        for x0, y0, x1, y1, t in WORD.findall(pg):
            x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
            # the page number stands in the top margin (ГОСТ Р 7.0.97)
            top = 0 if t.isdigit() else 20 * MM - 1
            if x0 < 20 * MM - 0.5 or x1 > w - 10 * MM + 0.5 or y1 > h - 20 * MM + 1 or y0 < top:
                print(f'{path}: page {n}: outside the margins: {t[:40]!r} at {x0:.1f},{y0:.1f}–{x1:.1f},{y1:.1f}')
                bad += 1
            s = (y1 - y0) / 5
            words.append((x0, y0 + s, x1, y1 - s, t))
        words.sort()
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b[0] >= a[2] - 0.3:
                    break
                if b[1] < a[3] and a[1] < b[3] and min(a[2], b[2]) - max(a[0], b[0]) > 0.3:
                    print(f'{path}: page {n}: {a[4][:40]!r} overlaps {b[4][:40]!r} at {b[0]:.1f},{b[1]:.1f}')
                    bad += 1
sys.exit(1 if bad else 0)
