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

	//tenantvet:ignore headertrust
	log.Fatal(http.ListenAndServe(":8080", mux))
}
