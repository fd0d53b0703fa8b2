// Package crossdef declares job types that another package enqueues.
package crossdef

import (
	"github.com/riverqueue/river"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

var (
	_ river.JobArgs = CleanupArgs{}
	_ river.JobArgs = NotifyArgs{}
)

// CleanupArgs is a river job without a tenant: reported here, once.
type CleanupArgs struct { // want CleanupArgs:"job without tenant" `job type CleanupArgs has no TenantID field`
	ProjectID string
}

func (CleanupArgs) Kind() string { return "cleanup" }

// NotifyArgs is a river job with a tenant.
type NotifyArgs struct { // want NotifyArgs:"job"
	TenantID tenant.ID
}

func (NotifyArgs) Kind() string { return "notify" }

// MailPayload is a plain struct; only the package that marshals it into a task knows it is a job.
type MailPayload struct {
	To string
}
