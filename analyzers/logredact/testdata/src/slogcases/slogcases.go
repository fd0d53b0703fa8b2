package slogcases

import (
	"context"
	"log/slog"
	"net/http"
)

func keys(ctx context.Context, r *http.Request, logger *slog.Logger, key, tok string, n int, ok bool) {
	slog.Info("request", "authorization", r.Header.Get("Authorization"))   // want `log key "authorization" carries a secret: log a redacted marker or drop it \(TV3001\)`
	slog.Info("request", "tenant_id", "t1", "api_key", key)                // want `log key "api_key" carries a secret`
	slog.Warn("x", "new_password", key)                                    // want `log key "new_password"`
	slog.Error("x", "stripeApiKey", key)                                   // want `log key "stripeApiKey"`
	slog.Debug("x", "user.password", key)                                  // want `log key "user.password"`
	slog.InfoContext(ctx, "x", "X-API-Key", key)                           // want `log key "X-API-Key"`
	slog.Log(ctx, slog.LevelInfo, "x", "Cookie", key)                      // want `log key "Cookie"`
	logger.Info("x", "refresh_token", tok)                                 // want `log key "refresh_token"`
	logger.ErrorContext(ctx, "x", "prompt", tok)                           // want `log key "prompt"`
	logger.With("access_token", tok).Info("x")                             // want `log key "access_token"`
	slog.With("client_secret", tok)                                        // want `log key "client_secret"`
	slog.Info("x", slog.String("token", tok))                              // want `log key "token"`
	slog.Info("x", slog.Any("private_key", tok))                           // want `log key "private_key"`
	slog.LogAttrs(ctx, slog.LevelInfo, "x", slog.String("passwd", tok))    // want `log key "passwd"`
	slog.Info("x", slog.Group("user", "password", tok))                    // want `log key "password"`
	slog.Info("x", slog.Attr{Key: "secret", Value: slog.StringValue(tok)}) // want `log key "secret"`
	const k = "apiKey"
	slog.Info("x", k, tok) // want `log key "apiKey"`

	// Values read by a secret name are secrets whatever the key.
	auth := r.Header.Get("Authorization")
	slog.Info("x", "h", auth)                    // want `logged value is header "Authorization", a secret`
	slog.Info("x", "p", r.FormValue("password")) // want `logged value is parameter "password", a secret`
	_, pass, _ := r.BasicAuth()
	slog.Info("x", "basic", pass) // want `logged value is the basic auth password, a secret`
}

func keysNegative(ctx context.Context, r *http.Request, logger *slog.Logger, key, tok string, n int, ok bool) {
	slog.Info("request", "tenant_id", "t1", "request_id", tok, "method", r.Method, "path", r.URL.Path)
	slog.Info("x", "token_count", n, "tokens_used", n, "prompt_tokens", n)
	slog.Info("x", "password_policy", tok, "secret_name", tok, "token_type", tok, "api_key_id", tok)
	slog.Info("x", "next_page_token", tok, "nextPageToken", tok)
	slog.Info("x", "has_password", ok, "token", n, "password", ok)
	slog.Info("x", "authorization", "[REDACTED]")
	slog.Info("x", slog.Int("token", n), slog.Bool("password", ok))
	slog.Info("x", slog.Attr{Key: "token", Value: slog.IntValue(n)})
	slog.Info("x", slog.Attr{Key: "tenant", Value: slog.StringValue(tok)})
	slog.Info("x", key, tok) // the key is not a constant
	slog.Info("x", "ua", r.Header.Get("User-Agent"))
	slog.Info("x", "q", r.FormValue("q"))
	slog.Info("password reset requested", "user", tok) // the message is not a key
	//tenantvet:ignore TV3001 -- the demo token is a public fixture
	slog.Info("x", "token", tok)
}

func whole(r *http.Request, w http.ResponseWriter) {
	slog.Info("incoming", "req", r)                      // want `\*http.Request logged whole: log method, path and request id instead \(TV3002\)`
	slog.Info("incoming", slog.Any("headers", r.Header)) // want `http.Header logged whole`
	slog.Info("incoming", "cookies", r.Cookies())        // want `\[\]\*http.Cookie logged: cookies carry session secrets`
	c, _ := r.Cookie("session")
	slog.Info("incoming", "c", c)             // want `\*http.Cookie logged`
	slog.Info("incoming", "q", r.URL.Query()) // want `url.Values logged whole`
}

func wholeNegative(r *http.Request) {
	slog.Info("incoming", "method", r.Method, "path", r.URL.Path, "host", r.Host, "len", r.ContentLength)
	c, _ := r.Cookie("session")
	slog.Info("incoming", "cookie_name", c.Name)
}
