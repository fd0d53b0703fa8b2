// Package logging holds the notes service's request logging. This is the leaky twin: it writes
// credentials and whole requests into the operational logs (logredact: TV3001 to TV3005).
package logging

import (
	"bytes"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
)

// Middleware logs every request before passing it on.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The bearer token of the caller lands in every log line.
		slog.Info("request", "authorization", r.Header.Get("Authorization"), "path", r.URL.Path)
		log.Printf("incoming request %+v", r)
		next.ServeHTTP(w, r)
	})
}

// LogAPIKey records which API key an integration used.
func LogAPIKey(r *http.Request) {
	slog.Info("integration call", "api_key", r.Header.Get("X-API-Key"))
}

// LogBody records the body of a failed request for debugging.
func LogBody(r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	slog.Error("bad request", "body", string(body))
	return nil
}

// LogStartup records which database the service connects to, password included.
func LogStartup() {
	log.Printf("connecting to %s", os.Getenv("DATABASE_URL"))
}

// Login is a sign-in form.
type Login struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// LogLogin records a sign-in attempt with the whole form.
func LogLogin(l Login) {
	slog.Info("login attempt", "form", l)
}
