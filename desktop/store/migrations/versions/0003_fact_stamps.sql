-- TargetFlow workspace schema, revision 0003 (frozen: never edit; add a revision).
-- Fact rows take their creation time and author from their batch (fact_batch): at ten
-- million rows the three repeated texts were over half of the file and of the load time.
-- NULL now means "as its batch"; a fact changed on its own carries its own stamps.
-- Existing rows keep theirs.

CREATE TABLE actual_0003 (
	unit_key INTEGER NOT NULL, 
	metric_key INTEGER NOT NULL, 
	day INTEGER NOT NULL, 
	value FLOAT NOT NULL, 
	denominator FLOAT, 
	source VARCHAR NOT NULL, 
	batch_key INTEGER NOT NULL, 
	created_at VARCHAR, 
	updated_at VARCHAR, 
	author VARCHAR
);

INSERT INTO actual_0003 SELECT unit_key, metric_key, day, value, denominator, source,
	batch_key, created_at, updated_at, author FROM actual;

DROP TABLE actual;

ALTER TABLE actual_0003 RENAME TO actual;

CREATE UNIQUE INDEX IF NOT EXISTS ux_actual_fact ON actual(unit_key, metric_key, day);

CREATE TABLE deal_event_0003 (
	opportunity_key INTEGER NOT NULL, 
	day INTEGER NOT NULL, 
	activity VARCHAR NOT NULL, 
	stage VARCHAR NOT NULL, 
	batch_key INTEGER NOT NULL, 
	created_at VARCHAR, 
	updated_at VARCHAR, 
	author VARCHAR
);

INSERT INTO deal_event_0003 SELECT opportunity_key, day, activity, stage, batch_key,
	created_at, updated_at, author FROM deal_event;

DROP TABLE deal_event;

ALTER TABLE deal_event_0003 RENAME TO deal_event;

CREATE INDEX IF NOT EXISTS ix_deal_event_opp ON deal_event(opportunity_key, day);

CREATE TABLE incentive_spend_0003 (
	unit_key INTEGER NOT NULL, 
	day INTEGER NOT NULL, 
	metric_key INTEGER, 
	product_line_key INTEGER, 
	amount FLOAT NOT NULL, 
	batch_key INTEGER NOT NULL, 
	created_at VARCHAR, 
	updated_at VARCHAR, 
	author VARCHAR
);

INSERT INTO incentive_spend_0003 SELECT unit_key, day, metric_key, product_line_key, amount,
	batch_key, created_at, updated_at, author FROM incentive_spend;

DROP TABLE incentive_spend;

ALTER TABLE incentive_spend_0003 RENAME TO incentive_spend;

CREATE INDEX IF NOT EXISTS ix_spend_unit ON incentive_spend(unit_key, day);
