-- TargetFlow workspace schema, revision 0002 (frozen: never edit; add a revision).

CREATE TABLE alert (
	"key" INTEGER NOT NULL,
	id VARCHAR(36) NOT NULL,
	unit_key INTEGER NOT NULL,
	metric_key INTEGER NOT NULL,
	period_key INTEGER NOT NULL,
	direction VARCHAR NOT NULL,
	raised_week VARCHAR NOT NULL,
	raised_at VARCHAR NOT NULL,
	state VARCHAR NOT NULL,
	"trigger" TEXT NOT NULL,
	resolved_week VARCHAR,
	resolved_at VARCHAR,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	author VARCHAR NOT NULL,
	PRIMARY KEY ("key"),
	UNIQUE (id),
	FOREIGN KEY(unit_key) REFERENCES org_unit ("key"),
	FOREIGN KEY(metric_key) REFERENCES metric ("key"),
	FOREIGN KEY(period_key) REFERENCES period ("key")
);

CREATE INDEX ix_alert_period_state ON alert (period_key, state);

CREATE INDEX ix_alert_unit_metric ON alert (unit_key, metric_key);

CREATE TABLE alert_event (
	"key" INTEGER NOT NULL,
	id VARCHAR(36) NOT NULL,
	alert_key INTEGER NOT NULL,
	state VARCHAR NOT NULL,
	at VARCHAR NOT NULL,
	note TEXT NOT NULL,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	author VARCHAR NOT NULL,
	PRIMARY KEY ("key"),
	UNIQUE (id),
	FOREIGN KEY(alert_key) REFERENCES alert ("key") ON DELETE CASCADE
);

CREATE INDEX ix_alert_event_alert_key ON alert_event (alert_key);

CREATE TABLE action_pack_rule (
	"key" INTEGER NOT NULL,
	id VARCHAR(36) NOT NULL,
	name VARCHAR NOT NULL,
	metric_key INTEGER,
	dimension_key INTEGER,
	direction VARCHAR NOT NULL,
	condition TEXT,
	actions TEXT NOT NULL,
	enabled BOOLEAN NOT NULL,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	author VARCHAR NOT NULL,
	PRIMARY KEY ("key"),
	UNIQUE (id),
	FOREIGN KEY(metric_key) REFERENCES metric ("key"),
	FOREIGN KEY(dimension_key) REFERENCES dimension ("key")
);

CREATE TABLE alert_action (
	"key" INTEGER NOT NULL,
	id VARCHAR(36) NOT NULL,
	alert_key INTEGER NOT NULL,
	action TEXT NOT NULL,
	pack_rule_key INTEGER,
	at VARCHAR NOT NULL,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	author VARCHAR NOT NULL,
	PRIMARY KEY ("key"),
	UNIQUE (id),
	FOREIGN KEY(alert_key) REFERENCES alert ("key") ON DELETE CASCADE,
	FOREIGN KEY(pack_rule_key) REFERENCES action_pack_rule ("key")
);

CREATE INDEX ix_alert_action_alert_key ON alert_action (alert_key);

CREATE TABLE checkin (
	"key" INTEGER NOT NULL,
	id VARCHAR(36) NOT NULL,
	unit_key INTEGER NOT NULL,
	metric_key INTEGER,
	day INTEGER NOT NULL,
	confidence FLOAT,
	label VARCHAR,
	note TEXT NOT NULL,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	author VARCHAR NOT NULL,
	PRIMARY KEY ("key"),
	UNIQUE (id),
	FOREIGN KEY(unit_key) REFERENCES org_unit ("key"),
	FOREIGN KEY(metric_key) REFERENCES metric ("key")
);

CREATE INDEX ix_checkin_unit_day ON checkin (unit_key, day);
