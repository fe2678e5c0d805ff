#!/usr/bin/env bash
# order: the appointment order end to end — golden text page by page (requisites, points,
# the group's table, each member's functions, the curators' sub-points in the right cases,
# signature, acquaintance list), the year's graduates, the group's composition rules (exit 1,
# the message, nothing written), unknown placeholders, a case placeholder without its no-case
# phrasing, hyphenated justified text, ГОСТ margins and page numbers, and the sample college
# (its sentences, and each role spelt the same in the order, the plans and the report).
. "$(dirname "$0")/../lib.sh"
DATA="$ROOT/tests/data/order"
export LC_ALL=C.UTF-8 # Cyrillic ranges in grep

raw_page() { pdftotext -raw -f "$2" -l "$2" -enc UTF-8 "$1" - 2>>"$TMP/poppler.err" | sed 's/\xc2\xa0/ /g'; }

# ---- the golden case --------------------------------------------------------------------
run_patronat --date 2025-11-01 -q order -i "$DATA" -o "$TMP/out"
expect_eq "exit code" 0 "$rc"
f="$TMP/out/order-2025.pdf"
[ -f "$f" ] && ok || fail "order-2025.pdf not written: $err"
expect_eq "page count" 3 "$(pdf_pages "$f")"
for p in 1 2 3; do
	raw_page "$f" $p >"$TMP/page-$p.txt"
	expect_file_eq "page $p text" "$DATA/expected/page-$p.txt" "$TMP/page-$p.txt"
done
pdf_check "$f"
text=$(pdf_text "$f")
expect_contains "date left, number right on one line" "29.08.2025 № 17-о" "$(raw_page "$f" 1)"
expect_contains "boundary: graduation 02.09.2023: patronage ends 01.09.2025, in the year" "Ершова Нина Павловна" "$text"
expect_not_contains "boundary: graduation 31.08.2023, patronage ended 30.08.2025: not in the year" "Евдокимов" "$text"
expect_not_contains "graduating after 31.08.2026 is not" "Борисов" "$text"
expect_not_contains "patronage ended in 2025 is not" "Яковлев" "$text"
info=$(pdfinfo "$f")
expect_contains "title" "Приказ № 17-о от 29.08.2025" "$(printf '%s' "$info" | sed 's/\xc2\xa0/ /g')"

# hyphenation: a justified line ends with a hyphen inside a word (a letter on both sides)
hyph=$(raw_page "$f" 1 | grep -cE '[[:lower:]]-$')
[ "$hyph" -ge 2 ] && ok || fail "no hyphenated lines in the justified text of page 1"
expect_contains "hyphenated word" "«О дополни-" "$(raw_page "$f" 1)"

# ГОСТ Р 7.0.97 margins (left 20 mm, right 10 mm, top and bottom 20 mm): every word inside,
# except the page numbers, centred in the top margin from page 2 on
bbox=$(pdftotext -bbox "$f" - 2>/dev/null)
outside=$(printf '%s\n' "$bbox" | awk -F'"' '/<word/ { if ($2 < 56.6 || $6 > 567.0 || $8 > 785.3 || ($4 < 56.6 && $0 !~ />[23]<\/word>/)) print }')
expect_eq "all text inside the margins" "" "$outside"
num=$(pdftotext -f 2 -l 2 -bbox "$f" - | grep '>2</word>' | awk -F'"' '$8 < 56.6 { printf "%d", ($2 + $6) / 2; if ($4 >= 28.3) print " 10mm" }')
expect_eq "page number centred over the text, in the top margin, 10 mm from the edge" "311 10mm" "$num"
expect_eq "no page number on page 1" "" "$(pdftotext -f 1 -l 1 -bbox "$f" - | awk -F'"' '/<word/ && $4 < 56.6')"

# the signature: position at the left margin, И.О. Фамилия ending at the right margin, same line
sig=$(printf '%s\n' "$bbox" | grep -E '>(Директор|Главный)</word>' | awk -F'"' '{ printf "%d %d ", $2, $6; print $4 }')
dir_x=$(printf '%s\n' "$sig" | sed -n 1p | cut -d' ' -f1); dir_y=$(printf '%s\n' "$sig" | sed -n 1p | cut -d' ' -f3)
name_x2=$(printf '%s\n' "$sig" | sed -n 2p | cut -d' ' -f2); name_y=$(printf '%s\n' "$sig" | sed -n 2p | cut -d' ' -f3)
expect_eq "position at the left margin" 56 "$dir_x"
expect_eq "surname at the right margin" 566 "$name_x2"
expect_eq "position and name on one line" "$dir_y" "$name_y"

