package jobs

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// EnqueueNightlyReindex schedules a reindex from the nightly cron, which knows only the project:
// the job's TenantID stays zero.
func (e *Enqueuer) EnqueueNightlyReindex(ctx context.Context, projectID string) error {
	_, err := e.Client.Insert(ctx, ReindexArgs{ProjectID: projectID}, nil)
	return err
}

// ReindexWorker rebuilds the search index of a project.
type ReindexWorker struct {
	river.WorkerDefaults[ReindexArgs]
	Pool *pgxpool.Pool
	// Home is the tenant the service was first deployed for.
	Home tenant.ID
}

// Work scopes its queries to the home tenant instead of the job's: every tenant's reindex
// rebuilds the home tenant's index from the home tenant's notes.
func (w *ReindexWorker) Work(ctx context.Context, job *river.Job[ReindexArgs]) error {
	return tenantdb.WithTenant(ctx, w.Pool, w.Home, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id, title, body FROM notes WHERE project_id = $1", job.Args.ProjectID)
		if err != nil {
			return err
		}
		defer rows.Close() // each row goes to the search indexer
		return rows.Err()
	})
}
