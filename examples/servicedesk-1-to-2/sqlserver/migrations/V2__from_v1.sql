-- Service desk 1 -> 2, in place, for the production upgrade on SQL Server. Gives exactly the schema
-- of schema/*.sql, and the same rows as the package's table mappings. Batches are separated by GO
-- lines: a column added in one batch can only be used by the next (a batch compiles as a whole).
-- The runner executes the batches in one transaction.

ALTER TABLE categories ADD portal_visible bit NOT NULL CONSTRAINT df_categories_portal_visible DEFAULT 1;
GO
ALTER TABLE categories DROP CONSTRAINT df_categories_portal_visible;

ALTER TABLE priorities ADD color char(7) NULL;

ALTER TABLE computers ADD lifecycle nvarchar(20) NULL;
GO
UPDATE computers SET lifecycle = CASE WHEN retired = 1 THEN N'retired' ELSE N'in_use' END;
ALTER TABLE computers ALTER COLUMN lifecycle nvarchar(20) NOT NULL;
ALTER TABLE computers ADD CONSTRAINT ck_computers_lifecycle CHECK (lifecycle IN (N'in_use', N'in_stock', N'retired'));
ALTER TABLE computers DROP CONSTRAINT df_computers_retired;
ALTER TABLE computers DROP COLUMN retired;

CREATE TABLE ticket_details (
  ticket_id bigint NOT NULL CONSTRAINT pk_ticket_details PRIMARY KEY
    CONSTRAINT fk_ticket_details_ticket REFERENCES tickets (id) ON DELETE CASCADE,
  description nvarchar(max) NULL,
  resolution nvarchar(max) NULL
);
GO
INSERT INTO ticket_details (ticket_id, description, resolution)
SELECT id, description, resolution FROM tickets
WHERE description IS NOT NULL OR resolution IS NOT NULL;

EXEC sp_rename N'dbo.tickets.title', N'summary', N'COLUMN';
ALTER TABLE tickets ADD impact nvarchar(10) NOT NULL CONSTRAINT df_tickets_impact DEFAULT N'medium'
  CONSTRAINT ck_tickets_impact CHECK (impact IN (N'low', N'medium', N'high'));
ALTER TABLE tickets DROP COLUMN description, resolution;

DROP TABLE saved_searches;

UPDATE schema_version SET version = N'2';
GO