# ---- the group's composition (seeds/001) -------------------------------------------------
# case: a sed script editing staff.csv (and graduates.csv); the expected message
bad_case() {
	name=$1 staff=$2 grads=$3 want=$4
	rm -rf "$TMP/in" "$TMP/bad"
	cp -r "$DATA" "$TMP/in"
	sed "$staff" "$DATA/staff.csv" >"$TMP/in/staff.csv"
	sed "$grads" "$DATA/graduates.csv" >"$TMP/in/graduates.csv"
	run_patronat --date 2025-11-01 -q order -i "$TMP/in" -o "$TMP/bad"
	expect_eq "$name: exit 1" 1 "$rc"
	expect_contains "$name: message" "$want" "$err"
	[ ! -e "$TMP/bad/order-2025.pdf" ] && ok || fail "$name: the order was written"
}
bad_case "fewer than 5" '/^P0[56],/d' 's/,P0[56]$/,P02/' \
	"staff.csv: Роль: the patronage group has 4 member(s) (seeds/001 requires at least 5)"
bad_case "no head or deputy" 's/,заместитель руководителя,/,педагог,/' '' \
	"staff.csv: Роль: the patronage group has no руководитель or заместитель руководителя (seeds/001 requires one)"
bad_case "no social pedagogue" 's/,педагог социальный,/,педагог,/' '' \
	"staff.csv: Роль: the patronage group has no педагог социальный (seeds/001 requires one)"
bad_case "no psychologist" 's/,педагог-психолог,/,педагог,/' '' \
	"staff.csv: Роль: the patronage group has no педагог-психолог (seeds/001 requires one)"
bad_case "no defectologist" 's/,учитель-дефектолог,/,педагог,/' '' \
	"staff.csv: Роль: the patronage group has no учитель-дефектолог (seeds/001 requires one)"
bad_case "nobody keeps the documentation" '/^P02,/s/,да$/,нет/' '' \
	"staff.csv: Ведёт документацию: no member of the patronage group keeps the documentation (seeds/001 requires exactly one)"
bad_case "two keep the documentation" '/^P04,/s/,нет$/,да/' '' \
	"staff.csv:5: G (Ведёт документацию): P04 is a second member keeping the documentation (P02 at line 3 is the first); seeds/001 requires exactly one"
expect_not_contains "messages name no person" "Летова" "$err"
bad_case "two heads" 's/,заместитель руководителя,/,руководитель,/; /^P06,/s/,педагог,/,руководитель,/' '' \
	"staff.csv:7: F (Роль): P06 is a second руководитель (P01 at line 2 is the first): an institution has one head"
expect_not_contains "two heads: no name" "Ёжиков" "$err"
expect_not_contains "two heads: no name" "Зимина" "$err"

# a head instead of the deputy is a valid group
rm -rf "$TMP/in" "$TMP/head"
cp -r "$DATA" "$TMP/in"
sed 's/,заместитель руководителя,/,руководитель,/' "$DATA/staff.csv" >"$TMP/in/staff.csv"
run_patronat --date 2025-11-01 -q order -i "$TMP/in" -o "$TMP/head"
expect_eq "a head instead of a deputy: exit 0" 0 "$rc"
expect_contains "the head's role, by its one name" "руководитель 2 Летова М.И." "$(raw_page "$TMP/head/order-2025.pdf" 1 | tr '\n' ' ')"
expect_contains "the head's functions" "2.1. Зимина О.П. (руководитель): решает организационные" "$(raw_page "$TMP/head/order-2025.pdf" 1 | tr '\n' ' ')"

# a keeper whose surname the rules cannot decline for sure: the point in words that need no case
rm -rf "$TMP/in" "$TMP/unsure"
cp -r "$DATA" "$TMP/in"
sed 's/^P02,Летова,Мария,Ивановна,/P02,Кравец,Иван,Петрович,/' "$DATA/staff.csv" >"$TMP/in/staff.csv"
run_patronat --date 2025-11-01 -q order -i "$TMP/in" -o "$TMP/unsure"
expect_eq "an undecided surname: exit 0" 0 "$rc"
uf=$(pdf_flat "$TMP/unsure/order-2025.pdf")
expect_contains "an undecided surname: no case needed" "после завершения патроната — Кравец И.П., социальный педагог." "$uf"
expect_not_contains "an undecided surname: never a guessed form" "Кравца" "$uf"
expect_contains "an undecided surname: the curator's sub-point too" "куратор Кравец И.П., социальный педагог: Андреева Вера Сергеевна (выпуск 2024 г.)" "$uf"

