#!/usr/bin/env python3
"""csv2xml: turns the CSV tables of an input folder into the XML tables patronat also reads.

Usage: csv2xml.py IN_DIR OUT_DIR
Every NAME.csv of IN_DIR (UTF-8 with or without BOM, or Windows-1251; ';', ',' or TAB) becomes
OUT_DIR/NAME.xml as templates/schema/NAME.xsd describes it: root <NAME>, one row element per
data row, one child per non-empty cell named by the contract's English column name. Headers
are matched as load.c matches them (Russian header or English name, case and ё folded), and
the column tables are read from src/model/load.c itself, so the two cannot drift apart.
institution.xml and every other file are copied as they are. Stdlib only.
"""
import csv
import io
import os
import re
import shutil
import sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# load.c's array name -> (table name, row element)
TABLES = {
    "graduate_cols": ("graduates", "graduate"),
    "staff_cols": ("staff", "member"),
    "record_cols": ("records", "record"),
    "event_cols": ("events", "event"),
    "pair_cols": ("mentoring", "pair"),
}


def fold(s):
    """Normalises a header as fold_key (src/util/fold.c) does: case, ё, blanks."""
    s = s.replace("\u00a0", " ").lower().replace("ё", "е")
    return " ".join(s.split())


def column_tables():
    """Returns {table: (row element, {normalised header: English name})} from load.c."""
    src = open(os.path.join(ROOT, "src/model/load.c"), encoding="utf-8").read()
    out = {}
    for arr, (table, row) in TABLES.items():
        body = re.search(r"struct column %s\[\] = \{(.*?)\n\};" % arr, src, re.S).group(1)
        names = {}
        for en, ru in re.findall(r'\{"([^"]+)", "([^"]+)"', body):
            names[fold(en)] = en
            names[fold(ru)] = en
        out[table] = (row, names)
    return out


def decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def read_rows(path):
    text = decode(open(path, "rb").read())
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delim = max(";,\t", key=lambda d: (first.count(d), d == ";"))
    return [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]


def cell_text(s):
    s = s.replace("\r\n", "\n").replace("\r", "\n").strip(" \t\u00a0")
    return escape(s)


def convert(path, table, row_el, names):
    rows = read_rows(path)
    header = [names.get(fold(h)) for h in rows[0]]
    missing = [h for h, n in zip(rows[0], header) if n is None and h.strip()]
    if missing:
        sys.exit("%s: unknown columns %s" % (path, missing))
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<%s>" % table]
    for r in rows[1:]:
        if not any(c.strip() for c in r):
            continue
        out.append("  <%s>" % row_el)
        for name, cell in zip(header, r):
            if name and cell.strip(" \t\u00a0"):
                out.append("    <%s>%s</%s>" % (name, cell_text(cell), name))
        out.append("  </%s>" % row_el)
    out.append("</%s>" % table)
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: csv2xml.py IN_DIR OUT_DIR")
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    tables = column_tables()
    for f in sorted(os.listdir(src)):
        name, ext = os.path.splitext(f)
        if ext == ".csv" and name in tables:
            row_el, names = tables[name]
            with open(os.path.join(dst, name + ".xml"), "w", encoding="utf-8") as o:
                o.write(convert(os.path.join(src, f), name, row_el, names))
        elif os.path.isfile(os.path.join(src, f)):
            shutil.copyfile(os.path.join(src, f), os.path.join(dst, f))


if __name__ == "__main__":
    main()
