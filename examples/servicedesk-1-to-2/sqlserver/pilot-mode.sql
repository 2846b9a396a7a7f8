-- Pilot mode: the pilot must not mail users or run scheduled jobs while operators try it.
-- Runs after every import; idempotent (one MERGE: each setting updated or inserted).
MERGE settings AS s
USING (VALUES (N'mail.outgoing.enabled', N'false'),
              (N'jobs.scheduler.enabled', N'false'),
              (N'ui.banner', N'PILOT of version 2: data records are refreshed from production')) AS v (name, value)
ON s.name = v.name
WHEN MATCHED THEN UPDATE SET value = v.value, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED THEN INSERT (name, value, updated_at) VALUES (v.name, v.value, SYSUTCDATETIME());
GO
