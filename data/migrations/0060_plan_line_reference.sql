-- 0060: a plan line's reference (issue 7): what the provider or PA puts on the person's bank
-- statement (an invoice or customer number, "ACME-1234"), so statement transactions are matched to
-- the line by reference as well as by payee and rules (src/domain/matching.h, MATCH_REFERENCE).
-- Empty when there is none. Kept out of a plan's content hash when empty (io/plan_json.c), so the
-- hashes of plans signed off before this column existed still verify.
ALTER TABLE plan_lines ADD COLUMN reference TEXT NOT NULL DEFAULT '' CHECK (length(reference) <= 60);
