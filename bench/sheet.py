#!/usr/bin/env python3
"""bench/sheet.py: writes a graduates table of bench/gen's data set (graduates.csv,
Windows-1251, ';') as the workbooks Excel and Calc save, for bench/sheet.sh.

Usage: sheet.py GRADUATES.csv OUT.xlsx [OUT.ods]

Invariants: no LibreOffice; the same rows and cell values as the CSV; written as a stream
(one row in memory, but the .xlsx's shared strings, which Excel keeps too); deterministic
bytes for the same input (fixed zip timestamps).
- .xlsx as Excel writes it: text in xl/sharedStrings.xml (each distinct value once), the
  date columns as serial numbers (1900 system) with the built-in date format 14, other
  cells t="s"; a <dimension>, one <row r=".."> per record.
- .ods as Calc writes it: office:value-type="date" cells for the dates, "string" cells with
  a text:p otherwise, empty cells as table:number-columns-repeated runs.
"""
import csv
import datetime
import sys
import zipfile
from xml.sax.saxutils import escape

DATE_COLS = {"Дата рождения", "Дата выпуска", "Дата поступления"}
EPOCH = datetime.date(1899, 12, 30)  # serial 61 = 01.03.1900: Excel's 1900 system past Feb 1900
STAMP = (2026, 11, 23, 0, 0, 0)


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def as_date(v):
    try:
        d, m, y = v.split(".")
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None


def rows(path):
    with open(path, encoding="cp1251", newline="") as f:
        yield from csv.reader(f, delimiter=";")


def entry(z, name):
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    return z.open(info, "w", force_zip64=True)


def put(z, name, text):
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, text)


def xlsx(src, out):
    strings = {}
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(out, "w") as z:
        put(z, "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>')
        put(z, "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
        put(z, "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Выпускники" sheetId="1" r:id="rId1"/></sheets></workbook>')
        put(z, "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>')
        put(z, "xl/styles.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{ns}">'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
        n = 0
        with entry(z, "xl/worksheets/sheet1.xml") as w:
            w.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}"><sheetData>'.encode())
            header = None
            for r, rec in enumerate(rows(src), 1):
                if header is None:
                    header = rec
                cells = []
                for i, v in enumerate(rec):
                    if v == "":
                        continue
                    ref = f"{col_name(i)}{r}"
                    d = as_date(v) if r > 1 and header[i] in DATE_COLS else None
                    if d:
                        cells.append(f'<c r="{ref}" s="1"><v>{(d - EPOCH).days}</v></c>')
                    else:
                        k = strings.setdefault(v, len(strings))
                        cells.append(f'<c r="{ref}" t="s"><v>{k}</v></c>')
                w.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
                n = r
            w.write(b"</sheetData></worksheet>")
        with entry(z, "xl/sharedStrings.xml") as w:
            w.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}" uniqueCount="{len(strings)}">'.encode())
            for v in strings:  # insertion order: the index
                w.write(f'<si><t xml:space="preserve">{escape(v)}</t></si>'.encode())
            w.write(b"</sst>")
    return n


def ods(src, out):
    o = ("xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
         "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
         "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"")
    with zipfile.ZipFile(out, "w") as z:
        info = zipfile.ZipInfo("mimetype", STAMP)
        z.writestr(info, "application/vnd.oasis.opendocument.spreadsheet")  # stored, first
        put(z, "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
        n = 0
        with entry(z, "content.xml") as w:
            w.write(f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {o}><office:body>'
                    '<office:spreadsheet><table:table table:name="Выпускники">'.encode())
            header = None
            for r, rec in enumerate(rows(src), 1):
                if header is None:
                    header = rec
                cells, empty = [], 0
                for i, v in enumerate(rec):
                    if v == "":
                        empty += 1
                        continue
                    if empty:
                        cells.append(f'<table:table-cell table:number-columns-repeated="{empty}"/>'
                                     if empty > 1 else "<table:table-cell/>")
                        empty = 0
                    d = as_date(v) if r > 1 and header[i] in DATE_COLS else None
                    if d:
                        cells.append(f'<table:table-cell office:value-type="date" office:date-value="{d.isoformat()}">'
                                     f"<text:p>{v}</text:p></table:table-cell>")
                    else:
                        cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>')
                w.write(f'<table:table-row>{"".join(cells)}</table:table-row>'.encode())
                n = r
            w.write(b"</table:table></office:spreadsheet></office:body></office:document-content>")
    return n


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.split("\n\n")[1])
    rows_written = xlsx(sys.argv[1], sys.argv[2])
    if len(sys.argv) == 4:
        ods(sys.argv[1], sys.argv[3])
    print(rows_written - 1)
