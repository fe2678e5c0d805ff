# A small folder of its own (two graduates of tests/data/small, with plan events: one done,
# one overdue, one refused, a quoted title), no mentoring table: the report's «нет данных».
INPUT=tests/golden/small/input
DATE=2026-11-23
DOCS="passport:T-001 plan:T-001 passport:T-002 plan:T-002 order report inventory"
