DROP TABLE invoices, files;
