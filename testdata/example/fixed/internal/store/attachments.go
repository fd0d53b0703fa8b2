package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Attachment is a file attached to a note.
type Attachment struct {
	ID         string
	NoteID     string
	StorageKey string
}

// GetAttachment reads an attachment through its note: the join on the key and the note's
// tenant filter confine it to the tenant. note_attachments also carries its own tenant_id
// with row level security in this twin's migrations.
func (s *Store) GetAttachment(ctx context.Context, tenantID tenant.ID, id string) (Attachment, error) {
	var a Attachment
	err := tenantdb.WithTenantReadOnly(ctx, s.Pool, tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, "SELECT a.id, a.note_id, a.storage_key FROM note_attachments a JOIN notes n ON n.id = a.note_id WHERE n.tenant_id = $1 AND a.id = $2", tenantID, id).Scan(&a.ID, &a.NoteID, &a.StorageKey)
	})
	return a, err
}
