// Package flagged runs with -job-tenant-field=OrgID, -job-enqueue, -job-envelopes and
// -job-handlers set.
package flagged

import (
	"context"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Queue is the application's own queue.
type Queue struct{}

// Publish enqueues payload (-job-enqueue=flagged.Queue.Publish:1).
func (q *Queue) Publish(ctx context.Context, payload any) error { return nil }

// Message wraps a payload with its tenant (-job-envelopes=flagged.NewTenantMessage).
type Message struct {
	Tenant  tenant.ID
	Payload any
}

func NewTenantMessage(id tenant.ID, payload any) Message { return Message{id, payload} }

type InvoiceJob struct { // want InvoiceJob:"job"
	OrgID     tenant.ID
	InvoiceID string
}

type ReminderJob struct { // want ReminderJob:"job without tenant" `job type ReminderJob has no OrgID field: the worker cannot scope its queries; add OrgID tenant.ID`
	TenantID tenant.ID // not the configured field
	UserID   string
}

type DigestJob struct { // the envelope carries the tenant: silent
	ProjectID string
}

func enqueue(ctx context.Context, q *Queue, invoiceID string) error {
	tc, _ := tenant.FromContext(ctx)
	if err := q.Publish(ctx, InvoiceJob{OrgID: tc.TenantID, InvoiceID: invoiceID}); err != nil {
		return err
	}
	if err := q.Publish(ctx, InvoiceJob{InvoiceID: invoiceID}); err != nil { // want `job InvoiceJob is enqueued without OrgID`
		return err
	}
	if err := q.Publish(ctx, ReminderJob{}); err != nil {
		return err
	}
	if err := q.Publish(ctx, NewTenantMessage(tc.TenantID, DigestJob{ProjectID: "p"})); err != nil {
		return err
	}
	return q.Publish(ctx, NewTenantMessage(tenant.ID{}, DigestJob{ProjectID: "p"})) // want `envelope NewTenantMessage is given a zero tenant`
}

type Handlers struct{ pool *pgxpool.Pool }

// HandleInvoice is a job handler (-job-handlers=flagged.Handlers.HandleInvoice).
func (h *Handlers) HandleInvoice(ctx context.Context, job InvoiceJob) error {
	if _, err := h.pool.Exec(ctx, "UPDATE invoices SET sent = true WHERE id = $1", job.InvoiceID); err != nil { // want `worker for InvoiceJob queries tenant data without scoping to job.OrgID`
		return err
	}
	return tenantdb.WithTenant(ctx, h.pool, job.OrgID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE invoices SET sent = true WHERE id = $1", job.InvoiceID)
		return err
	})
}

// enqueueClaims sets the tenant from the client's claims: in the payload and in the envelope.
func enqueueClaims(ctx context.Context, q *Queue, r *http.Request) error {
	if err := q.Publish(ctx, InvoiceJob{OrgID: tenant.MustParse(r.PathValue("orgID"))}); err != nil { // want `job InvoiceJob is enqueued with OrgID from path parameter "orgID", a client claim`
		return err
	}
	if err := q.Publish(ctx, InvoiceJob{OrgID: tenant.MustParse(r.PathValue("invoiceID"))}); err != nil {
		return err
	}
	return q.Publish(ctx, NewTenantMessage(tenant.MustParse(r.Header.Get("X-Tenant-ID")), DigestJob{ProjectID: "p"})) // want `envelope NewTenantMessage is given tenant from header "X-Tenant-ID", a client claim: set it from the verified tenant \(tenant.FromContext\) \(TV2003\)`
}

// HandleReminder reads only global tables (-global-tables=plans,countries) outside a
// scope: no tenant data, no finding; the notes it reads next are tenant data.
func (h *Handlers) HandleReminder(ctx context.Context, job ReminderJob) error {
	var price int
	if err := h.pool.QueryRow(ctx, "SELECT price FROM plans WHERE code = $1", job.UserID).Scan(&price); err != nil {
		return err
	}
	if _, err := h.pool.Exec(ctx, "SELECT now()"); err != nil {
		return err
	}
	if _, err := h.pool.Exec(ctx, "SELECT p.price FROM plans p JOIN countries c ON c.code = p.country"); err != nil {
		return err
	}
	_, err := h.pool.Exec(ctx, "SELECT p.price FROM plans p JOIN notes n ON n.plan = p.code") // want `worker for ReminderJob queries tenant data without scoping to job.OrgID`
	return err
}
