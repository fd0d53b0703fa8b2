// Package jobs holds the notes service's background jobs. This is the leaky twin: the daily
// digest job carries only a project id and its worker searches every tenant's notes.
package jobs

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// DigestArgs asks for the daily digest of one project. It names no tenant, so the worker
// cannot scope its queries.
type DigestArgs struct {
	ProjectID string `json:"project_id"`
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

// Enqueuer enqueues the service's jobs.
type Enqueuer struct {
	Client *river.Client[pgx.Tx]
}

// EnqueueDigest schedules the digest of a project; the tenant is lost here.
func (e *Enqueuer) EnqueueDigest(ctx context.Context, projectID string) error {
	_, err := e.Client.Insert(ctx, DigestArgs{ProjectID: projectID}, nil)
	return err
}

// EnqueueReindex takes the tenant from the X-Tenant-ID header: any user can have another
// tenant's index rebuilt from this tenant's project.
func (e *Enqueuer) EnqueueReindex(r *http.Request, projectID string) error {
	id, err := tenant.Parse(r.Header.Get("X-Tenant-ID"))
	if err != nil {
		return err
	}
	_, err = e.Client.Insert(r.Context(), ReindexArgs{TenantID: id, ProjectID: projectID}, nil)
	return err
}

// DigestWorker builds the daily digest of a project.
type DigestWorker struct {
	river.WorkerDefaults[DigestArgs]
	Pool *pgxpool.Pool
}

// Work reads the project's notes straight from the pool: no tenant is set, so the query sees
// every tenant's rows and the digest can contain another tenant's notes.
func (w *DigestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	rows, err := w.Pool.Query(ctx, "SELECT title FROM notes WHERE project_id = $1 ORDER BY id", job.Args.ProjectID)
	if err != nil {
		return fmt.Errorf("digest of project %s: %w", job.Args.ProjectID, err)
	}
	titles, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("digest of project %s: %w", job.Args.ProjectID, err)
	}
	_ = titles // mailed to the project's subscribers
	return nil
}
