// Package pgconn is a stand-in for github.com/jackc/pgx/v5/pgconn.
package pgconn

type CommandTag struct{}
