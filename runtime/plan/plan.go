// Package plan enforces plan limits on the server, before the write or the AI run happens.
//
// A Catalogue maps plan names to limits per metric. Check compares a tenant's usage after the
// intended change with the limit and returns a *LimitError when it would be exceeded; WriteHTTP
// renders that as HTTP 402 with the body
//
//	{"error":"PLAN_LIMIT_EXCEEDED","metric":"projects","limit":20,"nextUsage":21}
//
// Enforce makes the check correct under concurrency. Inside the tenant transaction it takes a
// transaction-scoped advisory lock for (tenant, metric), then counts and checks, so concurrent
// creates for the same tenant and metric queue up and each sees the rows committed before it:
//
//	err := tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
//		if err := plan.Enforce(ctx, tx, tc.TenantID, p, plan.Projects, countProjects); err != nil {
//			return err
//		}
//		_, err := tx.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, $2)", tc.TenantID, name)
//		return err
//	})
//	if plan.WriteHTTP(w, err) {
//		return // 402 written, nothing inserted
//	}
//
// The lock is pg_advisory_xact_lock(hashtextextended('tenantvet.plan:' || tenant || ':' ||
// metric, 0)), so no usage table is needed; it is released at commit or rollback. A hash
// collision only makes two unrelated counters wait for each other. The transaction must run at
// READ COMMITTED (PostgreSQL's default), where the count after the lock sees every insert
// committed before it; at REPEATABLE READ or SERIALIZABLE the snapshot predates the lock, so
// Enforce refuses to run there.
package plan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Metric names a counted resource.
type Metric string

// The default metrics.
const (
	Users    Metric = "users"
	Projects Metric = "projects"
	AIRuns   Metric = "aiRuns"
)

// Unlimited is the limit of a metric that has no cap.
const Unlimited = -1

// Plan is a named set of limits. A metric missing from Limits is not allowed at all (limit 0),
// so a new metric fails closed until it is priced.
type Plan struct {
	Name   string
	Limits map[Metric]int
}

// Limit returns the limit of m: Unlimited, or a count >= 0.
func (p Plan) Limit(m Metric) int {
	l, ok := p.Limits[m]
	if !ok {
		return 0
	}
	return l
}

// Catalogue is a set of plans by name.
type Catalogue struct {
	plans map[string]Plan
}

// NewCatalogue returns a catalogue of plans. Names must be unique and non-empty, and limits
// must be Unlimited or >= 0.
func NewCatalogue(plans ...Plan) (*Catalogue, error) {
	c := &Catalogue{plans: map[string]Plan{}}
	for _, p := range plans {
		if p.Name == "" {
			return nil, errors.New("new plan catalogue: plan without name")
		}
		if _, dup := c.plans[p.Name]; dup {
			return nil, fmt.Errorf("new plan catalogue: duplicate plan %q", p.Name)
		}
		limits := make(map[Metric]int, len(p.Limits))
		for m, l := range p.Limits {
			if l < Unlimited {
				return nil, fmt.Errorf("new plan catalogue: plan %q metric %q: limit %d", p.Name, m, l)
			}
			limits[m] = l
		}
		c.plans[p.Name] = Plan{Name: p.Name, Limits: limits}
	}
	return c, nil
}

// DefaultCatalogue returns the starter, growth and enterprise plans over users, projects and
// aiRuns.
func DefaultCatalogue() *Catalogue {
	c, _ := NewCatalogue(
		Plan{Name: "starter", Limits: map[Metric]int{Users: 3, Projects: 3, AIRuns: 100}},
		Plan{Name: "growth", Limits: map[Metric]int{Users: 25, Projects: 50, AIRuns: 5000}},
		Plan{Name: "enterprise", Limits: map[Metric]int{Users: Unlimited, Projects: Unlimited, AIRuns: Unlimited}},
	)
	return c
}

