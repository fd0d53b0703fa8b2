module github.com/tenantvet/tenantvet

go 1.26
