package audit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/audit"
	"github.com/tenantvet/tenantvet/runtime/internal/pgtest"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

type row struct {
	Tenant, Actor, Action, TargetType, TargetID, RequestID, Meta string
	At                                                           time.Time
}

func events(t *testing.T, pool tenantdb.Beginner, id tenant.ID) []row {
	t.Helper()
	var out []row
	err := tenantdb.WithTenantReadOnly(context.Background(), pool, id, func(tx pgx.Tx) error {
		rows, err := tx.Query(context.Background(), `SELECT tenant_id::text, actor_id, action, target_type, target_id,
			request_id, metadata::text, occurred_at FROM audit_events ORDER BY id`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
			var x row
			err := r.Scan(&x.Tenant, &x.Actor, &x.Action, &x.TargetType, &x.TargetID, &x.RequestID, &x.Meta, &x.At)
			return x, err
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func setup(t *testing.T) (*pgxpool.Pool, tenant.ID, tenant.ID) {
	t.Helper()
	env := pgtest.New(t)
	env.OwnerExec(t, audit.DDL)
	env.Grant(t, "SELECT, INSERT", "audit_events")
	return env.Pool(t, 2), env.NewTenant(t, "acme"), env.NewTenant(t, "globex")
}

func TestRecord(t *testing.T) {
	pool, acme, globex := setup(t)
	ctx := tenant.NewContext(context.Background(), tenant.Context{TenantID: acme, UserID: "u1", RequestID: "req-1"})
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	err := tenantdb.WithTenant(ctx, pool, acme, func(tx pgx.Tx) error {
		if err := audit.Record(ctx, tx, audit.Event{Action: "project.delete", TargetType: "project", TargetID: "p1",
			Metadata: map[string]string{"name": "Apollo"}}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{ActorID: "system:digest", Action: "digest.send", At: at})
	})
	if err != nil {
		t.Fatal(err)
	}
	got := events(t, pool, acme)
	if len(got) != 2 {
		t.Fatalf("events = %+v", got)
	}
	e := got[0]
	if e.Tenant != acme.String() || e.Actor != "u1" || e.Action != "project.delete" || e.TargetType != "project" ||
		e.TargetID != "p1" || e.RequestID != "req-1" || e.Meta != `{"name": "Apollo"}` || e.At.IsZero() {
		t.Errorf("event = %+v", e)
	}
	if got[1].Actor != "system:digest" || !got[1].At.Equal(at) {
		t.Errorf("event = %+v", got[1])
	}
	if n := len(events(t, pool, globex)); n != 0 {
		t.Errorf("globex sees %d of acme's audit events", n)
	}
}

func TestRecordRollsBackWithTheChange(t *testing.T) {
	pool, acme, _ := setup(t)
	ctx := tenant.NewContext(context.Background(), tenant.Context{TenantID: acme, UserID: "u1"})
	errBoom := errors.New("boom")
	err := tenantdb.WithTenant(ctx, pool, acme, func(tx pgx.Tx) error {
		if err := audit.Record(ctx, tx, audit.Event{Action: "project.create"}); err != nil {
			return err
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatal(err)
	}
	if n := len(events(t, pool, acme)); n != 0 {
		t.Errorf("%d events survived the rollback", n)
	}
}

func TestRecordRejects(t *testing.T) {
	pool, acme, globex := setup(t)
	bg := context.Background()
	tests := []struct {
		name string
		ctx  context.Context
		e    audit.Event
		want func(error) bool
	}{
		{"no tenant", bg, audit.Event{ActorID: "u1", Action: "x"}, func(err error) bool { return errors.Is(err, audit.ErrNoTenant) }},
		{"no actor", bg, audit.Event{TenantID: acme, Action: "x"}, func(err error) bool { return errors.Is(err, audit.ErrNoActor) }},
		{"no action", bg, audit.Event{TenantID: acme, ActorID: "u1"}, func(err error) bool { return err != nil }},
		{"other tenant", bg, audit.Event{TenantID: globex, ActorID: "u1", Action: "x"}, func(err error) bool {
			var pgErr *pgconn.PgError
			return errors.As(err, &pgErr) && pgErr.Code == "42501"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tenantdb.WithTenant(bg, pool, acme, func(tx pgx.Tx) error {
				return audit.Record(tt.ctx, tx, tt.e)
			})
			if !tt.want(err) {
				t.Fatalf("error = %v", err)
			}
		})
	}
}

func TestEventsCannotBeChanged(t *testing.T) {
	pool, acme, _ := setup(t)
	ctx := tenant.NewContext(context.Background(), tenant.Context{TenantID: acme, UserID: "u1"})
	err := tenantdb.WithTenant(ctx, pool, acme, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, audit.Event{Action: "x"})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_events SET action = 'y'", "DELETE FROM audit_events"} {
		err := tenantdb.WithTenant(ctx, pool, acme, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, q)
			return err
		})
		if err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
}
