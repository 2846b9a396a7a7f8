-- Service desk, version 1, SQL Server: the configuration rows of the sample production, the same
-- values as ../postgresql/configuration.sql (timestamps in UTC). One batch.
-- Texts carry quotes, backslashes, accents and other characters a copy must keep exactly.

SET IDENTITY_INSERT teams ON;
INSERT INTO teams (id, name, email) VALUES
  (1, N'Service Desk', N'desk@example.org'),
  (2, N'Réseau & Télécom', N'reseau@example.org'),
  (3, N'Postes de travail', NULL),
  (4, N'Applications "métier"', N'apps@example.org'),
  (5, N'Sécurité O''Brien', NULL);
SET IDENTITY_INSERT teams OFF;

SET IDENTITY_INSERT agents ON;
WITH digits (d) AS (SELECT d FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v (d)),
     numbers (i) AS (SELECT 10 * tens.d + ones.d FROM digits AS tens CROSS JOIN digits AS ones)
INSERT INTO agents (id, team_id, login, display_name, email, active)
SELECT i,
       1 + i % 5,
       CONCAT(N'agent', i),
       CONCAT(CHOOSE(1 + i % 8, N'Zoë Dupont', N'José Álvarez', N'Ørjan Hansen', N'Mary O''Neil', N'田中 太郎',
                     N'Jean "JJ" Martin', N'Back\slash Bob', N'Ana Lúcia'), N' ', i),
       CASE WHEN i % 6 = 0 THEN NULL ELSE CONCAT(N'agent', i, N'@example.org') END,
       CASE WHEN i % 7 <> 0 THEN 1 ELSE 0 END
FROM numbers WHERE i BETWEEN 1 AND 20;
SET IDENTITY_INSERT agents OFF;

SET IDENTITY_INSERT categories ON;
INSERT INTO categories (id, parent_id, code, name) VALUES
  (1, NULL, N'HW', N'Hardware'),
  (2, NULL, N'SW', N'Software'),
  (3, NULL, N'NET', N'Network'),
  (4, NULL, N'ACC', N'Accounts & access'),
  (5, 1, N'HW-PRN', N'Printers'),
  (6, 1, N'HW-SCR', N'Écrans'),
  (7, 2, N'SW-OFF', N'Office suite'),
  (8, 2, N'SW-ERP', N'ERP "Finance"'),
  (9, 3, N'NET-VPN', N'VPN'),
  (10, 3, N'NET-WIFI', N'Wi-Fi'),
  (11, 4, N'ACC-PWD', N'Password reset'),
  (12, 4, N'ACC-NEW', N'New joiner');
SET IDENTITY_INSERT categories OFF;

SET IDENTITY_INSERT priorities ON;
INSERT INTO priorities (id, name, level, response_hours) VALUES
  (1, N'Low', 1, 72.00),
  (2, N'Normal', 2, 24.00),
  (3, N'High', 3, 4.50),
  (4, N'Critical', 4, 0.25);
SET IDENTITY_INSERT priorities OFF;

INSERT INTO settings (name, value, updated_at) VALUES
  (N'mail.outgoing.enabled', N'true', '2024-01-15 09:00:00'),
  (N'jobs.scheduler.enabled', N'true', '2024-01-15 09:00:00'),
  (N'mail.sender', N'Service desk <desk@example.org>', '2024-01-15 09:00:00'),
  (N'mail.signature', CONCAT(N'Service desk', NCHAR(10), N'-- ', NCHAR(10), N'Merci de ne pas répondre à ce message.'),
   '2024-02-01 10:30:00.123456'),
  (N'portal.welcome', N'Welcome! Type "help" or read C:\Docs\FAQ.txt', '2024-02-01 10:30:00'),
  (N'sla.business_hours', N'08:00-18:00', '2024-01-15 09:00:00'),
  (N'ui.theme', N'light', '2024-01-15 09:00:00'),
  (N'ui.date_format', N'dd/MM/yyyy', '2024-01-15 09:00:00'),
  (N'tickets.auto_close_days', N'14', '2024-03-10 15:45:00'),
  (N'export.csv_separator', NCHAR(9), '2024-01-15 09:00:00');

SET IDENTITY_INSERT saved_searches ON;
WITH numbers (i) AS (SELECT i FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8)) AS v (i))
INSERT INTO saved_searches (id, agent_id, name, query)
SELECT i,
       1 + i % 20,
       CONCAT(CHOOSE(1 + i % 4, N'My open tickets', N'Escalated', N'Printers ("HW-PRN")', N'Waiting > 3 days'), N' ', i),
       CONCAT(N'status = ''open'' AND assignee = ', 1 + i % 20)
FROM numbers;
SET IDENTITY_INSERT saved_searches OFF;
