package zerologcases

import (
	"net/http"

	"github.com/rs/zerolog"
	"github.com/rs/zerolog/log"
)

func events(r *http.Request, l zerolog.Logger, tok string, b []byte, n int) {
	log.Info().Str("authorization", tok).Msg("x")                       // want `log key "authorization" carries a secret`
	l.Info().Bytes("api_key", b).Msg("x")                               // want `log key "api_key" carries a secret`
	l.Info().RawJSON("token", b).Msg("x")                               // want `log key "token" carries a secret`
	l.Info().Interface("req", r).Msg("x")                               // want `\*http.Request logged whole`
	l.Info().Any("headers", r.Header).Msg("x")                          // want `http.Header logged whole`
	l.Info().Dict("user", zerolog.Dict().Str("password", tok)).Msg("x") // want `log key "password" carries a secret`
	l.Info().Fields(map[string]any{"password": tok}).Msg("x")           // want `log key "password" carries a secret`
	l.Info().Fields([]any{"secret", tok}).Msg("x")                      // want `log key "secret" carries a secret`
	l.With().Str("refresh_token", tok).Logger()                         // want `log key "refresh_token" carries a secret`
	l.Info().Msgf("token=%s", tok)                                      // want `log key "token" carries a secret`
}

func eventsNegative(r *http.Request, l zerolog.Logger, tok string, n int) {
	l.Info().Str("tenant_id", tok).Int("token_count", n).Str("method", r.Method).Msg("x")
	l.Info().Fields(map[string]any{"tenant_id": tok, "path": r.URL.Path}).Msg("x")
	l.Info().Int("token", n).Msg("x")
	l.Info().Dict("credentials", zerolog.Dict().Str("user", tok)).Msg("x") // a group name is not a value
}
