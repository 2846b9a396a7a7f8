-- Service desk, version 1, SQL Server: the schema production has BEFORE the upgrade (tables and keys).
-- The same tables as ../postgresql/schema.sql, in SQL Server's types: nvarchar for text, datetime2(6)
-- in UTC for timestamptz, bit for boolean, varbinary(max) for bytea, nvarchar(max) holding JSON for
-- jsonb, IDENTITY for identity and serial columns. Every constraint is named (SQL Server would
-- invent a name per database otherwise), the same names version 2's scripts use.
-- One batch: no GO needed. Foreign keys and indexes are in constraints.sql, added after loading.

CREATE TABLE schema_version (
  version nvarchar(20) NOT NULL CONSTRAINT pk_schema_version PRIMARY KEY
);
INSERT INTO schema_version (version) VALUES (N'1');

CREATE TABLE teams (
  id int IDENTITY(1, 1) NOT NULL CONSTRAINT pk_teams PRIMARY KEY,
  name nvarchar(100) NOT NULL CONSTRAINT uq_teams_name UNIQUE,
  email nvarchar(200) NULL
);

CREATE TABLE agents (
  id int IDENTITY(1, 1) NOT NULL CONSTRAINT pk_agents PRIMARY KEY,
  team_id int NULL,
  login nvarchar(64) NOT NULL CONSTRAINT uq_agents_login UNIQUE,
  display_name nvarchar(200) NOT NULL,
  email nvarchar(200) NULL,
  active bit NOT NULL CONSTRAINT df_agents_active DEFAULT 1
);

CREATE TABLE categories (
  id int IDENTITY(1, 1) NOT NULL CONSTRAINT pk_categories PRIMARY KEY,
  parent_id int NULL,
  code nvarchar(20) NOT NULL CONSTRAINT uq_categories_code UNIQUE,
  name nvarchar(100) NOT NULL
);

CREATE TABLE priorities (
  id int IDENTITY(1, 1) NOT NULL CONSTRAINT pk_priorities PRIMARY KEY,
  name nvarchar(50) NOT NULL CONSTRAINT uq_priorities_name UNIQUE,
  level smallint NOT NULL,
  response_hours decimal(6,2) NULL
);

CREATE TABLE settings (
  name nvarchar(100) NOT NULL CONSTRAINT pk_settings PRIMARY KEY,
  value nvarchar(max) NOT NULL,
  updated_at datetime2(6) NOT NULL CONSTRAINT df_settings_updated_at DEFAULT SYSUTCDATETIME()
);

-- version 2 drops this table: preflight warns that its rows do not reach the new version
CREATE TABLE saved_searches (
  id int IDENTITY(1, 1) NOT NULL CONSTRAINT pk_saved_searches PRIMARY KEY,
  agent_id int NOT NULL,
  name nvarchar(100) NOT NULL,
  query nvarchar(max) NOT NULL
);

CREATE TABLE computers (
  id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_computers PRIMARY KEY,
  hostname nvarchar(100) NOT NULL,
  serial_number nvarchar(50) NULL,
  purchased_on date NULL,
  purchase_price decimal(10,2) NULL,
  retired bit NOT NULL CONSTRAINT df_computers_retired DEFAULT 0,
  asset_tag_photo varbinary(max) NULL,
  specs nvarchar(max) NULL CONSTRAINT ck_computers_specs_json CHECK (specs IS NULL OR ISJSON(specs) = 1)
);

CREATE TABLE tickets (
  id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_tickets PRIMARY KEY,
  title nvarchar(200) NOT NULL,
  description nvarchar(max) NULL,
  resolution nvarchar(max) NULL,
  status nvarchar(20) NOT NULL CONSTRAINT df_tickets_status DEFAULT N'open',
  category_id int NOT NULL,
  priority_id int NOT NULL,
  computer_id bigint NULL,
  assignee_id int NULL,
  requester_email nvarchar(200) NULL,
  time_spent_minutes int NULL,
  escalated bit NOT NULL CONSTRAINT df_tickets_escalated DEFAULT 0,
  created_at datetime2(6) NOT NULL,
  closed_at datetime2(6) NULL
);

CREATE TABLE comments (
  id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_comments PRIMARY KEY,
  ticket_id bigint NOT NULL,
  parent_id bigint NULL,
  author nvarchar(200) NOT NULL,
  body nvarchar(max) NOT NULL,
  internal bit NOT NULL CONSTRAINT df_comments_internal DEFAULT 0,
  created_at datetime2(6) NOT NULL
);
