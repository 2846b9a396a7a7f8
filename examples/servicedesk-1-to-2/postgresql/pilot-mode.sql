-- Pilot mode: the pilot must not mail users or run scheduled jobs while operators try it.
-- Runs after every import; idempotent (an upsert per setting).
INSERT INTO settings (name, value, updated_at) VALUES
  ('mail.outgoing.enabled', 'false', now()),
  ('jobs.scheduler.enabled', 'false', now()),
  ('ui.banner', 'PILOT of version 2: data records are refreshed from production', now())
ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at;
