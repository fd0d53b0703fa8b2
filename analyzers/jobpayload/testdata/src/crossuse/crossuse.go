// Package crossuse enqueues the job types of crossdef.
package crossuse

import (
	"context"
	"encoding/json"

	"crossdef"

	"github.com/hibiken/asynq"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

func enqueue(ctx context.Context, c *river.Client[pgx.Tx], projectID string) error {
	// Reported at crossdef's declaration (the fact says so): silent here.
	if _, err := c.Insert(ctx, crossdef.CleanupArgs{ProjectID: projectID}, nil); err != nil {
		return err
	}
	tc, _ := tenant.FromContext(ctx)
	if _, err := c.Insert(ctx, crossdef.NotifyArgs{TenantID: tc.TenantID}, nil); err != nil {
		return err
	}
	_, err := c.Insert(ctx, crossdef.NotifyArgs{}, nil) // want `job crossdef.NotifyArgs is enqueued without TenantID`
	return err
}

func mailTask(to string) *asynq.Task {
	b, _ := json.Marshal(crossdef.MailPayload{To: to})
	return asynq.NewTask("mail", b) // want `job type crossdef.MailPayload has no TenantID field: the worker cannot scope its queries; add TenantID tenant.ID or enqueue it in a tenant envelope \(TV2001\)`
}
