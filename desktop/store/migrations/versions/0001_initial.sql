-- TargetFlow workspace schema, revision 0001 (frozen: never edit; add a revision).

CREATE TABLE actual (
	unit_key INTEGER NOT NULL, 
	metric_key INTEGER NOT NULL, 
	day INTEGER NOT NULL, 
	value FLOAT NOT NULL, 
	denominator FLOAT, 
	source VARCHAR NOT NULL, 
	batch_key INTEGER NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL
);

CREATE TABLE change_log (
	seq INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	txn_id VARCHAR(36) NOT NULL, 
	entity VARCHAR NOT NULL, 
	entity_id VARCHAR NOT NULL, 
	field VARCHAR, 
	old_value TEXT, 
	new_value TEXT, 
	author VARCHAR NOT NULL, 
	at VARCHAR NOT NULL, 
	origin VARCHAR(36) NOT NULL
);

CREATE INDEX ix_change_log_entity ON change_log (entity, entity_id);

CREATE INDEX ix_change_log_txn_id ON change_log (txn_id);

CREATE TABLE deal_event (
	opportunity_key INTEGER NOT NULL, 
	day INTEGER NOT NULL, 
	activity VARCHAR NOT NULL, 
	stage VARCHAR NOT NULL, 
	batch_key INTEGER NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL
);

CREATE TABLE dimension (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	code VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id), 
	UNIQUE (code)
);

CREATE TABLE fact_batch (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	kind VARCHAR NOT NULL, 
	source VARCHAR NOT NULL, 
	origin TEXT NOT NULL, 
	rows INTEGER NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id)
);

CREATE TABLE incentive_spend (
	unit_key INTEGER NOT NULL, 
	day INTEGER NOT NULL, 
	metric_key INTEGER, 
	product_line_key INTEGER, 
	amount FLOAT NOT NULL, 
	batch_key INTEGER NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL
);

CREATE TABLE org_unit (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	code VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	parent_key INTEGER, 
	manager VARCHAR NOT NULL, 
	headcount INTEGER NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id), 
	UNIQUE (code), 
	FOREIGN KEY(parent_key) REFERENCES org_unit ("key")
);

CREATE INDEX ix_org_unit_parent_key ON org_unit (parent_key);

CREATE TABLE period (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	code VARCHAR NOT NULL, 
	start_date VARCHAR NOT NULL, 
	end_date VARCHAR NOT NULL, 
	plan_profile TEXT, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id), 
	UNIQUE (code)
);

CREATE TABLE product_line (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	code VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	high_margin BOOLEAN NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id), 
	UNIQUE (code)
);

CREATE TABLE rule (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	name VARCHAR NOT NULL, 
	alpha FLOAT NOT NULL, 
	tilt TEXT NOT NULL, 
	base TEXT, 
	allocation_key VARCHAR NOT NULL, 
	custom_key VARCHAR, 
	beta FLOAT NOT NULL, 
	overage FLOAT NOT NULL, 
	ratio_band FLOAT NOT NULL, 
	factor_weights TEXT, 
	is_template BOOLEAN NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id)
);

CREATE TABLE setting (
	name VARCHAR NOT NULL, 
	value TEXT NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY (name)
);

CREATE TABLE workspace_meta (
	name VARCHAR NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY (name)
);

CREATE TABLE metric (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	code VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	unit VARCHAR NOT NULL, 
	dimension_key INTEGER, 
	aggregation VARCHAR NOT NULL, 
	direction VARCHAR NOT NULL, 
	allow_negative BOOLEAN NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id), 
	UNIQUE (code), 
	FOREIGN KEY(dimension_key) REFERENCES dimension ("key")
);

CREATE TABLE objective (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	code VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	period_key INTEGER NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id), 
	UNIQUE (code), 
	FOREIGN KEY(period_key) REFERENCES period ("key")
);

CREATE TABLE opportunity (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	crm_id VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	owner_unit_key INTEGER, 
	product_line_key INTEGER, 
	stage VARCHAR NOT NULL, 
	probability FLOAT NOT NULL, 
	amount FLOAT NOT NULL, 
	created_day INTEGER NOT NULL, 
	close_day INTEGER, 
	is_won BOOLEAN NOT NULL, 
	is_closed BOOLEAN NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id), 
	UNIQUE (crm_id), 
	FOREIGN KEY(owner_unit_key) REFERENCES org_unit ("key"), 
	FOREIGN KEY(product_line_key) REFERENCES product_line ("key")
);

CREATE INDEX ix_opportunity_owner_unit_key ON opportunity (owner_unit_key);

CREATE TABLE unit_factor (
	unit_key INTEGER NOT NULL, 
	factor VARCHAR NOT NULL, 
	value FLOAT NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY (unit_key, factor), 
	FOREIGN KEY(unit_key) REFERENCES org_unit ("key") ON DELETE CASCADE
);

