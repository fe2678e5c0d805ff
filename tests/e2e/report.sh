#!/bin/bash
# report.sh: the analytic report end to end — a tiny college whose numbers were computed by
# hand (below), then the sample data for two years: exit codes, pdftotext, page counts, pdf_check.
. "$(dirname "$0")/../lib.sh"

IN="$TMP/in"
mkdir -p "$IN"
cat >"$IN/institution.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<institution>
  <name>ГБПОУ «Малый колледж»</name>
  <short-name>ГБПОУ «МК»</short-name>
  <city>Малоград</city>
  <director><position>Директор</position><surname>Орлов</surname><name>Олег</name><patronymic>Петрович</patronymic></director>
  <year start="2024" graduates="40" admitted="50" need-mentor="10" students="400"/>
  <year start="2025" graduates="50" admitted="60" need-mentor="10" students="500"/>
  <target start="2025" indicator="pairs" value="3"/>
</institution>
EOF
# A1, A2 graduate 30.06.2025 (academic year 2024/25), A3 30.06.2026 and A4 01.07.2026 (2025/26).
cat >"$IN/graduates.csv" <<'EOF'
Код;Фамилия;Имя;Отчество;Дата рождения;Дата выпуска;Социальный статус;Жизнеустройство;По специальности;Диплом с отличием;Поступил в вуз;Куратор
A1;Иванов;Иван;Иванович;01.01.2006;30.06.2025;сирота;трудоустроен;да;да;нет;S1
A2;Петров;Пётр;Петрович;02.02.2006;30.06.2025;сирота;обучается;нет;нет;да;S2
A3;Сидорова;Анна;Ивановна;03.03.2007;30.06.2026;сирота;трудоустроен;нет;нет;нет;S1
A4;Козлова;Мария;Петровна;04.04.2007;01.07.2026;сирота;отпуск по уходу за ребёнком;нет;нет;нет;
EOF
cat >"$IN/staff.csv" <<'EOF'
Код;Фамилия;Имя;Отчество;Должность;Роль;Ведёт документацию
S1;Лебедева;Наталья;Сергеевна;Социальный педагог;педагог социальный;да
S2;Ковалёв;Денис;Андреевич;Педагог-психолог;педагог-психолог;нет
EOF

run_patronat --date 2026-11-23 -q report --year 2025 -i "$IN" -o "$TMP/out"
expect_eq "small college: exit code" 0 "$rc"
PDF="$TMP/out/report-2025.pdf"
if [ -f "$PDF" ]; then ok; else fail "no $PDF (stderr: $err)"; fi
pdf_check "$PDF"
text=$(pdf_text "$PDF" | tr '\n' ' ' | tr -s ' ')
# Years: 2023/24 has nothing (no totals, nobody under patronage): only two years are shown.
expect_contains "year 2024/2025" "2024/2025" "$text"
expect_not_contains "no empty year 2023/2024" "2023/2024" "$text"
# §4.1, 2025/26 (01.09.2025–31.08.2026): both cohorts, A1–A4, under patronage (plural agreed).
expect_contains "under patronage" "находились 4 выпускника, из них 2 выпускника 2025/2026 учебного года" "$text"
# §4.2, everyone under patronage in the year: 2024/25 A1, A2 of 40 → 5,0 % (2); 2025/26 A1–A4 of
# 50 → 8,0 % (4); with a curator A1, A2, A3 → 6,0 % (3).
expect_contains "effect 2024" "5,0 % (2)" "$text"
expect_contains "effect 2025 both cohorts" "8,0 % (4)" "$text"
expect_contains "effect with curator 2025" "6,0 % (3)" "$text"
# §4.3: base 2 (A1, A2) then 4 (A1–A4); honours A1: 50,0 % then 25,0 %, fell by 25,0 п. п.
expect_contains "honours fell" "снизился с 50,0 % в 2024/2025 учебном году до 25,0 % в 2025/2026 учебном году (на 25,0 п. п.)" "$text"
expect_contains "worse recommendation" "«доля выпускников, получивших дипломы с отличием» (с 50,0 % до 25,0 %" "$text"
# No mentoring table: «нет данных», never 0 %.
expect_contains "regional no data" "за 2025/2026 учебный год: нет данных" "$text"
expect_contains "pairs without data, one sentence" "За 2025/2026 учебный год нет данных по показателям: «количество пар „наставник – наставляемый“»" "$text"
expect_not_contains "no target advice without a fact" "факт — нет данных" "$text"
# No records: half-years 1 and 2 of A1 and A2 ended in 2025/26 without a record → 4 of 2 graduates.
expect_contains "half-year gaps" "нет записей за 4 полугодия у 2 выпускников" "$text"
expect_contains "no difficulties named" "трудностей, которые не были бы сняты, нет" "$text"
# The group has 2 people: no deputy, no defectologist, no other teachers.
expect_contains "missing defectologist" "учитель-дефектолог" "$text"
expect_contains "group size" "сейчас — 2 чел." "$text"
expect_contains "signature falls back to the director" "О.П. Орлов" "$text"
expect_not_contains "no NaN" "nan" "$text"
pages=$(pdf_pages "$PDF")
if [ "${pages:-0}" -ge 4 ] && [ "${pages:-0}" -le 12 ]; then ok; else fail "small report has $pages pages"; fi

