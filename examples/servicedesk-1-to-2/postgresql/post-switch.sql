-- After the switch the pilot is production: mail and jobs back on, and the new client is pushed
-- to technicians' machines. Idempotent.
INSERT INTO settings (name, value, updated_at) VALUES
  ('mail.outgoing.enabled', 'true', now()),
  ('jobs.scheduler.enabled', 'true', now()),
  ('client.push.enabled', 'true', now())
ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at;
DELETE FROM settings WHERE name = 'ui.banner';
