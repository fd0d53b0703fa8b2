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

// GetAttachment reads an attachment by its id alone. note_attachments has no tenant column in
// this twin's migrations (an attachment belongs to the tenant of its note) and no row level
// security, so the open tenant scope confines nothing: a user of one tenant downloads another
// tenant's file by its attachment id.
func (s *Store) GetAttachment(ctx context.Context, tenantID tenant.ID, id string) (Attachment, error) {
	var a Attachment
	err := tenantdb.WithTenantReadOnly(ctx, s.Pool, tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, "SELECT id, note_id, storage_key FROM note_attachments WHERE id = $1", id).Scan(&a.ID, &a.NoteID, &a.StorageKey)
	})
	return a, err
}