# ---- the template ------------------------------------------------------------------------
mkdir -p "$TMP/data"
cp -r "$ROOT/templates" "$TMP/data/templates"
ln -s "$ROOT/fonts" "$TMP/data/fonts"
sed 's/Контроль за исполнением/Контроль {nobody} за исполнением/' "$ROOT/templates/order.xml" >"$TMP/data/templates/order.xml"
line=$(grep -n '{nobody}' "$TMP/data/templates/order.xml" | cut -d: -f1)
PATRONAT_DATA="$TMP/data" run_patronat --date 2025-11-01 -q order -i "$DATA" -o "$TMP/tpl"
expect_eq "unknown placeholder: exit 1" 1 "$rc"
expect_contains "unknown placeholder: message" "order.xml:$line: point: unknown placeholder {nobody}" "$err"
[ ! -e "$TMP/tpl/order-2025.pdf" ] && ok || fail "written despite a bad template"
sed 's/Контроль за исполнением/Контроль {director:gen} за исполнением/' "$ROOT/templates/order.xml" >"$TMP/data/templates/order.xml"
line=$(grep -n '{director:gen}' "$TMP/data/templates/order.xml" | cut -d: -f1)
PATRONAT_DATA="$TMP/data" run_patronat --date 2025-11-01 -q order -i "$DATA" -o "$TMP/tpl3"
expect_eq "case without a no-case phrasing: exit 1" 1 "$rc"
expect_contains "case without a no-case phrasing: message" "order.xml:$line: point: a placeholder in a case needs unsure=" "$err"
sed 's/item-unsure="куратор {curator}/item-unsure="куратор {curator:gen}/' "$ROOT/templates/order.xml" >"$TMP/data/templates/order.xml"
PATRONAT_DATA="$TMP/data" run_patronat --date 2025-11-01 -q order -i "$DATA" -o "$TMP/tpl4"
expect_eq "a case in the no-case phrasing: exit 1" 1 "$rc"
expect_contains "a case in the no-case phrasing: message" "item-unsure: the phrasing for undecided forms may not use a placeholder in a case" "$err"
sed 's/ПРИКАЗЫВАЮ:/ПОСТАНОВЛЯЮ:/; s/<heading>/<heading>{short_name}: /' "$ROOT/templates/order.xml" >"$TMP/data/templates/order.xml"
PATRONAT_DATA="$TMP/data" run_patronat --date 2025-11-01 -q order -i "$DATA" -o "$TMP/tpl2"
expect_eq "edited template: exit 0" 0 "$rc"
t2=$(pdf_text "$TMP/tpl2/order-2025.pdf")
expect_contains "edited wording" "ПОСТАНОВЛЯЮ:" "$t2"
expect_contains "placeholder filled" "ГПОУ «ТТК»: Об организации" "$t2"

# ---- the order's date belongs to another year: blanks to fill in by hand ------------------
run_patronat --date 2027-01-10 -q --year 2026 order -i "$DATA" -o "$TMP/y26"
expect_eq "another year: exit 0" 0 "$rc"
p1=$(raw_page "$TMP/y26/order-2026.pdf" 1)
expect_contains "blank date and number" "«___» ____________ 20___ г. № ________" "$p1"
expect_contains "the year's graduates" "4.1. за Грозовым П.А., преподавателем, куратором группы Т-21, — Жукова Артёма Ильича (выпуск 2026 г.);" "$(pdf_flat "$TMP/y26/order-2026.pdf")"

