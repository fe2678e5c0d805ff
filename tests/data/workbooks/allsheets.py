#!/usr/bin/env python3
# allsheets.py INPUT_DIR OUT.fods: writes the sample's five tables as one flat OpenDocument
# spreadsheet, one sheet per table named as the users name them; typed as make.sh types
# the single-table files (dates, numbers, text). make.sh converts it with Calc.
import csv, io, re, sys
from xml.sax.saxutils import escape

TABLES = [("graduates", "Выпускники"), ("staff", "Сотрудники"),
          ("records", "Записи сопровождения"), ("events", "Мероприятия"),
          ("mentoring", "Наставничество")]
DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")

def kind(name):
    if name.startswith("Дата") or name in ("Начало", "Окончание"):
        return "date"
    if name == "Раздел" or name.startswith("Удовлетворённость"):
        return "float"
    return "string"

def read(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")
    first = text.split("\n", 1)[0]
    delim = ";" if ";" in first else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))

def para(line):
    out = escape(line).replace("\t", "<text:tab/>")
    return re.sub(r"  +", lambda m: ' <text:s text:c="%d"/>' % (len(m.group(0)) - 1), out)

def cell(value, k):
    if value == "":
        return "<table:table-cell/>"
    m = DATE.match(value)
    if k == "date" and m:
        iso = "%s-%s-%s" % (m.group(3), m.group(2), m.group(1))
        return ('<table:table-cell table:style-name="ce1" office:value-type="date" '
                'office:date-value="%s"><text:p>%s</text:p></table:table-cell>' % (iso, value))
    if k == "float" and re.match(r"^-?\d+(\.\d+)?$", value):
        return ('<table:table-cell office:value-type="float" office:value="%s">'
                '<text:p>%s</text:p></table:table-cell>' % (value, value))
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return ('<table:table-cell office:value-type="string">%s</table:table-cell>'
            % "".join("<text:p>%s</text:p>" % para(l) for l in lines))

def main():
    src, dst = sys.argv[1], sys.argv[2]
    o = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
         'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
         'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
         'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
         'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">',
         '<office:automatic-styles>'
         '<number:date-style style:name="N1"><number:day number:style="long"/>'
         '<number:text>.</number:text><number:month number:style="long"/>'
         '<number:text>.</number:text><number:year number:style="long"/></number:date-style>'
         '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>'
         '</office:automatic-styles>',
         '<office:body><office:spreadsheet>']
    for table, sheet in TABLES:
        rows = read("%s/%s.csv" % (src, table))
        kinds = [kind(h.strip()) for h in rows[0]]
        o.append('<table:table table:name="%s">' % escape(sheet))
        for i, row in enumerate(rows):
            if not any(c.strip() for c in row):
                continue
            o.append("<table:table-row>")
            for j, v in enumerate(row):
                o.append(cell(v.strip(), kinds[j] if i > 0 and j < len(kinds) else "string"))
            o.append("</table:table-row>")
        o.append("</table:table>")
    o.append("</office:spreadsheet></office:body></office:document>")
    open(dst, "w", encoding="utf-8").write("\n".join(o))

main()