# The sample college on 02.12.2026 without --year: the latest year whose report is due (30 June)
# is 2025/26 — three full years, no «нет данных», no interim mark, a verdict.
run_patronat --date 2026-12-02 -q report -i "$ROOT/input" -o "$TMP/sample"
expect_eq "sample default: exit code" 0 "$rc"
PDF="$TMP/sample/report-2025.pdf"
if [ -f "$PDF" ]; then ok; else fail "no report-2025.pdf by default (got: $(ls "$TMP/sample"))"; fi
pdf_check "$PDF"
pages=$(pdf_pages "$PDF")
if [ "${pages:-0}" -ge 6 ] && [ "${pages:-0}" -le 16 ]; then ok; else fail "sample has $pages pages"; fi
t=$(pdf_text "$PDF" | tr '\n' ' ' | tr -s ' ')
expect_contains "sample default year" "за 2025/2026 учебный год" "$t"
expect_contains "sample three years" "2023/2024" "$t"
expect_not_contains "sample no «нет данных» column" "нет данных" "$t"
expect_not_contains "sample not interim" "промежуточный" "$t"
expect_contains "sample verdict" "признаётся" "$t"
expect_contains "sample title" "АНАЛИТИЧЕСКИЙ ОТЧЁТ" "$t"
expect_contains "sample approval" "УТВЕРЖДАЮ" "$t"
expect_contains "sample signature" "И.П. Громова" "$t"
expect_not_contains "sample no NaN" "nan" "$t"
# the asocial graduate who committed an offence (2024-003) is named under «law» and counted
expect_contains "sample asocial graduate named" "Рыжов К.И. (2024-003)" "$t"
expect_contains "sample law kind" "Правонарушения и асоциальное поведение" "$t"
expect_not_contains "sample no «находились выпускников:»" "находились выпускников:" "$t"
# 2024/25 of the sample (README): 8 pairs, 6 student mentees of 48 needing a mentor → 12,5 %.
expect_contains "sample pairs share 2024" "12,5 %" "$t"
# the date of the report stands on the signature's page
last=$(pdftotext -f "$pages" -l "$pages" "$PDF" - 2>/dev/null | tr '\n' ' ')
expect_contains "date with the signature" "Дата составления отчёта" "$last"
expect_contains "signature on the last page" "Громова" "$last"

# kept 5 years (institution.xml) from the end of its own year, 31.08.2026, not the order's year
expect_contains "report retention by its year" "2031-12-31" "$(grep '^report-2025.pdf,' "$TMP/sample/manifest.csv")"

# The year not ended, asked for by --year: an interim report, no verdict.
run_patronat --date 2026-12-02 -q report --year 2026 -i "$ROOT/input" -o "$TMP/sample26"
expect_eq "sample 2026: exit code" 0 "$rc"
PDF="$TMP/sample26/report-2026.pdf"
pdf_check "$PDF"
t=$(pdf_text "$PDF" | tr '\n' ' ' | tr -s ' ')
expect_contains "sample 2026 interim" "промежуточный, по состоянию на 02.12.2026" "$t"
expect_not_contains "sample 2026 no verdict" "признаётся" "$t"
expect_not_contains "sample 2026 no NaN" "nan" "$t"

# A template with an unknown placeholder is an error naming the line.
mkdir -p "$TMP/data/templates"
cp -r "$ROOT/templates/." "$TMP/data/templates/"
ln -s "$ROOT/fonts" "$TMP/data/fonts"
sed -i 's/{period} учебный год<\/text>/{perod} учебный год<\/text>/' "$TMP/data/templates/report.xml"
line=$(grep -n '{perod}' "$TMP/data/templates/report.xml" | head -1 | cut -d: -f1)
PATRONAT_DATA="$TMP/data" run_patronat --date 2026-11-23 -q report --year 2025 -i "$IN" -o "$TMP/bad"
expect_eq "bad template: exit code" 1 "$rc"
expect_contains "bad template: line and placeholder" "report.xml:$line: subtitle: unknown placeholder {perod}" "$err"
if [ ! -e "$TMP/bad/report-2025.pdf" ]; then ok; else fail "a report was written with a bad template"; fi
finish
