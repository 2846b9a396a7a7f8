-- Service desk, version 1: foreign keys and secondary indexes, added after the rows are loaded.
-- Constraint names are PostgreSQL's defaults, the names version 2's scripts get too.

ALTER TABLE agents ADD FOREIGN KEY (team_id) REFERENCES teams (id);
ALTER TABLE categories ADD FOREIGN KEY (parent_id) REFERENCES categories (id);
ALTER TABLE saved_searches ADD FOREIGN KEY (agent_id) REFERENCES agents (id);

ALTER TABLE tickets
  ADD FOREIGN KEY (category_id) REFERENCES categories (id),
  ADD FOREIGN KEY (priority_id) REFERENCES priorities (id),
  ADD FOREIGN KEY (computer_id) REFERENCES computers (id),
  ADD FOREIGN KEY (assignee_id) REFERENCES agents (id);
CREATE INDEX tickets_category_id_idx ON tickets (category_id);

ALTER TABLE comments
  ADD FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE,
  ADD FOREIGN KEY (parent_id) REFERENCES comments (id) ON DELETE CASCADE;
CREATE INDEX comments_ticket_id_idx ON comments (ticket_id);
CREATE INDEX comments_parent_id_idx ON comments (parent_id);
