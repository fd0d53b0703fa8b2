// Package jobs holds the notes service's background jobs. This is the fixed twin: every job
// carries the tenant verified when it was enqueued, and the worker scopes its queries to it.
package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// DigestArgs asks for the daily digest of one project of one tenant.
type DigestArgs struct {
	TenantID  tenant.ID `json:"tenant_id"`
	ProjectID string    `json:"project_id"`
}

// Kind is the river job kind.
func (DigestArgs) Kind() string { return "notes.digest" }

// ReindexArgs asks for the search index of one project to be rebuilt.
type ReindexArgs struct {
	TenantID  tenant.ID `json:"tenant_id"`
	ProjectID string    `json:"project_id"`
}

// Kind is the river job kind.
func (ReindexArgs) Kind() string { return "notes.reindex" }

// errNoTenant is returned when a job is enqueued outside a verified request.
var errNoTenant = errors.New("enqueue job: no verified tenant in the context")

// Enqueuer enqueues the service's jobs.
type Enqueuer struct {
	Client *river.Client[pgx.Tx]
}

// EnqueueDigest schedules the digest of a project for the verified tenant.
func (e *Enqueuer) EnqueueDigest(ctx context.Context, projectID string) error {
	tc, ok := tenant.FromContext(ctx)
	if !ok {
		return errNoTenant
	}
	_, err := e.Client.Insert(ctx, DigestArgs{TenantID: tc.TenantID, ProjectID: projectID}, nil)
	return err
}

// EnqueueReindex schedules a reindex for the verified tenant.
func (e *Enqueuer) EnqueueReindex(ctx context.Context, projectID string) error {
	tc, ok := tenant.FromContext(ctx)
	if !ok {
		return errNoTenant
	}
	_, err := e.Client.Insert(ctx, ReindexArgs{TenantID: tc.TenantID, ProjectID: projectID}, nil)
	return err
}

// DigestWorker builds the daily digest of a project.
type DigestWorker struct {
	river.WorkerDefaults[DigestArgs]
	Pool *pgxpool.Pool
}

// Work reads the project's notes inside the job's tenant scope: row level security shows only
// that tenant's rows.
func (w *DigestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	var titles []string
	err := tenantdb.WithTenantReadOnly(ctx, w.Pool, job.Args.TenantID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT title FROM notes WHERE project_id = $1 ORDER BY id", job.Args.ProjectID)
		if err != nil {
			return err
		}
		titles, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		return fmt.Errorf("digest of project %s: %w", job.Args.ProjectID, err)
	}
	_ = titles // mailed to the project's subscribers
	return nil
}
