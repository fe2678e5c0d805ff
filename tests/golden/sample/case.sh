# The sample input folder: three graduates of different statuses (2024-003: his own plan
# events, one of them overdue; 2026-003: in the army; 2026-008: studying), the order, the report
# and the register of what `all` writes.
INPUT=input
DATE=2026-11-23
DOCS="passport:2024-003 plan:2024-003 passport:2026-003 plan:2026-003 passport:2026-008 plan:2026-008 order report inventory"
