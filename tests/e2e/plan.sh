#!/usr/bin/env bash
# plan: the event plan end to end on input folders written here — the form's text page by page,
# the approval stamp, the academic years, graduate rows merged in number order, roles resolved,
# overdue rows flagged and marked, a 120-row plan across pages with its header on every page
# and nothing below the bottom margin, an editable template, exit codes.
. "$(dirname "$0")/../lib.sh"

IN="$TMP/in"
mkdir -p "$IN"
cat >"$IN/institution.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<institution>
  <name>ГБПОУ «Тестовский колледж»</name>
  <short-name>ГБПОУ «ТК»</short-name>
  <parent>Министерство образования Тестовской области</parent>
  <city>Тестовск</city>
  <director>
    <position>Директор</position>
    <surname>Главный</surname><name>Иван</name><patronymic>Петрович</patronymic>
  </director>
  <order number="12-о" date="2025-09-01"/>
  <academic-year>2025</academic-year>
</institution>
EOF
# nobody holds «классный руководитель»: J-1's is her curator, F-1 (no curator) has none
cat >"$IN/staff.csv" <<'EOF'
Код,Фамилия,Имя,Отчество,Должность,Роль,Ведёт документацию
P01,Зимина,Ольга,Петровна,Заместитель директора,заместитель руководителя,нет
P02,Летова,Мария,Ивановна,Социальный педагог,педагог социальный,да
P03,Осенний,Игорь,Львович,Педагог-психолог,педагог-психолог,нет
P04,Весенняя,Анна,Олеговна,Учитель-дефектолог,учитель-дефектолог,нет
P05,Грозов,Павел,Андреевич,"Преподаватель, куратор группы",педагог,нет
EOF
cat >"$IN/graduates.csv" <<'EOF'
Код,Фамилия,Имя,Отчество,Дата рождения,Дата выпуска,Социальный статус,Куратор
J-1,Семёнова,Алёна,Игоревна,14.03.2006,30.06.2025,сирота,P05
F-1,Зимин,Пётр,Ильич,02.02.2006,27.02.2025,оставшийся без попечения родителей,
EOF
# records for every half-year already over, so that only the plan's warnings remain
cat >"$IN/records.csv" <<'EOF'
Код выпускника,Дата,Особенности
J-1,15.10.2025,Работает.
J-1,15.04.2026,Работает.
F-1,15.05.2025,Учится.
F-1,15.11.2025,Учится.
F-1,15.05.2026,Учится.
EOF
cat >"$IN/events.csv" <<'EOF'
Код выпускника,Раздел,№,Мероприятие,Срок исполнения,Ответственный,Отметка о выполнении
J-1,2,2.4.10,Десятое мероприятие выпускницы,декабрь 2026,P03,
J-1,2,2.4.9,Девятое мероприятие выпускницы,15.09.2026,педагог социальный,
J-1,2,2.4.1,Консультация по вопросам трудоустройства,октябрь 2025,,выполнено 20.10.2025
J-1,3,3.6,Запрос в ЦЗН,ноябрь 2026,инспектор ПДН,
J-1,2,2.4.3,Беседа с участием психолога,февраль 2026,педагог-психолог,выпускница отказалась (28.01.2026)
,4,4.6,Сверка списков выпускников,1 раз в 6 месяцев,P02,
F-1,2,2.1.3,Встреча с работодателем,январь 2026,P04,29.01.2026
EOF

run_patronat --date 2026-11-23 plans -i "$IN" -o "$TMP/out"
expect_eq "exit code" 0 "$rc"
J="$TMP/out/plans/J-1.pdf"
F="$TMP/out/plans/F-1.pdf"
for f in "$J" "$F"; do
	[ -f "$f" ] && ok || fail "$f not written"
	pdf_check "$f"
done

# overdue: named by graduate id at the event's line; the month runs to its last day
expect_contains "overdue warning" "events.csv:3: G (Отметка о выполнении): warning: graduate J-1: plan item 2.4.9 was due by 15.09.2026 and is not marked done" "$err"
expect_not_contains "a month is due on its last day" "plan item 3.6" "$err"
expect_not_contains "a refusal is not overdue" "plan item 2.4.3" "$err"
expect_contains "a row for every graduate is checked per graduate" "events.csv:7: G (Отметка о выполнении): warning: graduate J-1: plan item 4.6 was due by 29.12.2025" "$err"
expect_contains "and for the other one" "events.csv:7: G (Отметка о выполнении): warning: graduate F-1: plan item 4.6 was due by 26.08.2025" "$err"
expect_not_contains "the standard recurrences are not flagged" "plan item 3.1" "$err"
# roles: nobody holds «классный руководитель» and F-1 has no curator
expect_contains "role nobody holds" "plan.xml:" "$err"
expect_contains "role nobody holds: which" "item 2.1.1 (graduate F-1): nobody in staff holds the role «классный руководитель»: printed as written" "$err"
expect_contains "unknown responsible" "events.csv:5: F (Ответственный): warning: neither a staff id nor a role" "$err"
expect_not_contains "messages carry no personal data" "Семёнова" "$err"

