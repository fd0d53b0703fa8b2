package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/hibiken/asynq"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// WebhookPayload is an outgoing webhook: the event body is the tenant's own data (note titles
// and text, member emails).
type WebhookPayload struct {
	TenantID tenant.ID       `json:"tenant_id"`
	URL      string          `json:"url"`
	Event    json.RawMessage `json:"event"`
}

// WebhookHandler delivers webhooks queued with asynq.
type WebhookHandler struct {
	Send func(ctx context.Context, url string, body []byte) error
}

// ProcessTask logs the task's type, tenant and size, never its payload.
func (h *WebhookHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p WebhookPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("decode webhook: %w", err)
	}
	slog.InfoContext(ctx, "deliver webhook", "type", t.Type(), "tenant", p.TenantID, "bytes", len(t.Payload()))
	return h.Send(ctx, p.URL, p.Event)
}
