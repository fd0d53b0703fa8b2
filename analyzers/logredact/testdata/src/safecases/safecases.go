package safecases

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/tenantvet/tenantvet/runtime/safelog"
)

var safeLogger = slog.New(safelog.NewHandler(slog.NewJSONHandler(os.Stderr, nil), nil))

var plainLogger = slog.New(slog.NewJSONHandler(os.Stderr, nil))

var mixedLogger = slog.New(safelog.NewHandler(slog.NewJSONHandler(os.Stderr, nil), nil))

func init() {
	mixedLogger = slog.Default()
}

func safe(r *http.Request, tok string) {
	logger := slog.New(safelog.NewHandler(slog.NewJSONHandler(os.Stderr, nil), &safelog.Options{}))
	logger.Info("x", "authorization", r.Header.Get("Authorization"))
	logger.With("tenant_id", "t1").Info("x", "api_key", tok, slog.String("token", tok))
	safeLogger.Info("x", "password", tok)
	safeLogger.Info("x", slog.Attr{Key: "secret", Value: slog.StringValue(tok)})
	l2 := safeLogger.WithGroup("g")
	l2.Info("x", "token", tok)

	// The handler redacts by key: whole requests and secrets under harmless keys still leak.
	logger.Info("x", "req", r)                           // want `\*http.Request logged whole`
	logger.Info("x", "h", r.Header.Get("Authorization")) // want `logged value is header "Authorization", a secret`
}

func unsafe(r *http.Request, tok string) {
	plainLogger.Info("x", "password", tok) // want `log key "password" carries a secret`
	mixedLogger.Info("x", "password", tok) // want `log key "password" carries a secret`
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	logger.Info("x", "token", tok) // want `log key "token" carries a secret`
	slog.SetDefault(safeLogger)
	slog.Info("x", "token", tok) // want `log key "token" carries a secret`
}

func passedIn(logger *slog.Logger, tok string) {
	logger.Info("x", "token", tok) // want `log key "token" carries a secret`
}