# page 1 of J-1 down to the table: the golden text of the form (Приложение 2), in order
cat >"$TMP/j1.p1.txt" <<'EOF'
УТВЕРЖДАЮ
Директор ГБПОУ «ТК»
________________ И.П. Главный
«__» ____________ 20__ г.
План мероприятий
патронатного сопровождения выпускника
ГБПОУ «Тестовский колледж»
(учреждение образования)
Семёнова Алёна Игоревна
(фамилия, имя, отчество выпускника)
на 2025/2026, 2026/2027 годы
№ п/п
Мероприятия
Срок
исполнения
Ответственный
1. Организационная и информационная работа
EOF
p1=$(pdftotext -f 1 -l 1 -enc UTF-8 "$J" - | sed 's/\xc2\xa0/ /g')
expect_in_order "J-1 page 1" "$TMP/j1.p1.txt" "$p1"
expect_eq "page 1 starts with the approval stamp" "УТВЕРЖДАЮ" "$(printf '%s\n' "$p1" | head -1)"
expect_contains "the mark column's header" "Отметка" "$p1"

# dehyph: joins the words hyphenation broke at a line end ("сопровожде- ния")
dehyph() { LC_ALL=C sed 's/\([^ -]\)- \(\xd0[\xb0-\xbf]\|\xd1[\x80-\x8f]\|\xd1\x91\)/\1\2/g'; }
# layout_text FILE: the text with its physical layout (cells side by side on a line)
layout_text() { pdftotext -layout -enc UTF-8 "$1" - | sed 's/\xc2\xa0/ /g'; }
# row FILE NUMBER: the first line of the row numbered NUMBER (every cell's first line)
row() { layout_text "$1" | grep -E "^ {0,3}$(printf '%s' "$2" | sed 's/\./\\./g') " | head -1; }
# events FILE: the «Мероприятия» column top to bottom, page by page (words by position, so
# the reading order of the other columns does not interleave), hyphenation joined
events() {
	pdftotext -bbox "$1" - | awk '
		/<page / { p++ }
		/<word / {
			match($0, /xMin="[0-9.]+"/); x = substr($0, RSTART + 6, RLENGTH - 7) + 0
			match($0, /yMin="[0-9.]+"/); y = substr($0, RSTART + 6, RLENGTH - 7) + 0
			w = $0; sub(/.*">/, "", w); sub(/<\/word>.*/, "", w)
			if (x > 88 && x < 240) printf "%d %09.3f %09.3f %s\n", p, y, x, w
		}' | sort -k1,1n -k2,2 -k3,3 | cut -d' ' -f4- | tr '\n' ' ' | dehyph
}
# numbers FILE: the item numbers down the first column, in order
numbers() { layout_text "$1" | grep -oE '^ {0,3}[0-9]+(\.[0-9]+)+ ' | tr -d ' ' | tr '\n' ' '; }
# 2.4.2 is a placeholder whose slot (2.4.x) J-1's events fill: no row (issue 10)
expect_eq "J-1 rows in number order (graduate rows merged, 2.4.10 after 2.4.9)" \
	"1.1 1.2 2.1 2.1.1 2.1.2 2.2 2.2.1 2.3 2.4 2.4.1 2.4.3 2.4.9 2.4.10 2.5 2.5.1 2.5.2 3.1 3.2 3.3 3.5 3.6 4.1 4.2 4.3 4.4 4.5 4.6 " \
	"$(numbers "$J")"
r=$(row "$J" 2.4.1)
for w in "Консультация по вопросам" "октябрь 2025" "Педагог социальный" "выполнено"; do
	expect_contains "2.4.1 replaces the hint row" "$w" "$r"; done
r=$(row "$J" 2.4.9)
for w in "Девятое мероприятие" "15.09.2026" "Педагог социальный" "не выполнено"; do
	expect_contains "2.4.9 overdue, marked" "$w" "$r"; done
r=$(row "$J" 2.4.10)
for w in "Десятое мероприятие" "декабрь 2026" "Педагог-психолог"; do expect_contains "2.4.10 by staff id" "$w" "$r"; done
expect_not_contains "2.4.10 is not overdue" "не выполнено" "$r"
r=$(row "$J" 2.4.3)
expect_contains "a refusal printed as written" "выпускница" "$r"
expect_not_contains "a refusal is not marked overdue" "не выполнено" "$r"
r=$(row "$J" 3.6)
for w in "Запрос в ЦЗН" "ноябрь 2026" "Инспектор ПДН"; do expect_contains "3.6 unknown responsible as written" "$w" "$r"; done
expect_not_contains "3.6 not overdue in its month" "не выполнено" "$r"
expect_contains "4.6 for every graduate, overdue" "не выполнено" "$(row "$J" 4.6)"
flat=$(pdf_flat "$J" | dehyph)
# a class teacher's row falls to the curator, who is printed with his own role (issue 10)
expect_contains "the curator's name, with his own role" "Педагог Грозов П.А." "$flat"
expect_not_contains "the curator not under another's role" "Классный руководитель Грозов П.А." "$flat"
expect_contains "the overdue mark, second line" "истёк)" "$(layout_text "$J")"
expect_contains "a staff id prints role and name" "Педагог-психолог Осенний И.Л." "$flat"
expect_contains "a recurrence becomes dates" "1 раз в 6 месяцев: 29.12.2025, 29.06.2026, 29.12.2026, 29.06.2027" "$flat"
expect_contains "the standard plan's wording" "Профилактическая работа по предупреждению семейного неблагополучия, асоциального поведения, правонарушений выпускников" "$(events "$J")"
expect_not_contains "another graduate's row" "Встреча с работодателем" "$flat"

# F-1: a February graduation touches three academic years; no curator, nobody is class teacher
fflat=$(pdf_flat "$F" | dehyph)
expect_contains "F-1 years" "на 2024/2025, 2025/2026, 2026/2027 годы" "$fflat"
# F-1's own 2.1.3 fills the slot of the placeholders 2.1.1, 2.1.2: neither is a row
expect_eq "F-1: a filled slot has no placeholder rows" "" "$(row "$F" 2.1.1)$(row "$F" 2.1.2)"
r=$(row "$F" 2.1.3)
for w in "Встреча с работодателем" "январь 2026" "Учитель-дефектолог" "29.01.2026"; do
	expect_contains "F-1 bare date marks done" "$w" "$r"; done
expect_contains "F-1 recurrence from its graduation" "1 раз в 6 месяцев: 26.08.2025, 26.02.2026, 26.08.2026, 26.02.2027" "$fflat"

# --strict: the warnings fail the run, nothing written
run_patronat --date 2026-11-23 --strict plans -i "$IN" -o "$TMP/strict"
expect_eq "--strict exit" 1 "$rc"
[ ! -e "$TMP/strict/plans" ] && ok || fail "--strict wrote plans"
# an earlier date: nothing overdue yet
run_patronat --date 2025-07-01 check -i "$IN"
expect_eq "check exit" 0 "$rc"
expect_not_contains "nothing overdue on 01.07.2025" "is not marked done" "$err"

# ---- without an events table: the standard plan alone, nothing to flag ----
mkdir -p "$TMP/std"
cp "$IN/institution.xml" "$IN/staff.csv" "$IN/graduates.csv" "$IN/records.csv" "$TMP/std/"
run_patronat --date 2026-11-23 -q plans -i "$TMP/std" -o "$TMP/stdplan"
expect_eq "standard plan exit" 0 "$rc"
expect_not_contains "standard plan: no overdue" "not marked done" "$err"
sflat=$(pdf_flat "$TMP/stdplan/plans/J-1.pdf" | dehyph)
sev=$(events "$TMP/stdplan/plans/J-1.pdf")
# the form's placeholders are instructions, never printed; their slots are blank rows: the
# number and the responsible, the event cell empty (issue 10)
for ph in "(Практикумы" "(Мероприятия)" "(Мероприятия для выпускника)" "(Мероприятия для родителей)"; do
	expect_not_contains "standard plan: no placeholder $ph" "$ph" "$sflat"; done
expect_eq "standard plan: the blank slots are rows" "2.1.1 2.1.2 2.2.1 2.4.1 2.4.2 2.5.1 2.5.2 " \
	"$(numbers "$TMP/stdplan/plans/J-1.pdf" | tr ' ' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | tr '\n' ' ')"
r=$(row "$TMP/stdplan/plans/J-1.pdf" 2.2.1)
expect_eq "2.2.1 is blank but for its number and responsible" "2.2.1 Учитель-дефектолог" "$(printf '%s' "$r" | tr -s ' ')"
r=$(row "$TMP/stdplan/plans/J-1.pdf" 2.4.2)
expect_eq "2.4.2: a blank slot for the psychologist" "2.4.2 Педагог-психолог" "$(printf '%s' "$r" | tr -s ' ')"
# every row has a due (a date or a period) or none at all: no placeholder, no raw text
due=$(pdftotext -bbox "$TMP/stdplan/plans/J-1.pdf" - | awk '/<word / {
	match($0, /xMin="[0-9.]+"/); x = substr($0, RSTART + 6, RLENGTH - 7) + 0
	w = $0; sub(/.*">/, "", w); sub(/<\/word>.*/, "", w); if (x > 240 && x < 318) printf "%s ", w }')
expect_eq "the due column: the four half-yearly rows by the one rule" 4 \
	"$(printf '%s' "$due" | grep -o '1 раз в 6 месяцев: 29.12.2025, 29.06.2026, 29.12.2026, 29.06.2027' | wc -l)"
expect_not_contains "the due column: no placeholder" "(Мероприятия" "$due"
expect_contains "standard 3.3" "Оформление запросов в соответствующие учреждения, организации для уточнения данных жизнеустройства, с целью получения характеристики" "$sev"
expect_contains "standard 4.4" "4.4 Занесение информации о выпускнике в паспорт патронатного сопровождения" "$sflat"
pdf_check "$TMP/stdplan/plans/J-1.pdf"

# ---- 120 rows: pages, the header on every page, nothing outside the text area ----
BIG="$TMP/big"
mkdir -p "$BIG"
cp "$IN/institution.xml" "$IN/staff.csv" "$BIG/"
head -2 "$IN/graduates.csv" >"$BIG/graduates.csv"
head -3 "$IN/records.csv" >"$BIG/records.csv"
{
	echo "Код выпускника,Раздел,№,Мероприятие,Срок исполнения,Ответственный,Отметка о выполнении"
	for i in $(seq 1 119); do
		s=$(( (i % 4) + 1 ))
		words=$(( (i * 7) % 40 + 3 ))
		title="Мероприятие $i:$(for k in $(seq 1 $words); do printf ' сопровождение'; done)"
		echo "J-1,$s,$s.6.$((i / 4 + 1)),$title,ноябрь 2027,педагог-психолог,"
	done
	# one row taller than a page: it must split between lines, every word printed once
	long="Длинное:"
	for k in $(seq 1 500); do long="$long слово$k"; done
	echo "J-1,2,2.8,$long,,P02,"
} >"$BIG/events.csv"
run_patronat --date 2026-11-23 -q plans -i "$BIG" -o "$TMP/bigout"
expect_eq "120 rows: exit" 0 "$rc"
[ "$rc" = 0 ] || printf '%s\n' "$err" | tail -5
B="$TMP/bigout/plans/J-1.pdf"
pdf_check "$B"
pages=$(pdf_pages "$B")
[ "${pages:-0}" -ge 6 ] && ok || fail "120 rows should take at least 6 pages, took $pages"
for n in $(seq 1 "${pages:-0}"); do
	pt=$(pdftotext -f "$n" -l "$n" -enc UTF-8 "$B" - | tr '\n' ' ')
	expect_contains "page $n header: Мероприятия" "Мероприятия" "$pt"
	expect_contains "page $n header: Срок исполнения" "Срок исполнения" "$pt"
done
bflat=$(pdf_flat "$B" | dehyph)
for i in 1 60 119; do expect_contains "row $i printed" "Мероприятие $i:" "$bflat"; done
bnum=$(numbers "$B")
expect_eq "every row numbered once (120 + the standard 23)" 143 "$(printf '%s' "$bnum" | wc -w)"
expect_eq "rows in number order across pages" "$(printf '%s' "$bnum" | tr ' ' '\n' | sort -V | tr '\n' ' ')" "$bnum"
printed=$(printf '%s' "$bflat" | grep -o 'слово[0-9]*' | sort -u | wc -l)
expect_eq "the tall row split with every word once" 500 "$printed"
expect_eq "no word printed twice" 500 "$(printf '%s' "$bflat" | grep -o 'слово[0-9]*' | wc -l)"
# every word inside the text area: above the bottom margin (841.89 − 56.69), below the top
# margin except the page number
bad=$(pdftotext -bbox "$B" - | awk '
	/<page / { page++ }
	/<word / {
		match($0, /yMin="[0-9.]+"/); ymin = substr($0, RSTART + 6, RLENGTH - 7) + 0
		match($0, /yMax="[0-9.]+"/); ymax = substr($0, RSTART + 6, RLENGTH - 7) + 0
		w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
		if (ymax > 841.89 - 56.69 + 1) print "page " page ": " w " below the bottom margin (yMax " ymax ")"
		if (ymin < 56.69 - 1 && w !~ /^[0-9]+$/) print "page " page ": " w " in the top margin (yMin " ymin ")"
	}' | head -5)
expect_eq "nothing outside the text area" "" "$bad"
# the split row's slices: text of the long row on two pages at least
on_page() { for n in $(seq 1 "$pages"); do pdftotext -f "$n" -l "$n" "$B" - | grep -aqw "$1" && echo "$n"; done | head -1; }
pa=$(on_page слово1)
pb=$(on_page слово500)
[ -n "$pa" ] && [ -n "$pb" ] && [ "$pb" -ge $((pa + 1)) ] && ok || fail "the tall row should span pages (first word on $pa, last on $pb)"
expect_contains "the tall row starts right under the row before it" "2.6.30" "$(pdftotext -f "${pa:-1}" -l "${pa:-1}" "$B" -)"

# ---- the template is read at every run; a broken one is an error with its line ----
DATA="$TMP/data"
mkdir -p "$DATA"
cp -R "$ROOT/templates" "$DATA/"
ln -s "$ROOT/fonts" "$DATA/fonts"
sed -i 's/Сбор данных о выпускниках, анализ полученных данных/Сбор данных о выпускнике (изменено)/' "$DATA/templates/plan.xml"
PATRONAT_DATA="$DATA" run_patronat --date 2026-11-23 -q plans -i "$IN" -o "$TMP/edited"
expect_eq "edited template: exit" 0 "$rc"
expect_contains "edited wording printed" "1.1 Сбор данных о выпускнике (изменено)" "$(pdf_flat "$TMP/edited/plans/J-1.pdf")"
sed -i 's/due="1 раз в 6 месяцев на протяжении патронатного сопровождения">Деловая/due="иногда">Деловая/' "$DATA/templates/plan.xml"
PATRONAT_DATA="$DATA" run_patronat --date 2026-11-23 plans -i "$IN" -o "$TMP/broken"
expect_eq "broken template: exit 1" 1 "$rc"
expect_contains "broken template: message with line" "plan.xml:" "$err"
expect_contains "broken template: what" "due: cannot read the due text" "$err"
[ ! -e "$TMP/broken/plans" ] && ok || fail "a broken template wrote plans"

# ---- the sample: placeholders, the one half-year rule, a mark column wide enough ----
run_patronat --date 2026-11-23 -q plans -i "$ROOT/input" -o "$TMP/sample"
expect_eq "sample plans: exit" 0 "$rc"
S="$TMP/sample/plans/2024-003.pdf"
sflat=$(pdf_flat "$S" | dehyph)
for ph in "(Мероприятия" "(Практикумы"; do
	expect_not_contains "sample 2024-003: no placeholder $ph" "$ph" "$sflat"
	expect_not_contains "sample 2026-012: no placeholder $ph" "$ph" "$(pdf_flat "$TMP/sample/plans/2026-012.pdf")"
done
# graduation 28.06.2024: the last day of each half-year, the fourth too (not 28.06.2026)
expect_contains "sample: the half-years by the one rule" \
	"1 раз в 6 месяцев: 27.12.2024, 27.06.2025, 27.12.2025, 27.06.2026" "$sflat"
expect_not_contains "sample: no second rule for the last half-year" "28.06.2026" "$sflat"
# 2.4 and 2.5 are filled by 2024-003's events; 2.1 and 2.2 stay blank slots
expect_eq "sample 2024-003 rows" "1.1 1.2 2.1 2.1.1 2.1.2 2.2 2.2.1 2.3 2.4 2.4.3 2.5 2.5.3 3.1 3.2 3.3 3.5 3.6 4.1 4.2 4.3 4.4 4.5 " \
	"$(numbers "$S")"
# the mark column holds a short phrase on one line, not a word per line
expect_contains "sample: a mark on one line" "выполнено 12.03.2025" "$(row "$S" 2.5.3)"
expect_contains "sample: a refusal in phrases, not a word per line" "отказался (28.01.2026)" "$(layout_text "$S")"

finish
