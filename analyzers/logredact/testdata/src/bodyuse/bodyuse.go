package bodyuse

import (
	"log"
	"log/slog"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"bodyhelp"
)

// Middleware logs what the helper read: the request body, whatever the key.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := bodyhelp.ReadBody(r)
		if err == nil {
			slog.Info("request", "preview", string(body[:min(len(body), 256)])) // want `request body logged: log its size or the non-secret fields you need \(TV3003\)`
		}
		slog.Info("request", "size", len(body))
		next.ServeHTTP(w, r)
	})
}

func Create(c *gin.Context) {
	req, err := bodyhelp.Bind(c)
	if err != nil {
		return
	}
	slog.Info("create", "req", req)                   // want `request body logged`
	slog.Info("create", "title", req.Title)           // one field the service chose
	log.Printf("raw %s", bodyhelp.Raw(c))             // want `request body logged`
	log.Printf("again %s", bodyhelp.Again(c.Request)) // want `request body logged`
	log.Printf("size %d", bodyhelp.Size(c.Request))
	log.Printf("title %s", bodyhelp.Title(c))
	data, _ := bodyhelp.ReadFile(os.Stdin)
	log.Printf("file %s", data)
}

// readLocal is a helper of this package.
func readLocal(c *gin.Context) []byte { // want readLocal:"returns the request body"
	b, _ := c.GetRawData()
	return b
}

func Webhook(c *gin.Context) {
	slog.Info("webhook", "payload_preview", string(readLocal(c))) // want `request body logged`
}
