DROP TABLE api_keys;
DROP TABLE note_attachments;
DROP TABLE notes;
DROP TABLE projects;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE tenants;
DROP TABLE plans;
