CREATE OR REPLACE VIEW note_ids WITH (security_invoker = true) AS SELECT id FROM notes;
