package logging

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
)

// readPayload reads a webhook's body, keeping it readable for the handler.
func readPayload(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, err
}

// WebhookMiddleware logs the size of each webhook payload, never its content.
func WebhookMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		payload, err := readPayload(r)
		if err != nil {
			http.Error(w, "payload too large", http.StatusRequestEntityTooLarge)
			return
		}
		slog.Info("webhook", "bytes", len(payload))
		next.ServeHTTP(w, r)
	})
}

// BrokerURL builds the queue connection URL from the configured credentials and logs the host.
func BrokerURL(user, password, host string) string {
	u := fmt.Sprintf("amqp://%s:%s@%s:5672/", user, password, host)
	slog.Info("connecting to the queue", "host", host)
	return u
}
