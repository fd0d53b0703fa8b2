// Command server is the leaky twin of the example notes service: every tenantvet rule has a
// seeded violation somewhere under leaky/.
package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	log.Fatal(http.ListenAndServe(":8080", mux))
}
