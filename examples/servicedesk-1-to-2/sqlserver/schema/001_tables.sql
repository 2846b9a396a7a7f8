-- Service desk, version 2, SQL Server: the full schema, created in an empty database.
-- The same tables as ../../postgresql/schema/001_tables.sql in SQL Server's types (see
-- servicedesk-v1/sqlserver/schema.sql), columns in the order the in-place migration leaves them.
-- Changes from version 1:
--   categories.portal_visible    new, NOT NULL without a default (the package maps a constant)
--   priorities.color             new, nullable
--   computers.retired -> lifecycle   replaced by a NOT NULL text (the package maps a SQL projection)
--   tickets.title -> summary     renamed
--   tickets.impact               new, NOT NULL with a default
--   tickets.description, resolution  moved to the new table ticket_details (a split table)
--   saved_searches               dropped
-- Batches are separated by GO lines.

CREATE TABLE schema_version (
  version nvarchar(20) NOT NULL CONSTRAINT pk_schema_version PRIMARY KEY
);

CREATE TABLE teams (
  id int IDENTITY(1, 1) NOT NULL CONSTRAINT pk_teams PRIMARY KEY,
  name nvarchar(100) NOT NULL CONSTRAINT uq_teams_name UNIQUE,
  email nvarchar(200) NULL
);

CREATE TABLE agents (
  id int IDENTITY(1, 1) NOT NULL CONSTRAINT pk_agents PRIMARY KEY,
  team_id int NULL CONSTRAINT fk_agents_team REFERENCES teams (id),
  login nvarchar(64) NOT NULL CONSTRAINT uq_agents_login UNIQUE,
  display_name nvarchar(200) NOT NULL,
  email nvarchar(200) NULL,
  active bit NOT NULL CONSTRAINT df_agents_active DEFAULT 1
);

CREATE TABLE categories (
  id int IDENTITY(1, 1) NOT NULL CONSTRAINT pk_categories PRIMARY KEY,
  parent_id int NULL CONSTRAINT fk_categories_parent REFERENCES categories (id),
  code nvarchar(20) NOT NULL CONSTRAINT uq_categories_code UNIQUE,
  name nvarchar(100) NOT NULL,
  portal_visible bit NOT NULL
);

CREATE TABLE priorities (
  id int IDENTITY(1, 1) NOT NULL CONSTRAINT pk_priorities PRIMARY KEY,
  name nvarchar(50) NOT NULL CONSTRAINT uq_priorities_name UNIQUE,
  level smallint NOT NULL,
  response_hours decimal(6,2) NULL,
  color char(7) NULL
);

CREATE TABLE settings (
  name nvarchar(100) NOT NULL CONSTRAINT pk_settings PRIMARY KEY,
  value nvarchar(max) NOT NULL,
  updated_at datetime2(6) NOT NULL CONSTRAINT df_settings_updated_at DEFAULT SYSUTCDATETIME()
);
GO

CREATE TABLE computers (
  id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_computers PRIMARY KEY,
  hostname nvarchar(100) NOT NULL,
  serial_number nvarchar(50) NULL,
  purchased_on date NULL,
  purchase_price decimal(10,2) NULL,
  asset_tag_photo varbinary(max) NULL,
  specs nvarchar(max) NULL CONSTRAINT ck_computers_specs_json CHECK (specs IS NULL OR ISJSON(specs) = 1),
  lifecycle nvarchar(20) NOT NULL CONSTRAINT ck_computers_lifecycle CHECK (lifecycle IN (N'in_use', N'in_stock', N'retired'))
);

CREATE TABLE tickets (
  id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_tickets PRIMARY KEY,
  summary nvarchar(200) NOT NULL,
  status nvarchar(20) NOT NULL CONSTRAINT df_tickets_status DEFAULT N'open',
  category_id int NOT NULL CONSTRAINT fk_tickets_category REFERENCES categories (id),
  priority_id int NOT NULL CONSTRAINT fk_tickets_priority REFERENCES priorities (id),
  computer_id bigint NULL CONSTRAINT fk_tickets_computer REFERENCES computers (id),
  assignee_id int NULL CONSTRAINT fk_tickets_assignee REFERENCES agents (id),
  requester_email nvarchar(200) NULL,
  time_spent_minutes int NULL,
  escalated bit NOT NULL CONSTRAINT df_tickets_escalated DEFAULT 0,
  created_at datetime2(6) NOT NULL,
  closed_at datetime2(6) NULL,
  impact nvarchar(10) NOT NULL CONSTRAINT df_tickets_impact DEFAULT N'medium'
    CONSTRAINT ck_tickets_impact CHECK (impact IN (N'low', N'medium', N'high'))
);
CREATE INDEX ix_tickets_category_id ON tickets (category_id);

-- the long texts of a ticket, split out of tickets; only tickets that have one get a row
CREATE TABLE ticket_details (
  ticket_id bigint NOT NULL CONSTRAINT pk_ticket_details PRIMARY KEY
    CONSTRAINT fk_ticket_details_ticket REFERENCES tickets (id) ON DELETE CASCADE,
  description nvarchar(max) NULL,
  resolution nvarchar(max) NULL
);

-- SQL Server refuses ON DELETE CASCADE on a self-reference: replies are deleted by the application
CREATE TABLE comments (
  id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_comments PRIMARY KEY,
  ticket_id bigint NOT NULL CONSTRAINT fk_comments_ticket REFERENCES tickets (id) ON DELETE CASCADE,
  parent_id bigint NULL CONSTRAINT fk_comments_parent REFERENCES comments (id),
  author nvarchar(200) NOT NULL,
  body nvarchar(max) NOT NULL,
  internal bit NOT NULL CONSTRAINT df_comments_internal DEFAULT 0,
  created_at datetime2(6) NOT NULL
);
CREATE INDEX ix_comments_ticket_id ON comments (ticket_id);
CREATE INDEX ix_comments_parent_id ON comments (parent_id);
GO
