// Package audit records who did what, in which tenant, to which target and when, inside the
// tenant transaction, so an audit event commits or rolls back with the change it describes.
//
// Audit events are kept apart from operational logs (see safelog): they live in the
// audit_events table, whose DDL is the constant DDL. The table is tenant-owned with row level
// security enabled and forced, and its policies allow only SELECT and INSERT of the current
// tenant's rows: grant the application role SELECT and INSERT only, so events cannot be edited
// or deleted by the application.
//
//	err := tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
//		if _, err := tx.Exec(ctx, "DELETE FROM projects WHERE id = $1", id); err != nil {
//			return err
//		}
//		return audit.Record(ctx, tx, audit.Event{Action: "project.delete", TargetType: "project", TargetID: id})
//	})
//
// Record fills the tenant, actor and request id from the tenant.Context in ctx when the event
// leaves them empty. Metadata must not hold secrets, prompts or personal data.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// DDL creates the audit_events table. It expects a tenants (id uuid) table and the tenant
// setting app.tenant_id (tenantdb's default).
const DDL = `CREATE TABLE IF NOT EXISTS audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_id text NOT NULL,
  action text NOT NULL,
  target_type text NOT NULL DEFAULT '',
  target_id text NOT NULL DEFAULT '',
  request_id text NOT NULL DEFAULT '',
  metadata jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_events_tenant_id_occurred_at_idx ON audit_events (tenant_id, occurred_at);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_select ON audit_events FOR SELECT
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY audit_events_insert ON audit_events FOR INSERT
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
`

// Event is one audited action.
type Event struct {
	// TenantID defaults to the tenant in ctx.
	TenantID tenant.ID
	// ActorID is who acted: a user id, or "system:<job kind>" for jobs. Defaults to the user in
	// ctx.
	ActorID string
	// Action names what happened, e.g. "project.delete".
	Action string
	// TargetType and TargetID name what it happened to.
	TargetType string
	TargetID   string
	// RequestID defaults to the request id in ctx.
	RequestID string
	// At defaults to the database's now() (the transaction start).
	At time.Time
	// Metadata holds small, non-sensitive details.
	Metadata map[string]string
}

// ErrNoTenant is returned when neither the event nor ctx names a tenant.
var ErrNoTenant = errors.New("audit event has no tenant")

// ErrNoActor is returned when neither the event nor ctx names an actor.
var ErrNoActor = errors.New("audit event has no actor")

// Record inserts e into audit_events using tx, which should be the tenant transaction of the
// change (tenantdb.WithTenant). Row level security rejects an event for any other tenant.
func Record(ctx context.Context, tx pgx.Tx, e Event) error {
	tc, _ := tenant.FromContext(ctx)
	if e.TenantID.IsZero() {
		e.TenantID = tc.TenantID
	}
	if e.ActorID == "" {
		e.ActorID = tc.UserID
	}
	if e.RequestID == "" {
		e.RequestID = tc.RequestID
	}
	switch {
	case e.TenantID.IsZero():
		return fmt.Errorf("record audit event %q: %w", e.Action, ErrNoTenant)
	case e.ActorID == "":
		return fmt.Errorf("record audit event %q: %w", e.Action, ErrNoActor)
	case e.Action == "":
		return errors.New("record audit event: empty action")
	}
	meta := []byte("{}")
	if len(e.Metadata) > 0 {
		var err error
		if meta, err = json.Marshal(e.Metadata); err != nil {
			return fmt.Errorf("record audit event %q: metadata: %w", e.Action, err)
		}
	}
	var at *time.Time
	if !e.At.IsZero() {
		at = &e.At
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_events
		(tenant_id, occurred_at, actor_id, action, target_type, target_id, request_id, metadata)
		VALUES ($1, coalesce($2, now()), $3, $4, $5, $6, $7, $8::jsonb)`,
		e.TenantID, at, e.ActorID, e.Action, e.TargetType, e.TargetID, e.RequestID, string(meta))
	if err != nil {
		return fmt.Errorf("record audit event %q: %w", e.Action, err)
	}
	return nil
}
