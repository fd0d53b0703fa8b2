// Package a has no dot in its path, like a standard package, but lives outside GOROOT.
package a

import (
	"net/http"
	"strings"
)

func Tenant(r *http.Request) string { return strings.TrimSpace(r.Header.Get("X-Tenant-ID")) }