// ErrUnknownPlan is returned by Catalogue.Plan for a name it does not hold.
var ErrUnknownPlan = errors.New("unknown plan")

// Plan returns the plan called name.
func (c *Catalogue) Plan(name string) (Plan, error) {
	p, ok := c.plans[name]
	if !ok {
		return Plan{}, fmt.Errorf("plan %q: %w", name, ErrUnknownPlan)
	}
	return p, nil
}

// Names returns the plan names in sorted order.
func (c *Catalogue) Names() []string {
	names := make([]string, 0, len(c.plans))
	for n := range c.plans {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LimitError reports that a change would take a metric past its limit.
type LimitError struct {
	Metric    Metric
	Limit     int
	NextUsage int
}

// Error implements error.
func (e *LimitError) Error() string {
	return fmt.Sprintf("plan limit exceeded: %s would be %d, limit %d", e.Metric, e.NextUsage, e.Limit)
}

// StatusCode returns 402 Payment Required.
func (e *LimitError) StatusCode() int { return http.StatusPaymentRequired }

// MarshalJSON renders {"error":"PLAN_LIMIT_EXCEEDED","metric":...,"limit":...,"nextUsage":...}.
func (e *LimitError) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Error     string `json:"error"`
		Metric    Metric `json:"metric"`
		Limit     int    `json:"limit"`
		NextUsage int    `json:"nextUsage"`
	}{"PLAN_LIMIT_EXCEEDED", e.Metric, e.Limit, e.NextUsage})
}

// ServeHTTP writes the error as a 402 JSON response.
func (e *LimitError) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	body, _ := e.MarshalJSON() // cannot fail: plain fields
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusPaymentRequired)
	_, _ = w.Write(append(body, '\n'))
}

// WriteHTTP writes the 402 response when err wraps a *LimitError and reports whether it did.
func WriteHTTP(w http.ResponseWriter, err error) bool {
	var le *LimitError
	if !errors.As(err, &le) {
		return false
	}
	le.ServeHTTP(w, nil)
	return true
}

// Check returns a *LimitError when current usage plus delta exceeds the plan's limit for m.
func Check(p Plan, m Metric, current, delta int) error {
	limit := p.Limit(m)
	if limit == Unlimited {
		return nil
	}
	if next := current + delta; next > limit {
		return &LimitError{Metric: m, Limit: limit, NextUsage: next}
	}
	return nil
}

// Counter counts the tenant's current usage of a metric inside the transaction, for example
// "SELECT count(*) FROM projects" (row level security scopes it to the tenant).
type Counter func(ctx context.Context, tx pgx.Tx) (int, error)

// Enforce locks the (tenant, metric) counter for the rest of tx, counts the current usage and
// checks that one more unit fits the plan. Call it inside tenantdb.WithTenant before the write;
// on a *LimitError return it from the callback so the transaction rolls back.
func Enforce(ctx context.Context, tx pgx.Tx, tenantID tenant.ID, p Plan, m Metric, counter Counter) error {
	if tenantID.IsZero() {
		return fmt.Errorf("enforce %s limit: %w", m, tenant.ErrZeroID)
	}
	if p.Limit(m) == Unlimited {
		return nil
	}
	var iso string
	err := tx.QueryRow(ctx, `WITH l AS (SELECT pg_advisory_xact_lock(hashtextextended($1, 0)))
		SELECT current_setting('transaction_isolation') FROM l`,
		"tenantvet.plan:"+tenantID.String()+":"+string(m)).Scan(&iso)
	if err != nil {
		return fmt.Errorf("enforce %s limit: lock usage: %w", m, err)
	}
	if iso != "read committed" {
		return fmt.Errorf("enforce %s limit: transaction isolation is %s, want read committed", m, iso)
	}
	n, err := counter(ctx, tx)
	if err != nil {
		return fmt.Errorf("enforce %s limit: count usage: %w", m, err)
	}
	return Check(p, m, n, 1)
}
