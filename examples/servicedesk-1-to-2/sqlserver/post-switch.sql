-- After the switch the pilot is production: mail and jobs back on, and the new client is pushed
-- to technicians' machines. Idempotent.
MERGE settings AS s
USING (VALUES (N'mail.outgoing.enabled', N'true'),
              (N'jobs.scheduler.enabled', N'true'),
              (N'client.push.enabled', N'true')) AS v (name, value)
ON s.name = v.name
WHEN MATCHED THEN UPDATE SET value = v.value, updated_at = SYSUTCDATETIME()
WHEN NOT MATCHED THEN INSERT (name, value, updated_at) VALUES (v.name, v.value, SYSUTCDATETIME());
DELETE FROM settings WHERE name = N'ui.banner';
GO