# ---- the sample college ------------------------------------------------------------------
run_patronat --date 2026-11-23 -q order -i "$ROOT/input" -o "$TMP/sample"
expect_eq "sample: exit 0" 0 "$rc"
s="$TMP/sample/order-2026.pdf"
pdf_check "$s"
st=$(pdf_text "$s")
expect_contains "sample: number" "№ 245-о" "$st"
sf=$(pdf_flat "$s")
expect_contains "sample: the keeper in the accusative" "после завершения патроната Лебедеву Н.С., социального педагога." "$sf"
expect_not_contains "sample: no keeper in the nominative after «назначить»" "Лебедева Н.С., социальный педагог" "$sf"
expect_contains "sample: the plan goes to the director (dative)" "на утверждение директору (ответственные" "$sf"
expect_contains "sample: a curator in the instrumental, the graduates in the accusative" "за Беловым С.И., мастером производственного обучения, — Андреева Павла Николаевича (выпуск 2026 г.), Балашова Кирилла Сергеевича (выпуск 2025 г.)" "$sf"
expect_contains "sample: a female curator, a position of two parts" "за Жуковой Е.А., преподавателем, куратором учебной группы ТО-31, — Бердникову Олесю Вадимовну (выпуск 2025 г.)" "$sf"
expect_contains "sample: -ко stays, a name in -ья" "Клименко Софью Дмитриевну (выпуск 2025 г.)" "$sf"
expect_contains "sample: the last curator's sub-point ends the list" "Тарасова Илью Андреевича (выпуск 2025 г.). 5. Членам группы" "$sf"
grads=$(printf '%s' "$sf" | grep -o '(выпуск 20[0-9][0-9] г\.)' | wc -l)
expect_eq "sample: 28 graduates under patronage in 2026/2027" 28 "$grads"
expect_eq "sample: 8 members acquainted" 8 "$(pdftotext -raw "$s" - | grep -c '«___» ____________ 20___ г.$')"
# each member's functions (seeds/001), with the member's own role
expect_contains "sample: functions point" "2. Возложить на членов группы патронатного сопровождения следующие функции" "$sf"
expect_contains "sample: the deputy's functions" "2.1. Громова И.П. (заместитель руководителя): решает организационные вопросы" "$sf"
expect_contains "sample: the social pedagogue's" "2.2. Лебедева Н.С. (педагог социальный): изучает взаимоотношения в семье" "$sf"
expect_contains "sample: the psychologist's" "2.3. Ковалёв Д.А. (педагог-психолог): изучает способности" "$sf"
expect_contains "sample: the defectologist's" "2.4. Тимофеева О.Н. (учитель-дефектолог): консультирует педагогический коллектив" "$sf"
expect_contains "sample: a teacher's" "2.5. Белов С.И. (педагог): проводит внеклассные мероприятия" "$sf"
expect_contains "sample: a class teacher's" "2.8. Соколова М.В. (классный руководитель): проводит внеклассные мероприятия" "$sf"
expect_eq "sample: one functions sub-point per member" 8 "$(printf '%s' "$sf" | grep -oE '2\.[0-9]\. [[:upper:]][[:lower:]]+ [[:upper:]]\.[[:upper:]]\. \(' | wc -l)"
expect_not_contains "sample: no made-up role label" "руководитель группы" "$sf"

# one spelling of each role in the order, the plans and the report of the sample
run_patronat --date 2026-11-23 -q all -i "$ROOT/input" -o "$TMP/all"
expect_eq "sample, all documents: exit 0" 0 "$rc"
plans=$(for p in "$TMP/all"/plans/*.pdf; do pdf_flat "$p"; done)
report=$(pdf_flat "$TMP"/all/report-*.pdf)
order=$(pdf_flat "$TMP/all/order-2026.pdf")
for doc in order plans report; do
	t=${!doc}
	expect_not_contains "$doc: the social pedagogue's role is «педагог социальный»" "Социальный педагог Лебедева" "$t"
	expect_not_contains "$doc: no «руководитель группы»" "руководитель группы" "$t"
done
expect_contains "order: Громова is «заместитель руководителя»" "Громова И.П. (заместитель руководителя)" "$order"
expect_eq "report: Громова is «заместитель руководителя»" 1 "$(printf '%s' "$report" | grep -c 'Громова Ирина Павловна Заместитель директора [^0-9]* заместитель руководителя')"
expect_contains "plans: the social pedagogue by her role" "Педагог социальный Лебедева Н.С." "$plans"
expect_not_contains "plans: the social pedagogue never under another's role" "Классный руководитель Лебедева Н.С." "$plans"
expect_not_contains "plans: the psychologist never under another's role" "Классный руководитель Ковалёв Д.А." "$plans"
expect_not_contains "plans: a teacher never under another's role" "Классный руководитель Белов С.И." "$plans"

finish
