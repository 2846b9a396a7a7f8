-- Rows the new version starts with. Only excluded tables are seeded here: every imported table
-- is filled from production.
INSERT INTO schema_version (version) VALUES (N'2');
GO
