-- Service desk, version 1: the configuration rows of the sample production (a few dozen).
-- Texts carry quotes, backslashes, accents and other characters a copy must keep exactly.

INSERT INTO teams (id, name, email) VALUES
  (1, 'Service Desk', 'desk@example.org'),
  (2, 'Réseau & Télécom', 'reseau@example.org'),
  (3, 'Postes de travail', NULL),
  (4, 'Applications "métier"', 'apps@example.org'),
  (5, 'Sécurité O''Brien', NULL);

INSERT INTO agents (id, team_id, login, display_name, email, active)
SELECT i,
       1 + i % 5,
       'agent' || i,
       (ARRAY['Zoë Dupont', 'José Álvarez', 'Ørjan Hansen', 'Mary O''Neil', '田中 太郎', 'Jean "JJ" Martin',
              'Back\slash Bob', 'Ana Lúcia'])[1 + i % 8] || ' ' || i,
       CASE WHEN i % 6 = 0 THEN NULL ELSE 'agent' || i || '@example.org' END,
       i % 7 <> 0
FROM generate_series(1, 20) AS i;

INSERT INTO categories (id, parent_id, code, name) VALUES
  (1, NULL, 'HW', 'Hardware'),
  (2, NULL, 'SW', 'Software'),
  (3, NULL, 'NET', 'Network'),
  (4, NULL, 'ACC', 'Accounts & access'),
  (5, 1, 'HW-PRN', 'Printers'),
  (6, 1, 'HW-SCR', 'Écrans'),
  (7, 2, 'SW-OFF', 'Office suite'),
  (8, 2, 'SW-ERP', 'ERP "Finance"'),
  (9, 3, 'NET-VPN', 'VPN'),
  (10, 3, 'NET-WIFI', 'Wi-Fi'),
  (11, 4, 'ACC-PWD', 'Password reset'),
  (12, 4, 'ACC-NEW', 'New joiner');

INSERT INTO priorities (id, name, level, response_hours) VALUES
  (1, 'Low', 1, 72.00),
  (2, 'Normal', 2, 24.00),
  (3, 'High', 3, 4.50),
  (4, 'Critical', 4, 0.25);

INSERT INTO settings (name, value, updated_at) VALUES
  ('mail.outgoing.enabled', 'true', '2024-01-15 09:00:00+00'),
  ('jobs.scheduler.enabled', 'true', '2024-01-15 09:00:00+00'),
  ('mail.sender', 'Service desk <desk@example.org>', '2024-01-15 09:00:00+00'),
  ('mail.signature', E'Service desk\n-- \nMerci de ne pas répondre à ce message.', '2024-02-01 10:30:00.123456+00'),
  ('portal.welcome', 'Welcome! Type "help" or read C:\Docs\FAQ.txt', '2024-02-01 10:30:00+00'),
  ('sla.business_hours', '08:00-18:00', '2024-01-15 09:00:00+00'),
  ('ui.theme', 'light', '2024-01-15 09:00:00+00'),
  ('ui.date_format', 'dd/MM/yyyy', '2024-01-15 09:00:00+00'),
  ('tickets.auto_close_days', '14', '2024-03-10 16:45:00+01'),
  ('export.csv_separator', E'\t', '2024-01-15 09:00:00+00');

INSERT INTO saved_searches (id, agent_id, name, query)
SELECT i,
       1 + i % 20,
       (ARRAY['My open tickets', 'Escalated', 'Printers ("HW-PRN")', 'Waiting > 3 days'])[1 + i % 4] || ' ' || i,
       'status = ''open'' AND assignee = ' || (1 + i % 20)
FROM generate_series(1, 8) AS i;

-- rows were inserted with their ids: move the id generators past them
SELECT setval(pg_get_serial_sequence('teams', 'id'), 6, false);
SELECT setval(pg_get_serial_sequence('agents', 'id'), 21, false);
SELECT setval(pg_get_serial_sequence('categories', 'id'), 13, false);
SELECT setval(pg_get_serial_sequence('priorities', 'id'), 5, false);
SELECT setval(pg_get_serial_sequence('saved_searches', 'id'), 9, false);
