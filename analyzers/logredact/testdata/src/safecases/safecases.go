package safecases

import (
	"encoding/json"
	"io"
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

type Credentials struct {
	Email    string
	Password string
}

type Keys struct {
	Passphrase string
}

func safe(r *http.Request, tok string) {
	logger := slog.New(safelog.NewHandler(slog.NewJSONHandler(os.Stderr, nil), &safelog.Options{}))
	logger.Info("x", "authorization", r.Header.Get("Authorization"))
	logger.With("tenant_id", "t1").Info("x", "api_key", tok, slog.String("token", tok))
	safeLogger.Info("x", "password", tok)
	safeLogger.Info("x", slog.Attr{Key: "secret", Value: slog.StringValue(tok)})
	l2 := safeLogger.WithGroup("g")
	l2.Info("x", "token", tok)

	// The handler renders requests, headers and URLs safely, byte slices by length, and walks
	// structs redacting the fields whose names it knows.
	logger.Info("x", "req", r, "headers", r.Header, "url", r.URL, "q", r.URL.Query())
	body, _ := io.ReadAll(r.Body)
	logger.Info("x", "body", body, "raw", json.RawMessage(body))
	logger.Info("x", "creds", Credentials{Email: "a", Password: tok})

	// It redacts by key: secrets under harmless keys, the text of bodies, keys it does not
	// know and cookies still leak.
	logger.Info("x", "h", r.Header.Get("Authorization")) // want `logged value is header "Authorization", a secret`
	logger.Info("x", "body", string(body))               // want `request body logged`
	logger.Info("x", "session_cookie", tok)              // want `log key "session_cookie" carries a secret`
	logger.Info("x", slog.String("passphrase", tok))     // want `log key "passphrase" carries a secret`
	logger.Info("x", "c", r.Cookies())                   // want `cookies carry session secrets`
	logger.Info("x", "k", Keys{Passphrase: tok})         // want `safecases.Keys logged whole has secret field Passphrase`
	logger.Info("x", "dsn", os.Getenv("DATABASE_URL"))   // want `environment variable DATABASE_URL logged`
}

func unsafe(r *http.Request, tok string) {
	plainLogger.Info("x", "password", tok) // want `log key "password" carries a secret`
	mixedLogger.Info("x", "password", tok) // want `log key "password" carries a secret`
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	logger.Info("x", "token", tok) // want `log key "token" carries a secret`
	slog.SetDefault(safeLogger)
	slog.Info("x", "token", tok) // want `log key "token" carries a secret`
	slog.Info("x", "req", r)     // want `\*http.Request logged whole`
	body, _ := io.ReadAll(r.Body)
	logger.Info("x", "body", body) // want `request body logged`
}

func passedIn(logger *slog.Logger, tok string) {
	logger.Info("x", "token", tok) // want `log key "token" carries a secret`
}
