package zapcases

import (
	"net/http"

	"go.uber.org/zap"
)

func fields(r *http.Request, l *zap.Logger, s *zap.SugaredLogger, tok string, b []byte, n int) {
	l.Info("x", zap.String("authorization", tok)) // want `log key "authorization" carries a secret`
	l.Info("x", zap.ByteString("password", b))    // want `log key "password" carries a secret`
	l.Info("x", zap.Any("req", r))                // want `\*http.Request logged whole`
	l.With(zap.Reflect("headers", r.Header))      // want `http.Header logged whole`
	s.Infow("x", "api_key", tok)                  // want `log key "api_key" carries a secret`
	s.With("session_cookie", tok).Infow("x")      // want `log key "session_cookie" carries a secret`
	s.Errorw("x", "req", r)                       // want `\*http.Request logged whole`
	s.Infof("token: %s", tok)                     // want `log key "token" carries a secret`
}

func fieldsNegative(r *http.Request, l *zap.Logger, s *zap.SugaredLogger, tok string, n int, ok bool) {
	l.Info("x", zap.String("tenant_id", tok), zap.Int("token_count", n), zap.Bool("password_set", ok), zap.Int("token", n))
	l.Info("x", zap.String("method", r.Method), zap.String("path", r.URL.Path))
	s.Infow("x", "tenant_id", tok, "tokens_used", n)
	s.Infof("tenant: %s", tok)
}
