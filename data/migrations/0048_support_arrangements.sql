-- 0048: arrangements set up to deliver a person's budget: a direct payment, a council-managed
-- budget, or an individual service fund with a named provider. A row is written only after the
-- choice gate (choice_can_set_up_arrangement, src/domain/choice.h) has passed on the offer record
-- named in choice_offer_id: no arrangement exists for anyone with no recorded offer of every way of
-- taking their budget (the Essex study: one direct-payment user in four was never offered a
-- council-managed budget).
CREATE TABLE support_arrangements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('direct_payment', 'council_managed', 'isf')),
    annual INTEGER NOT NULL CHECK (annual > 0),
    provider TEXT NOT NULL DEFAULT '' CHECK (length(provider) <= 200),
    start_date TEXT NOT NULL CHECK (length(start_date) = 10),
    choice_offer_id INTEGER NOT NULL,
    budget_id INTEGER NOT NULL,
    set_up_by INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    ended_on TEXT CHECK (ended_on IS NULL OR length(ended_on) = 10),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, choice_offer_id) REFERENCES choice_offers (council_id, id),
    FOREIGN KEY (council_id, budget_id) REFERENCES plan_budgets (council_id, id),
    FOREIGN KEY (council_id, set_up_by) REFERENCES staff (council_id, id),
    CHECK (kind <> 'isf' OR length(provider) > 0),
    CHECK ((status = 'ended') = (ended_on IS NOT NULL))
) STRICT;

CREATE INDEX support_arrangements_by_person ON support_arrangements (council_id, person_id, id);
