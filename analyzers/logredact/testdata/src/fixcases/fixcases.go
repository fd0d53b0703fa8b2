package fixcases

import (
	"log/slog"
	"net/http"

	"github.com/rs/zerolog"
	"go.uber.org/zap"
)

func fixes(r *http.Request, l *zap.Logger, s *zap.SugaredLogger, z zerolog.Logger, tok string, b []byte) {
	slog.Info("x", "authorization", r.Header.Get("Authorization"))     // want `log key "authorization"`
	slog.Info("x", slog.String("api_key", tok))                        // want `log key "api_key"`
	l.Info("x", zap.String("token", tok), zap.ByteString("secret", b)) // want `log key "token"` `log key "secret"`
	s.Infow("x", "password", tok)                                      // want `log key "password"`
	z.Info().Str("cookie", tok).Msg("x")                               // want `log key "cookie"`
	slog.Info("x", "h", r.Header.Get("Authorization"))                 // want `logged value is header "Authorization"`
}
