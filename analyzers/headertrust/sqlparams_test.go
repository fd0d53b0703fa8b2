package headertrust

import (
	"slices"
	"testing"
)

func TestTenantPlaceholders(t *testing.T) {
	cols := []string{"tenant_id"}
	for _, tc := range []struct {
		sql  string
		want []int
	}{
		{"SELECT * FROM notes WHERE tenant_id = $1 AND id = $2", []int{1}},
		{"SELECT * FROM notes n WHERE n.id = $1 AND $2::uuid = n.tenant_id", []int{2}},
		{"INSERT INTO notes (id, tenant_id, body) VALUES ($1, $2, $3)", []int{2}},
		{"UPDATE notes SET body = $1 WHERE id = $2", nil},
		{"not sql", nil},
		// On the tenants table alone, its id is the tenant.
		{"SELECT name FROM tenants WHERE id = $1", []int{1}},
		{"UPDATE tenants SET name = $1 WHERE id = $2", []int{2}},
		{"SELECT t.name FROM tenants t JOIN notes n ON n.tenant_id = t.id WHERE n.id = $1", nil},
		{"SELECT name FROM projects WHERE id = $1", nil},
	} {
		if got := tenantPlaceholders(tc.sql, cols, "tenants"); !slices.Equal(got, tc.want) {
			t.Errorf("tenantPlaceholders(%q) = %v, want %v", tc.sql, got, tc.want)
		}
	}
}
