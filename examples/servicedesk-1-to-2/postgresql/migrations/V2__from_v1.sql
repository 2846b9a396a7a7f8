-- Service desk 1 -> 2, in place, for the production upgrade. Gives exactly the schema of
-- schema/*.sql, and the same rows as the package's table mappings. Run in one transaction.

ALTER TABLE categories ADD COLUMN portal_visible boolean NOT NULL DEFAULT true;
ALTER TABLE categories ALTER COLUMN portal_visible DROP DEFAULT;

ALTER TABLE priorities ADD COLUMN color char(7);

ALTER TABLE computers ADD COLUMN lifecycle varchar(20) CHECK (lifecycle IN ('in_use', 'in_stock', 'retired'));
UPDATE computers SET lifecycle = CASE WHEN retired THEN 'retired' ELSE 'in_use' END;
ALTER TABLE computers ALTER COLUMN lifecycle SET NOT NULL;
ALTER TABLE computers DROP COLUMN retired;

CREATE TABLE ticket_details (
  ticket_id bigint PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
  description text,
  resolution text
);
INSERT INTO ticket_details (ticket_id, description, resolution)
SELECT id, description, resolution FROM tickets
WHERE description IS NOT NULL OR resolution IS NOT NULL;

ALTER TABLE tickets RENAME COLUMN title TO summary;
ALTER TABLE tickets ADD COLUMN impact varchar(10) NOT NULL DEFAULT 'medium' CHECK (impact IN ('low', 'medium', 'high'));
ALTER TABLE tickets DROP COLUMN description, DROP COLUMN resolution;

DROP TABLE saved_searches;

UPDATE schema_version SET version = '2';
