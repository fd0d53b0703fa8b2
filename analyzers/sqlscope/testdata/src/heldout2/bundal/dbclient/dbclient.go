// Package dbclient hands out the process's bun handle.
package dbclient

import "github.com/uptrace/bun"

var client *bun.DB

// GetClient returns the shared handle.
func GetClient() *bun.DB { return client }
