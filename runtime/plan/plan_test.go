package plan_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/internal/pgtest"
	"github.com/tenantvet/tenantvet/runtime/plan"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

func TestCheck(t *testing.T) {
	starter, err := plan.DefaultCatalogue().Plan("starter")
	if err != nil {
		t.Fatal(err)
	}
	enterprise, _ := plan.DefaultCatalogue().Plan("enterprise")
	tests := []struct {
		name           string
		p              plan.Plan
		m              plan.Metric
		current, delta int
		want           *plan.LimitError
	}{
		{"under", starter, plan.Projects, 1, 1, nil},
		{"at limit", starter, plan.Projects, 2, 1, nil},
		{"over", starter, plan.Projects, 3, 1, &plan.LimitError{Metric: plan.Projects, Limit: 3, NextUsage: 4}},
		{"batch over", starter, plan.AIRuns, 90, 20, &plan.LimitError{Metric: plan.AIRuns, Limit: 100, NextUsage: 110}},
		{"unlimited", enterprise, plan.AIRuns, 1 << 30, 1, nil},
		{"unpriced metric fails closed", starter, "seats", 0, 1, &plan.LimitError{Metric: "seats", Limit: 0, NextUsage: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := plan.Check(tt.p, tt.m, tt.current, tt.delta)
			var le *plan.LimitError
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Check = %v", err)
				}
				return
			}
			if !errors.As(err, &le) || *le != *tt.want {
				t.Fatalf("Check = %v, want %+v", err, tt.want)
			}
		})
	}
}

func TestCatalogue(t *testing.T) {
	c := plan.DefaultCatalogue()
	if got := fmt.Sprint(c.Names()); got != "[enterprise growth starter]" {
		t.Errorf("Names = %s", got)
	}
	if _, err := c.Plan("platinum"); !errors.Is(err, plan.ErrUnknownPlan) {
		t.Errorf("unknown plan: %v", err)
	}
	custom, err := plan.NewCatalogue(plan.Plan{Name: "team", Limits: map[plan.Metric]int{"seats": 10}})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := custom.Plan("team"); p.Limit("seats") != 10 {
		t.Errorf("custom limit = %d", p.Limit("seats"))
	}
	for _, bad := range [][]plan.Plan{
		{{Name: ""}},
		{{Name: "a"}, {Name: "a"}},
		{{Name: "a", Limits: map[plan.Metric]int{"x": -2}}},
	} {
		if _, err := plan.NewCatalogue(bad...); err == nil {
			t.Errorf("NewCatalogue(%+v) succeeded", bad)
		}
	}
}

func TestWriteHTTP(t *testing.T) {
	w := httptest.NewRecorder()
	err := fmt.Errorf("create project: %w", &plan.LimitError{Metric: plan.Projects, Limit: 20, NextUsage: 21})
	if !plan.WriteHTTP(w, err) {
		t.Fatal("WriteHTTP did not handle a LimitError")
	}
	if w.Code != http.StatusPaymentRequired || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, content type %q", w.Code, w.Header().Get("Content-Type"))
	}
	want := `{"error":"PLAN_LIMIT_EXCEEDED","metric":"projects","limit":20,"nextUsage":21}` + "\n"
	if w.Body.String() != want {
		t.Fatalf("body = %s, want %s", w.Body.String(), want)
	}
	if plan.WriteHTTP(httptest.NewRecorder(), errors.New("other")) || plan.WriteHTTP(httptest.NewRecorder(), nil) {
		t.Fatal("WriteHTTP handled a non-limit error")
	}
}

func countProjects(ctx context.Context, tx pgx.Tx) (int, error) {
	var n int
	err := tx.QueryRow(ctx, "SELECT count(*) FROM projects").Scan(&n)
	return n, err
}

func createProject(ctx context.Context, pool tenantdb.Beginner, id tenant.ID, p plan.Plan, name string) error {
	return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		if err := plan.Enforce(ctx, tx, id, p, plan.Projects, countProjects); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, $2)", id, name)
		return err
	})
}

func projectCount(t *testing.T, pool tenantdb.Beginner, id tenant.ID) int {
	t.Helper()
	var n int
	err := tenantdb.WithTenantReadOnly(context.Background(), pool, id, func(tx pgx.Tx) error {
		var err error
		n, err = countProjects(context.Background(), tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEnforceUnderConcurrency(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 8)
	acme := env.NewTenant(t, "acme")
	other := env.NewTenant(t, "globex")
	p := plan.Plan{Name: "team", Limits: map[plan.Metric]int{plan.Projects: 20}}
	// Another tenant's usage does not count against acme.
	for i := range 5 {
		if err := createProject(context.Background(), pool, other, p, fmt.Sprint("g", i)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	created, limited := 0, 0
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := createProject(context.Background(), pool, acme, p, fmt.Sprint("p", i))
			var le *plan.LimitError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				created++
			case errors.As(err, &le):
				limited++
			default:
				t.Errorf("create: %v", err)
			}
		}()
	}
	wg.Wait()
	if n := projectCount(t, pool, acme); n != 20 || created != 20 || limited != 30 {
		t.Fatalf("rows %d, created %d, limited %d; want 20, 20, 30", n, created, limited)
	}
}

func TestLimitBreachReturns402AndWritesNothing(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 2)
	acme := env.NewTenant(t, "acme")
	starter, _ := plan.DefaultCatalogue().Plan("starter")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := createProject(r.Context(), pool, acme, starter, r.FormValue("name"))
		if plan.WriteHTTP(w, err) {
			return
		}
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	for i, want := range []int{201, 201, 201, 402, 402} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", fmt.Sprintf("/projects?name=p%d", i), nil))
		if w.Code != want {
			t.Fatalf("request %d: status %d, want %d (%s)", i, w.Code, want, w.Body.String())
		}
		if want == 402 {
			var body map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if body["error"] != "PLAN_LIMIT_EXCEEDED" || body["metric"] != "projects" || body["limit"] != 3.0 || body["nextUsage"] != 4.0 {
				t.Fatalf("body = %v", body)
			}
		}
	}
	if n := projectCount(t, pool, acme); n != 3 {
		t.Fatalf("rows = %d after the breach, want 3", n)
	}
}

func TestEnforceRefusesSnapshotIsolation(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 1)
	acme := env.NewTenant(t, "acme")
	starter, _ := plan.DefaultCatalogue().Plan("starter")
	ctx := context.Background()
	err := tenantdb.WithTenant(ctx, pool, acme, func(tx pgx.Tx) error {
		return plan.Enforce(ctx, tx, acme, starter, plan.Projects, countProjects)
	}, tenantdb.WithIsolation(pgx.RepeatableRead))
	if err == nil {
		t.Fatal("Enforce ran at repeatable read")
	}
	err = tenantdb.WithTenant(ctx, pool, acme, func(tx pgx.Tx) error {
		return plan.Enforce(ctx, tx, tenant.ID{}, starter, plan.Projects, countProjects)
	})
	if !errors.Is(err, tenant.ErrZeroID) {
		t.Fatalf("zero tenant: %v", err)
	}
}
