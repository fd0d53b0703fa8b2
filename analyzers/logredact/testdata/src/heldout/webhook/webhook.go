// Package webhook logs what webhook receivers get.
//
// Held-out shapes (pirsch-analytics/demo webhook/main.go, kmgreen2/agglo cmd/dumbserver/main.go,
// knightsc/micromdm-webhook-blueprints go/micromdm-webhook.go): the body read whole and printed,
// the body copied to stdout, the headers printed whole, and the body cleaned of newlines then
// printed; each beside a twin that logs what is safe.
package webhook

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
)

func receive(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	log.Println(string(body)) // want `request body logged: log its size or the non-secret fields you need \(TV3003\)`
}

func receiveLen(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	log.Println("webhook bytes", len(body))
}

func printBody(w http.ResponseWriter, r *http.Request) {
	if r.Body != nil {
		bodyBytes, err := io.ReadAll(r.Body)
		if err != nil {
			fmt.Println("error reading the body: " + err.Error())
		}
		fmt.Println(string(bodyBytes)) // want `request body logged`
		_, _ = w.Write(bodyBytes)
	}
}

func dump(w http.ResponseWriter, r *http.Request) {
	fmt.Printf("headers: %v\n", r.Header)                 // want `http.Header logged whole`
	if _, err := io.Copy(os.Stdout, r.Body); err != nil { // want `request body copied to os.Stdout`
		log.Println(err)
	}
}

func drain(w http.ResponseWriter, r *http.Request) {
	fmt.Printf("content type: %s\n", r.Header.Get("Content-Type"))
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		log.Println(err)
	}
}

func oneLine(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	safeBody := strings.ReplaceAll(string(body), "\n", "")
	line := fmt.Sprintf("webhook: -> %s", safeBody)
	fmt.Println(line) // want `request body logged`
}

// readPayload is the helper a middleware calls; the caller logs the result.
func readPayload(r *http.Request) ([]byte, error) { // want readPayload:"returns the request body"
	defer r.Body.Close()
	return io.ReadAll(r.Body)
}

func logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		payload, err := readPayload(r)
		if err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		log.Printf("webhook payload=%s", payload) // want `request body logged`
		next.ServeHTTP(w, r)
	})
}

func loggedSize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		payload, _ := readPayload(r)
		log.Printf("webhook payload bytes=%d", len(payload))
		next.ServeHTTP(w, r)
	})
}
