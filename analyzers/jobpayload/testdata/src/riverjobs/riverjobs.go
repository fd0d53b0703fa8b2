package riverjobs

import (
	"context"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/tenantvet/tenantvet/runtime/jobs"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// DigestArgs is the classic leak: a project id and nothing else.
type DigestArgs struct { // want DigestArgs:"job without tenant" `job type DigestArgs has no TenantID field: the worker cannot scope its queries; add TenantID tenant.ID \(TV2001\)`
	ProjectID string
}

func (DigestArgs) Kind() string { return "digest" }

// ReportArgs carries the tenant.
type ReportArgs struct { // want ReportArgs:"job"
	TenantID  tenant.ID
	ProjectID string
}

func (ReportArgs) Kind() string { return "report" }

// EmbeddedArgs carries the tenant through the runtime's TenantArgs.
type EmbeddedArgs struct { // want EmbeddedArgs:"job"
	jobs.TenantArgs
	ProjectID string
}

func (EmbeddedArgs) Kind() string { return "embedded" }

// StringArgs carries the tenant as a string.
type StringArgs struct { // want StringArgs:"job"
	TenantID string
}

func (StringArgs) Kind() string { return "string" }

// CountArgs has a tenant field that cannot hold one tenant id: a fan-out list.
type CountArgs struct { // want CountArgs:"job without tenant" `job type CountArgs has TenantID of type \[\]string, which cannot hold a tenant id: make it tenant.ID`
	TenantID []string
}

func (CountArgs) Kind() string { return "count" }

// Plain has no Kind method and is never enqueued: not a job.
type Plain struct{ ProjectID string }

// Marked is a job by directive.
//
//tenantvet:job
type Marked struct { // want Marked:"job without tenant" `job type Marked has no TenantID field`
	ProjectID string
}

// MarkedOK is a job by directive with a tenant.
//
//tenantvet:job
type MarkedOK struct { // want MarkedOK:"job"
	TenantID tenant.ID
}

type Handlers struct {
	client *river.Client[pgx.Tx]
	pool   *pgxpool.Pool
}

func (h *Handlers) enqueue(ctx context.Context, r *http.Request, projectID string) error {
	tc, ok := tenant.FromContext(ctx)
	if !ok {
		return nil
	}
	// Good: tenant from the verified context.
	if _, err := h.client.Insert(ctx, ReportArgs{TenantID: tc.TenantID, ProjectID: projectID}, nil); err != nil {
		return err
	}
	if _, err := h.client.Insert(ctx, &EmbeddedArgs{TenantArgs: jobs.TenantArgs{TenantID: tc.TenantID}}, nil); err != nil {
		return err
	}
	args := ReportArgs{ProjectID: projectID}
	args.TenantID = tc.TenantID
	if _, err := h.client.Insert(ctx, args, nil); err != nil {
		return err
	}

	// Bad: unset, zero, constant.
	if _, err := h.client.Insert(ctx, ReportArgs{ProjectID: projectID}, nil); err != nil { // want `job ReportArgs is enqueued without TenantID: set it from the verified tenant \(tenant.FromContext\) \(TV2002\)`
		return err
	}
	if _, err := h.client.Insert(ctx, ReportArgs{TenantID: tenant.ID{}}, nil); err != nil { // want `job ReportArgs is enqueued with a zero TenantID`
		return err
	}
	if _, err := h.client.Insert(ctx, StringArgs{TenantID: ""}, nil); err != nil { // want `job StringArgs is enqueued with a zero TenantID`
		return err
	}
	if _, err := h.client.Insert(ctx, ReportArgs{TenantID: tenant.MustParse("0b9d6a1e-4a43-4f43-9a0e-0b5e0b0f0d11")}, nil); err != nil { // want `job ReportArgs is enqueued with a constant TenantID`
		return err
	}
	if _, err := h.client.InsertTx(ctx, nil, &EmbeddedArgs{}, nil); err != nil { // want `job EmbeddedArgs is enqueued without TenantID`
		return err
	}

	// Bad: a client claim.
	claimed, _ := tenant.Parse(r.Header.Get("X-Tenant-ID"))
	if _, err := h.client.Insert(ctx, ReportArgs{TenantID: claimed}, nil); err != nil { // want `job ReportArgs is enqueued with TenantID from header "X-Tenant-ID", a client claim: set it from the verified tenant \(tenant.FromContext\) \(TV2003\)`
		return err
	}
	if _, err := h.client.Insert(ctx, StringArgs{TenantID: r.URL.Query().Get("tenant_id")}, nil); err != nil { // want `job StringArgs is enqueued with TenantID from query parameter "tenant_id", a client claim`
		return err
	}

	// Batches.
	_, err := h.client.InsertMany(ctx, []river.InsertManyParams{
		{Args: ReportArgs{TenantID: tc.TenantID}},
		{Args: ReportArgs{ProjectID: projectID}}, // want `job ReportArgs is enqueued without TenantID`
	})
	if err != nil {
		return err
	}
	// The missing field of DigestArgs is reported once, at its declaration.
	_, err = h.client.Insert(ctx, DigestArgs{ProjectID: projectID}, nil)
	return err
}

// DigestWorker searches the pool globally: the classic leak.
type DigestWorker struct {
	river.WorkerDefaults[DigestArgs]
	pool *pgxpool.Pool
}

func (w *DigestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	rows, err := w.pool.Query(ctx, "SELECT title FROM notes WHERE project_id = $1", job.Args.ProjectID) // want `worker for DigestArgs queries tenant data without scoping to job.Args.TenantID: wrap the work in tenantdb.WithTenant\(ctx, db, job.Args.TenantID, ...\) \(TV2004\)`
	if err != nil {
		return err
	}
	rows.Close()
	return nil
}

// ReportWorker scopes with the payload's tenant.
type ReportWorker struct {
	river.WorkerDefaults[ReportArgs]
	pool *pgxpool.Pool
}

func (w *ReportWorker) Work(ctx context.Context, job *river.Job[ReportArgs]) error {
	return tenantdb.WithTenant(ctx, w.pool, job.Args.TenantID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT title FROM notes WHERE project_id = $1", job.Args.ProjectID)
		if err != nil {
			return err
		}
		rows.Close()
		return nil
	})
}

