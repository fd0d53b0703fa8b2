package flagcases

import "log/slog"

func Audit(msg string, kv ...any) {}

func Event(ctx any, name string, kv ...any) {}

func flags(ssn, kind, tok string) {
	slog.Info("x", "ssn", ssn)               // want `log key "ssn" carries a secret`
	slog.Info("x", "customerSSN", ssn)       // want `log key "customerSSN" carries a secret`
	slog.Info("x", "token_kind", kind)       // safe-keys
	slog.Info("x", "token", tok)             // want `log key "token" carries a secret`
	Audit("x", "api_key", tok)               // want `log key "api_key" carries a secret`
	Event(nil, "name", "password", tok)      // want `log key "password" carries a secret`
	Event(nil, "password", "tenant_id", tok) // the name argument is before the first key
}
