package bodycases

import (
	"encoding/json"
	"io"
	"log"
	"log/slog"
	"net/http"
)

func bodies(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	slog.Info("x", "body", body)                           // want `request body logged: log its size or the non-secret fields you need \(TV3003\)`
	slog.Info("x", "body", string(body))                   // want `request body logged`
	log.Printf("payload %s", body)                         // want `request body logged`
	slog.Info("x", slog.Any("raw", json.RawMessage(body))) // want `request body logged`

	limited, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	s := string(limited)
	slog.Info("x", "s", s) // want `request body logged`

	var raw json.RawMessage
	_ = json.NewDecoder(r.Body).Decode(&raw)
	slog.Info("x", "raw", raw) // want `request body logged`

	var m map[string]any
	_ = json.Unmarshal(body, &m)
	slog.Info("x", "m", m) // want `request body logged`
}

type note struct {
	Title string `json:"title"`
}

func bodiesNegative(w http.ResponseWriter, r *http.Request, other io.Reader) {
	body, _ := io.ReadAll(r.Body)
	slog.Info("x", "bytes", len(body))
	data, _ := io.ReadAll(other)
	slog.Info("x", "data", string(data))
	var n note
	_ = json.Unmarshal(body, &n)
	slog.Info("x", "note", n) // a struct without secret fields
	slog.Info("x", "title", n.Title)
}
