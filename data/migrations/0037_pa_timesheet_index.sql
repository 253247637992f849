-- 0037: the index of unpaid timesheets by status (0036) led SQLite's planner, which prefers the
-- index with the most equality terms, to scan every unpaid timesheet of the council when a pay run
-- marks one contract's timesheets paid (council_id, status and pay_run_id IS NULL beat council_id
-- and contract_id). The pay run reads unpaid timesheets for a whole frequency in one statement,
-- which scans the table anyway, so the index only did harm: dropped, and the per-contract index
-- carries the status for the pay run's update and the overlap check.
DROP INDEX pa_timesheets_unpaid;
DROP INDEX pa_timesheets_by_contract;
CREATE INDEX pa_timesheets_by_contract ON pa_timesheets (council_id, contract_id, status, period_end);