CREATE TABLE "cascade" (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	name VARCHAR NOT NULL, 
	period_key INTEGER NOT NULL, 
	objective_key INTEGER, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id), 
	FOREIGN KEY(period_key) REFERENCES period ("key"), 
	FOREIGN KEY(objective_key) REFERENCES objective ("key")
);

CREATE TABLE objective_dimension (
	objective_key INTEGER NOT NULL, 
	dimension_key INTEGER NOT NULL, 
	weight FLOAT NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY (objective_key, dimension_key), 
	FOREIGN KEY(objective_key) REFERENCES objective ("key") ON DELETE CASCADE, 
	FOREIGN KEY(dimension_key) REFERENCES dimension ("key")
);

CREATE TABLE objective_metric (
	objective_key INTEGER NOT NULL, 
	metric_key INTEGER NOT NULL, 
	share FLOAT NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY (objective_key, metric_key), 
	FOREIGN KEY(objective_key) REFERENCES objective ("key") ON DELETE CASCADE, 
	FOREIGN KEY(metric_key) REFERENCES metric ("key")
);

CREATE TABLE objective_product_line (
	objective_key INTEGER NOT NULL, 
	product_line_key INTEGER NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY (objective_key, product_line_key), 
	FOREIGN KEY(objective_key) REFERENCES objective ("key") ON DELETE CASCADE, 
	FOREIGN KEY(product_line_key) REFERENCES product_line ("key")
);

CREATE TABLE cascade_version (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	cascade_key INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	published_at VARCHAR NOT NULL, 
	note TEXT NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (cascade_key, number), 
	UNIQUE (id), 
	FOREIGN KEY(cascade_key) REFERENCES "cascade" ("key")
);

CREATE TABLE target_node (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	cascade_key INTEGER NOT NULL, 
	unit_key INTEGER NOT NULL, 
	x FLOAT NOT NULL, 
	y FLOAT NOT NULL, 
	collapsed BOOLEAN NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (cascade_key, unit_key), 
	UNIQUE (id), 
	FOREIGN KEY(cascade_key) REFERENCES "cascade" ("key") ON DELETE CASCADE, 
	FOREIGN KEY(unit_key) REFERENCES org_unit ("key")
);

CREATE TABLE acknowledgement (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	version_key INTEGER NOT NULL, 
	unit_key INTEGER NOT NULL, 
	acknowledged_at VARCHAR NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (version_key, unit_key), 
	UNIQUE (id), 
	FOREIGN KEY(version_key) REFERENCES cascade_version ("key"), 
	FOREIGN KEY(unit_key) REFERENCES org_unit ("key")
);

CREATE TABLE cascade_edge (
	"key" INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	cascade_key INTEGER NOT NULL, 
	parent_node_key INTEGER NOT NULL, 
	child_node_key INTEGER NOT NULL, 
	rule_key INTEGER, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY ("key"), 
	UNIQUE (id), 
	FOREIGN KEY(cascade_key) REFERENCES "cascade" ("key") ON DELETE CASCADE, 
	FOREIGN KEY(parent_node_key) REFERENCES target_node ("key"), 
	UNIQUE (child_node_key), 
	FOREIGN KEY(child_node_key) REFERENCES target_node ("key"), 
	FOREIGN KEY(rule_key) REFERENCES rule ("key")
);

CREATE INDEX ix_cascade_edge_parent_node_key ON cascade_edge (parent_node_key);

CREATE TABLE target_override (
	node_key INTEGER NOT NULL, 
	metric_key INTEGER NOT NULL, 
	value FLOAT NOT NULL, 
	locked BOOLEAN NOT NULL, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	PRIMARY KEY (node_key, metric_key), 
	FOREIGN KEY(node_key) REFERENCES target_node ("key") ON DELETE CASCADE, 
	FOREIGN KEY(metric_key) REFERENCES metric ("key")
);

CREATE TABLE version_target (
	version_key INTEGER NOT NULL, 
	unit_key INTEGER NOT NULL, 
	metric_key INTEGER NOT NULL, 
	weight FLOAT NOT NULL, 
	target FLOAT NOT NULL, 
	PRIMARY KEY (version_key, unit_key, metric_key), 
	FOREIGN KEY(version_key) REFERENCES cascade_version ("key") ON DELETE CASCADE, 
	FOREIGN KEY(unit_key) REFERENCES org_unit ("key"), 
	FOREIGN KEY(metric_key) REFERENCES metric ("key")
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_actual_fact ON actual(unit_key, metric_key, day);

CREATE INDEX IF NOT EXISTS ix_deal_event_opp ON deal_event(opportunity_key, day);

CREATE INDEX IF NOT EXISTS ix_spend_unit ON incentive_spend(unit_key, day);
