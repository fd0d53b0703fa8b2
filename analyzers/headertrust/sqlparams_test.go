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
	} {
		if got := tenantPlaceholders(tc.sql, cols); !slices.Equal(got, tc.want) {
			t.Errorf("tenantPlaceholders(%q) = %v, want %v", tc.sql, got, tc.want)
		}
	}
}