// EmbeddedWorker scopes with the embedded tenant, through a local variable and a helper.
type EmbeddedWorker struct {
	pool *pgxpool.Pool
}

func (w *EmbeddedWorker) Work(ctx context.Context, job *river.Job[EmbeddedArgs]) error {
	id := job.Args.TenantID
	return tenantdb.WithTenantReadOnly(ctx, w.pool, id, func(tx pgx.Tx) error {
		return countNotes(ctx, tx, job.Args)
	})
}

func countNotes(ctx context.Context, tx pgx.Tx, args EmbeddedArgs) error {
	_, err := tx.Exec(ctx, "SELECT count(*) FROM notes WHERE project_id = $1", args.ProjectID)
	return err
}

// StringWorker parses the payload's string tenant.
type StringWorker struct {
	pool *pgxpool.Pool
}

func (w *StringWorker) Work(ctx context.Context, job *river.Job[StringArgs]) error {
	id, err := tenant.Parse(job.Args.TenantID)
	if err != nil {
		return err
	}
	return tenantdb.WithTenant(ctx, w.pool, id, w.send)
}

func (w *StringWorker) send(tx pgx.Tx) error {
	_, err := tx.Exec(context.Background(), "UPDATE notes SET sent = true")
	return err
}

// HelperWorker passes the pool and the args to a helper that queries globally.
type HelperWorker struct {
	pool *pgxpool.Pool
}

func (w *HelperWorker) Work(ctx context.Context, job *river.Job[ReportArgs]) error {
	return loadProject(ctx, w.pool, job.Args.ProjectID)
}

func loadProject(ctx context.Context, pool *pgxpool.Pool, id string) error {
	_, err := pool.Exec(ctx, "SELECT 1 FROM projects WHERE id = $1", id) // want `worker for ReportArgs queries tenant data without scoping to job.Args.TenantID`
	return err
}

// ForeignWorker scopes to the wrong tenants.
type ForeignWorker struct {
	pool  *pgxpool.Pool
	fixed tenant.ID
}

