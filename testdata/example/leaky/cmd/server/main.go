// Command server is the leaky twin of the example notes service: every tenantvet rule has a
// seeded violation somewhere under leaky/.
package main

import (
	"log"
	"log/slog"
	"net/http"
	"os"
)

func main() {
	mux := http.NewServeMux()

	//tenantvet:ignore logredact -- DEMO_TOKEN is a published demo fixture, not a credential
	slog.Info("starting", "token", os.Getenv("DEMO_TOKEN"))

	//tenantvet:ignore TV9999 -- a rule id that does not exist
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })

	//tenantvet:ignore TV3001 -- nothing on the next line logs a secret, so this suppresses nothing
	slog.Info("routes registered")

	//tenantvet:ignor logredact -- a misspelt verb
	slog.Info("listening", "addr", ":8080")

	//tenantvet:ignore headertrust
	log.Fatal(http.ListenAndServe(":8080", mux))
}
