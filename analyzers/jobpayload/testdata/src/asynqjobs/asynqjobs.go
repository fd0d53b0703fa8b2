package asynqjobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/jobs"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// DigestPayload is found through json.Marshal -> asynq.NewTask.
type DigestPayload struct { // want DigestPayload:"job without tenant" `job type DigestPayload has no TenantID field`
	ProjectID string
}

type ExportPayload struct { // want ExportPayload:"job"
	TenantID  uuid.UUID
	ProjectID string
}

func newDigestTask(projectID string) (*asynq.Task, error) {
	b, err := json.Marshal(DigestPayload{ProjectID: projectID})
	if err != nil {
		return nil, err
	}
	return asynq.NewTask("digest", b), nil
}

func newExportTask(ctx context.Context, r *http.Request, projectID string, fromHeader bool) (*asynq.Task, error) {
	tc, _ := tenant.FromContext(ctx)
	id, _ := uuid.Parse(tc.TenantID.String())
	good, err := json.Marshal(ExportPayload{TenantID: id, ProjectID: projectID})
	if err != nil {
		return nil, err
	}
	if !fromHeader {
		return asynq.NewTask("export", good), nil
	}
	claim, _ := uuid.Parse(r.Header.Get("X-Org-ID"))
	p := ExportPayload{ProjectID: projectID}
	p.TenantID = claim // want `job ExportPayload is enqueued with TenantID from header "X-Org-ID", a client claim`
	bad, _ := json.Marshal(p)
	return asynq.NewTask("export", bad), nil
}

func newNilTask(projectID string) *asynq.Task {
	var b []byte
	if projectID == "" {
		b, _ = json.Marshal(ExportPayload{TenantID: uuid.Nil}) // want `job ExportPayload is enqueued with a zero TenantID`
	} else {
		b, _ = json.Marshal(&ExportPayload{ProjectID: projectID}) // want `job ExportPayload is enqueued without TenantID`
	}
	return asynq.NewTask("export", b)
}

// Signed payloads carry the tenant in the runtime's envelope.
func newSignedTask(ctx context.Context, s *jobs.Signer, projectID string) (*asynq.Task, error) {
	tc, _ := tenant.FromContext(ctx)
	p, err := s.Sign("digest", tc.TenantID, DigestPayload{ProjectID: projectID})
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return asynq.NewTask("digest", b), nil
}

func newBadSignedTask(s *jobs.Signer, r *http.Request) (jobs.Payload, error) {
	id, _ := tenant.Parse(r.PathValue("tenantId"))
	if id.IsZero() {
		return s.Sign("digest", tenant.ID{}, nil) // want `envelope \(\*jobs.Signer\).Sign is given a zero tenant`
	}
	return s.Sign("digest", id, nil) // a signed claim is headertrust's finding
}

type Worker struct {
	pool *pgxpool.Pool
	db   *sql.DB
	v    *jobs.Verifier
}

// handleDigest queries through database/sql without a scope.
func (w *Worker) handleDigest(ctx context.Context, t *asynq.Task) error {
	var p DigestPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return err
	}
	_, err := w.db.QueryContext(ctx, "SELECT title FROM notes WHERE project_id = $1", p.ProjectID) // want `worker for DigestPayload queries tenant data without scoping to p.TenantID: wrap the work in tenantdb.WithTenant\(ctx, db, p.TenantID, ...\)`
	return err
}

// handleExport scopes with the payload's tenant.
func (w *Worker) handleExport(ctx context.Context, t *asynq.Task) error {
	var p ExportPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return err
	}
	return tenantdb.WithTenantSQL(ctx, w.db, tenant.MustParse(p.TenantID.String()), func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE exports SET done = true WHERE project_id = $1", p.ProjectID)
		return err
	})
}

// ProcessTask uses signed payloads through jobs.Run.
func (w *Worker) ProcessTask(ctx context.Context, t *asynq.Task) error {
	p, err := jobs.DecodeTask(t.Payload())
	if err != nil {
		return err
	}
	return jobs.Run(ctx, w.v, w.pool, p, func(ctx context.Context, tx pgx.Tx, p jobs.Payload) error {
		_, err := tx.Exec(ctx, "UPDATE digests SET sent = true")
		return err
	})
}

// headerScope is an asynq handler literal that scopes to a header.
func register(mux *asynq.ServeMux, pool *pgxpool.Pool, r *http.Request) {
	mux.HandleFunc("export", func(ctx context.Context, t *asynq.Task) error {
		var p ExportPayload
		if err := json.Unmarshal(t.Payload(), &p); err != nil {
			return err
		}
		id, _ := tenant.Parse(r.Header.Get("X-Tenant-ID"))
		return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error { return nil }) // want `worker for ExportPayload scopes its queries to the tenant from header "X-Tenant-ID", a client claim, instead of p.TenantID`
	})
	mux.Handle("purge", asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		_, err := pool.Exec(ctx, "DELETE FROM exports WHERE done") // want `worker for handler func literal queries tenant data without scoping to the payload's TenantID`
		return err
	}))
	// A query that names no table touches no tenant data.
	mux.Handle("ping", asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		_, err := pool.Exec(ctx, "SELECT 1")
		return err
	}))
}

// Payloads marshalled by a helper of the package are followed through the helper's parameter.
type MailPayload struct { // want MailPayload:"job without tenant" `job type MailPayload has no TenantID field`
	To string
}

type NoticePayload struct { // want NoticePayload:"job"
	TenantID string
	Text     string
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func encode(v any) ([]byte, error) { return json.Marshal(v) }

func newNotices(ctx context.Context, r *http.Request, to, text string) ([]*asynq.Task, error) {
	tc, _ := tenant.FromContext(ctx)
	mail := asynq.NewTask("mail", mustJSON(MailPayload{To: to}))
	good := asynq.NewTask("notice", mustJSON(NoticePayload{TenantID: tc.TenantID.String(), Text: text}))
	unset := asynq.NewTask("notice", mustJSON(NoticePayload{Text: text}))  // want `job NoticePayload is enqueued without TenantID`
	b, err := encode(NoticePayload{TenantID: r.Header.Get("X-Tenant-ID")}) // want `job NoticePayload is enqueued with TenantID from header "X-Tenant-ID", a client claim`
	if err != nil {
		return nil, err
	}
	claimed := asynq.NewTask("notice", b)
	// Bytes that are no marshalled struct name no job type.
	raw := asynq.NewTask("raw", []byte(text))
	return []*asynq.Task{mail, good, unset, claimed, raw}, nil
}