func (w *ForeignWorker) Work(ctx context.Context, job *river.Job[ReportArgs]) error {
	noop := func(pgx.Tx) error { return nil }
	if err := tenantdb.WithTenant(ctx, w.pool, tenant.MustParse("0b9d6a1e-4a43-4f43-9a0e-0b5e0b0f0d11"), noop); err != nil { // want `worker for ReportArgs scopes its queries to a constant tenant instead of job.Args.TenantID: pass job.Args.TenantID to WithTenant \(TV2005\)`
		return err
	}
	var owner tenant.ID
	if err := w.pool.QueryRow(ctx, "SELECT tenant_id FROM projects WHERE id = $1", job.Args.ProjectID).Scan(&owner); err != nil { // want `worker for ReportArgs queries tenant data without scoping`
		return err
	}
	if err := tenantdb.WithTenant(ctx, w.pool, owner, noop); err != nil { // want `worker for ReportArgs scopes its queries to a tenant loaded by a query instead of job.Args.TenantID`
		return err
	}
	p, err := w.project(ctx, job.Args.ProjectID)
	if err != nil {
		return err
	}
	if err := tenantdb.WithTenant(ctx, w.pool, p.TenantID, noop); err != nil { // want `scopes its queries to a tenant loaded by project instead of job.Args.TenantID`
		return err
	}
	return tenantdb.WithTenant(ctx, w.pool, w.fixed, noop) // want `scopes its queries to a tenant that is not the job's instead of job.Args.TenantID`
}

type project struct {
	ID       string
	TenantID tenant.ID
}

// project looks the project up globally, by its id alone.
func (w *ForeignWorker) project(ctx context.Context, id string) (project, error) {
	var p project
	err := w.pool.QueryRow(ctx, "SELECT id, tenant_id FROM projects WHERE id = $1", id).Scan(&p.ID, &p.TenantID) // want `worker for ReportArgs queries tenant data without scoping`
	return p, err
}

// FuncWorker is a river.WorkFunc style literal.
var FuncWorker = func(pool *pgxpool.Pool) func(context.Context, *river.Job[ReportArgs]) error {
	return func(ctx context.Context, job *river.Job[ReportArgs]) error {
		_, err := pool.Exec(ctx, "DELETE FROM notes") // want `worker for ReportArgs queries tenant data without scoping`
		return err
	}
}

// IgnoredWorker is deliberately global.
type IgnoredWorker struct{ pool *pgxpool.Pool }

func (w *IgnoredWorker) Work(ctx context.Context, job *river.Job[ReportArgs]) error {
	//tenantvet:ignore TV2004 -- platform-wide cleanup of expired sessions, no tenant data (SEC-7)
	_, err := w.pool.Exec(ctx, "DELETE FROM sessions WHERE expires_at < now()")
	return err
}

// WrapperWorker opens its scopes through a wrapper of the package.
type WrapperWorker struct {
	pool *pgxpool.Pool
	run  func(context.Context, func(pgx.Tx) error) error
}

func (w *WrapperWorker) inTenant(ctx context.Context, id tenant.ID, fn func(pgx.Tx) error) error {
	return tenantdb.WithTenant(ctx, w.pool, id, fn)
}

func (w *WrapperWorker) Work(ctx context.Context, job *river.Job[ReportArgs]) error {
	if err := w.inTenant(ctx, job.Args.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE notes SET seen = true")
		return err
	}); err != nil {
		return err
	}
	if err := w.inTenant(ctx, tenant.ID{}, func(tx pgx.Tx) error { return nil }); err != nil { // want `worker for ReportArgs scopes its queries to the zero tenant instead of job.Args.TenantID: pass job.Args.TenantID to inTenant`
		return err
	}
	// A helper the pass cannot see hands out the transaction: the benefit of the doubt.
	if err := w.run(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "SELECT 1")
		return err
	}); err != nil {
		return err
	}
	// A transaction begun on the pool has no tenant.
	tx, err := w.pool.Begin(ctx)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "UPDATE notes SET seen = false") // want `worker for ReportArgs queries tenant data without scoping`
	return err
}

// ContextWorker scopes with the tenant a river middleware verified into the context.
type ContextWorker struct{ pool *pgxpool.Pool }

func (w *ContextWorker) Work(ctx context.Context, job *river.Job[ReportArgs]) error {
	tc, _ := tenant.FromContext(ctx)
	return tenantdb.WithTenant(ctx, w.pool, tc.TenantID, func(tx pgx.Tx) error { return nil })
}

// enqueueBatch builds the batch with append.
func enqueueBatch(ctx context.Context, c *river.Client[pgx.Tx], ids []string) error {
	tc, _ := tenant.FromContext(ctx)
	var params []river.InsertManyParams
	for _, id := range ids {
		params = append(params, river.InsertManyParams{Args: ReportArgs{TenantID: tc.TenantID, ProjectID: id}})
		params = append(params, river.InsertManyParams{Args: &StringArgs{}}) // want `job StringArgs is enqueued without TenantID`
	}
	_, err := c.InsertMany(ctx, params)
	return err
}
