// Package chi is a stand-in for github.com/go-chi/chi/v5 with the signatures tests need.
package chi

import (
	"context"
	"net/http"
)

func URLParam(r *http.Request, key string) string            { return "" }
func URLParamFromCtx(ctx context.Context, key string) string { return "" }
