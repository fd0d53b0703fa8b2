DROP TABLE retention_settings, invoices, files;
