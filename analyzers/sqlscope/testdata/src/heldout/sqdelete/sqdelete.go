// Package sqdelete deletes rows with squirrel, table and columns from constants, the builder
// from a repository helper.
//
// Held-out shapes (WantBeASleep/med_ml uzi/internal/repository/uzi/delete.go,
// kahuri1/song-libraries pkg/repository/group.go): Delete(table).Where(sq.Eq{columnID: id}),
// then ToSql and Exec on the database.
package sqdelete

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

const (
	table        = "scans"
	columnID     = "id"
	columnTenant = "tenant_id"
)

type repo struct{ db *sql.DB }

func (r *repo) queryBuilder() sq.StatementBuilderType {
	return sq.StatementBuilder.PlaceholderFormat(sq.Dollar)
}

func (r *repo) DeleteScan(ctx context.Context, id string) error { // want DeleteScan:"queriesOwn:1"
	query, args, err := r.queryBuilder().
		Delete(table).
		Where(sq.Eq{columnID: id}).
		ToSql()
	if err != nil {
		return err
	}
	_, err = r.db.ExecContext(ctx, query, args...) // want `query on scans does not filter by tenant_id`
	return err
}

func (r *repo) DeleteScanInTenant(ctx context.Context, tenantID, id string) error { // want DeleteScanInTenant:"queriesOwn:1"
	query, args, err := r.queryBuilder().
		Delete(table).
		Where(sq.Eq{columnID: id, columnTenant: tenantID}).
		ToSql()
	if err != nil {
		return err
	}
	_, err = r.db.ExecContext(ctx, query, args...)
	return err
}

func (r *repo) DeleteGroup(id string) error { // want DeleteGroup:"queriesOwn:1"
	query, args, err := sq.Delete("scans").
		Where(sq.Eq{"id": id}).
		PlaceholderFormat(sq.Dollar).
		ToSql()
	if err != nil {
		return err
	}
	_, err = r.db.Exec(query, args...) // want `query on scans does not filter by tenant_id`
	return err
}

func (r *repo) DeleteGroupInTenant(tenantID, id string) error { // want DeleteGroupInTenant:"queriesOwn:1"
	query, args, err := sq.Delete("scans").
		Where(sq.Eq{"id": id}).
		Where(sq.Eq{"tenant_id": tenantID}).
		PlaceholderFormat(sq.Dollar).
		ToSql()
	if err != nil {
		return err
	}
	_, err = r.db.Exec(query, args...)
	return err
}
