package jobs

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// EnqueueNightlyReindex schedules a reindex from the nightly cron, which walks the tenants and
// passes each one's id with its projects.
func (e *Enqueuer) EnqueueNightlyReindex(ctx context.Context, tenantID tenant.ID, projectID string) error {
	_, err := e.Client.Insert(ctx, ReindexArgs{TenantID: tenantID, ProjectID: projectID}, nil)
	return err
}

// ReindexWorker rebuilds the search index of a project.
type ReindexWorker struct {
	river.WorkerDefaults[ReindexArgs]
	Pool *pgxpool.Pool
}

// Work scopes its queries to the job's tenant.
func (w *ReindexWorker) Work(ctx context.Context, job *river.Job[ReindexArgs]) error {
	return tenantdb.WithTenant(ctx, w.Pool, job.Args.TenantID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id, title, body FROM notes WHERE project_id = $1", job.Args.ProjectID)
		if err != nil {
			return err
		}
		defer rows.Close() // each row goes to the search indexer
		return rows.Err()
	})
}
