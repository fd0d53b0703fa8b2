package riverjobs

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// FilterWorker scopes its queries in the SQL: each confines every tenant table to the tenant
// column bound to the payload's tenant.
type FilterWorker struct {
	river.WorkerDefaults[ReportArgs]
	pool *pgxpool.Pool
}

func (w *FilterWorker) Work(ctx context.Context, job *river.Job[ReportArgs]) error {
	var title string
	if err := w.pool.QueryRow(ctx, "SELECT title FROM notes WHERE tenant_id = $1 AND id = $2", job.Args.TenantID, job.Args.ProjectID).Scan(&title); err != nil {
		return err
	}
	tid := job.Args.TenantID
	if _, err := w.pool.Exec(ctx, "UPDATE notes SET title = $2 WHERE id = $3 AND tenant_id = $1", tid, title, job.Args.ProjectID); err != nil {
		return err
	}
	if _, err := w.pool.Exec(ctx, "INSERT INTO notes (tenant_id, title) VALUES ($1, $2)", job.Args.TenantID, title); err != nil {
		return err
	}
	if _, err := w.pool.Exec(ctx, "DELETE FROM notes WHERE tenant_id = $1::uuid", job.Args.TenantID.String()); err != nil {
		return err
	}
	_, err := w.pool.Exec(ctx, "SELECT n.title FROM notes n JOIN projects p ON p.id = n.project_id WHERE n.tenant_id = $1 AND p.tenant_id = $1", job.Args.TenantID)
	return err
}

// LooseFilterWorker filters in the SQL too, but not by the payload's tenant alone.
type LooseFilterWorker struct {
	river.WorkerDefaults[ReportArgs]
	pool *pgxpool.Pool
}

func (w *LooseFilterWorker) Work(ctx context.Context, job *river.Job[ReportArgs]) error {
	var title string
	// Another value bound to tenant_id.
	if err := w.pool.QueryRow(ctx, "SELECT title FROM notes WHERE tenant_id = $1 AND id = $2", job.Args.ProjectID, job.Args.TenantID).Scan(&title); err != nil { // want `worker for ReportArgs queries tenant data without scoping to job\.Args\.TenantID`
		return err
	}
	// The tenant filter inside an OR.
	if _, err := w.pool.Exec(ctx, "DELETE FROM notes WHERE tenant_id = $1 OR id = $2", job.Args.TenantID, job.Args.ProjectID); err != nil { // want `worker for ReportArgs queries tenant data without scoping to job\.Args\.TenantID`
		return err
	}
	// One of two joined tables filtered.
	if _, err := w.pool.Exec(ctx, "SELECT n.title FROM notes n JOIN projects p ON p.id = n.project_id WHERE n.tenant_id = $1", job.Args.TenantID); err != nil { // want `worker for ReportArgs queries tenant data without scoping to job\.Args\.TenantID`
		return err
	}
	// A constant tenant.
	if _, err := w.pool.Exec(ctx, "DELETE FROM notes WHERE tenant_id = 'acme'"); err != nil { // want `worker for ReportArgs queries tenant data without scoping to job\.Args\.TenantID`
		return err
	}
	// Arguments spread from a slice are not followed.
	args := []any{job.Args.TenantID}
	if _, err := w.pool.Exec(ctx, "DELETE FROM notes WHERE tenant_id = $1", args...); err != nil { // want `worker for ReportArgs queries tenant data without scoping to job\.Args\.TenantID`
		return err
	}
	// A second query without the tenant.
	_, err := w.pool.Exec(ctx, "UPDATE notes SET title = $1 WHERE id = $2", title, job.Args.ProjectID) // want `worker for ReportArgs queries tenant data without scoping to job\.Args\.TenantID`
	return err
}
