package tenantdb

import (
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

func TestBeginSQL(t *testing.T) {
	id := tenant.MustParse("7c9e6679-7425-40de-944b-e07fc1f90ae7")
	tests := []struct {
		name     string
		opts     []Option
		readOnly bool
		want     string
	}{
		{"default", nil, false, "begin; set local app.tenant_id = '7c9e6679-7425-40de-944b-e07fc1f90ae7'"},
		{"read only serializable", []Option{WithIsolation(pgx.Serializable)}, true,
			"begin isolation level serializable read only; set local app.tenant_id = '7c9e6679-7425-40de-944b-e07fc1f90ae7'"},
		{"custom setting", []Option{WithSetting("acme.tenant")}, false,
			"begin; set local acme.tenant = '7c9e6679-7425-40de-944b-e07fc1f90ae7'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := newConfig(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.beginSQL(id, tt.readOnly); got != tt.want {
				t.Errorf("beginSQL = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWithSettingValidation(t *testing.T) {
	for name, ok := range map[string]bool{
		"app.tenant_id": true, "a.b.c": true, "x_1.y_2": true,
		"": false, "tenant_id": false, "App.Tenant": false, "app.": false, ".x": false,
		"app.tenant'); drop table x; --": false, "app.1x": false, "app tenant.id": false,
	} {
		_, err := newConfig([]Option{WithSetting(name)})
		if (err == nil) != ok {
			t.Errorf("WithSetting(%q) error = %v, want ok=%v", name, err, ok)
		}
	}
	if _, err := newConfig([]Option{WithIsolation("chaos")}); err == nil {
		t.Error("WithIsolation accepted an unknown level")
	}
	if _, err := newConfig([]Option{WithRollbackTimeout(0)}); err == nil {
		t.Error("WithRollbackTimeout accepted 0")
	}
}

func TestQuoteLiteral(t *testing.T) {
	if got := quoteLiteral("a'b"); got != "'a''b'" {
		t.Errorf("quoteLiteral = %s", got)
	}
}
