/* dump: the document tree as readable, stable text — what the golden tests compare (cmark's
 * `-t xml`). One node a line, children indented by two spaces, every attribute that differs
 * from its default, strings quoted (\" \\ \n \t and control characters escaped, everything
 * else as UTF-8, no-break spaces included), and where the tree has one the source position
 * of a node as `@file:line` at the end of its line.
 * Invariant: the text depends only on the tree: equal trees give equal bytes, whatever the
 * machine or the locale (numbers with at most 6 significant digits, '.' as the point). */
#ifndef PT_DUMP_H
#define PT_DUMP_H

#include "doc/doc.h"

/* Returns the dump of d as a new string (free with free()). The format:
 *
 *   document title="…" author="…" subject="…" size=12 numbered
 *     paragraph align=left space-before=8 keep-with-next @graduates.csv:3
 *       span regular "1. Фамилия, имя, отчество"
 *       span italic underline "Семёнова Алёна Игоревна"
 *     table columns=5 widths=14,69,32,37 size=11
 *       row header
 *         cell
 *           paragraph …
 *     signature line left="…" right="…" caption="(подпись)"
 *     approval
 *       line "УТВЕРЖДАЮ"
 *     chart bar title="…" y-label="…" height=200 percent
 *       categories "2023/2024" "2024/2025"
 *       series "…" 12.5 -          (- is no data)
 *     space 10
 *     page-break
 */
char *doc_dump_text(const struct doc *d);

#endif
