// Package logging holds the notes service's request logging. This is the fixed twin: it logs the
// verified tenant, the request id, the method and the path, through the runtime's redacting
// handler.
package logging

import (
	"log/slog"
	"net/http"
	"net/url"
	"os"

	"github.com/tenantvet/tenantvet/runtime/safelog"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// logger redacts sensitive keys and adds tenant_id and request_id from the request context.
var logger = slog.New(safelog.NewHandler(slog.NewJSONHandler(os.Stderr, nil), nil))

// Middleware logs every request before passing it on. It runs after the tenant resolver.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		tc, ok := tenant.FromContext(ctx)
		if !ok {
			http.Error(w, "no tenant", http.StatusUnauthorized)
			return
		}
		logger.InfoContext(ctx, "request",
			"tenant_id", tc.TenantID.String(),
			"request_id", tc.RequestID,
			"method", r.Method,
			"path", r.URL.Path)
		next.ServeHTTP(w, r)
	})
}

// LogAPIKey records which integration called, never the key itself.
func LogAPIKey(r *http.Request, integrationID string) {
	logger.InfoContext(r.Context(), "integration call", "integration_id", integrationID)
}

// LogBody records the size of a failed request's body for debugging, not its content.
func LogBody(r *http.Request) {
	logger.ErrorContext(r.Context(), "bad request", "content_length", r.ContentLength)
}

// LogStartup records which database host the service connects to, without the password.
func LogStartup() {
	u, err := url.Parse(os.Getenv("DATABASE_URL"))
	if err != nil {
		logger.Error("DATABASE_URL is not a URL")
		return
	}
	logger.Info("connecting", "database", u.Redacted())
}

// Login is a sign-in form. LogValue keeps the password out of every log line.
type Login struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// LogValue logs the email only.
func (l Login) LogValue() slog.Value { return slog.GroupValue(slog.String("email", l.Email)) }

// LogLogin records a sign-in attempt.
func LogLogin(l Login) {
	logger.Info("login attempt", "form", l)
}
