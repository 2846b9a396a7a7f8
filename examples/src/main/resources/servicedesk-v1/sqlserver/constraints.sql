-- Service desk, version 1, SQL Server: foreign keys and secondary indexes, added after the rows are
-- loaded (WITH CHECK: every row checked, so the optimizer trusts them). One batch.
-- SQL Server refuses ON DELETE CASCADE on a self-reference (comments.parent_id): a reply is deleted
-- with its parent by the application, not by the server, on this platform.

ALTER TABLE agents WITH CHECK ADD CONSTRAINT fk_agents_team FOREIGN KEY (team_id) REFERENCES teams (id);
ALTER TABLE categories WITH CHECK ADD CONSTRAINT fk_categories_parent FOREIGN KEY (parent_id) REFERENCES categories (id);
ALTER TABLE saved_searches WITH CHECK ADD CONSTRAINT fk_saved_searches_agent FOREIGN KEY (agent_id) REFERENCES agents (id);

ALTER TABLE tickets WITH CHECK ADD
  CONSTRAINT fk_tickets_category FOREIGN KEY (category_id) REFERENCES categories (id),
  CONSTRAINT fk_tickets_priority FOREIGN KEY (priority_id) REFERENCES priorities (id),
  CONSTRAINT fk_tickets_computer FOREIGN KEY (computer_id) REFERENCES computers (id),
  CONSTRAINT fk_tickets_assignee FOREIGN KEY (assignee_id) REFERENCES agents (id);
CREATE INDEX ix_tickets_category_id ON tickets (category_id);

ALTER TABLE comments WITH CHECK ADD
  CONSTRAINT fk_comments_ticket FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE,
  CONSTRAINT fk_comments_parent FOREIGN KEY (parent_id) REFERENCES comments (id);
CREATE INDEX ix_comments_ticket_id ON comments (ticket_id);
CREATE INDEX ix_comments_parent_id ON comments (parent_id);
