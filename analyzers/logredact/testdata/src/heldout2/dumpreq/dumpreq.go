// Package dumpreq logs whole requests made by net/http/httputil.DumpRequest.
//
// Held-out shapes (codemodlabs1/test main.go: httputil.DumpRequest(r, true) then
// fmt.Println(string(read)); a logHttpMessage handler returned by the code index, repository
// not named: the dump appended to requests.log with f.Write). The dump holds every header
// (Authorization, Cookie) and, with body true, the body.
package dumpreq

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httputil"
	"os"
)

func handler(w http.ResponseWriter, r *http.Request) {
	read, err := httputil.DumpRequest(r, true)
	if err != nil {
		fmt.Fprint(w, err.Error())
	}
	fmt.Println("------------")
	// MISSED (heldout2) before the fix of stop 24: httputil.DumpRequest(r, true) is not a source: its bytes hold every header and the body, but only r.Body, r.Header and their readers are followed.
	fmt.Println(string(read)) // want `request dump from httputil\.DumpRequest logged: it carries the Authorization and Cookie headers`
	fmt.Fprintf(w, "hello %s", r.URL.Path)
}

func logToFile(w http.ResponseWriter, req *http.Request) {
	dump, err := httputil.DumpRequest(req, true)
	if err != nil {
		http.Error(w, "failed to dump request", http.StatusInternalServerError)
		return
	}
	f, err := os.OpenFile("requests.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		http.Error(w, "failed to open log file", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	f.WriteString("----- request -----\n")
	f.Write(dump) // MISSED (heldout2): a write to an *os.File opened as a log file is not a log sink (and before the fix of stop 24 the dump was not a source either)
	f.WriteString("\n\n")
}

// handlerSafe logs the request line only.
func handlerSafe(w http.ResponseWriter, r *http.Request) {
	log.Printf("%s %s %s", r.Method, r.URL.Path, r.Proto)
	fmt.Fprintf(w, "hello %s", r.URL.Path)
}

// The cases below were written with the fix of stop 24 (not held-out shapes): a dump without the
// body still carries the headers, an outgoing request's dump carries the client's credentials;
// the dump's size, and the dump sent back to the client (not a log), are not reported.

func headersOnly(w http.ResponseWriter, r *http.Request) {
	dump, _ := httputil.DumpRequest(r, false)
	log.Printf("request: %s", dump) // want `request dump from httputil\.DumpRequest logged`
}

func outgoing(req *http.Request) {
	dump, err := httputil.DumpRequestOut(req, true)
	if err == nil {
		log.Println("calling upstream:", string(dump)) // want `request dump from httputil\.DumpRequestOut logged`
	}
}

func dumpSize(w http.ResponseWriter, r *http.Request) {
	dump, _ := httputil.DumpRequest(r, true)
	log.Printf("request: %d bytes", len(dump))
}

func echo(w http.ResponseWriter, r *http.Request) {
	dump, _ := httputil.DumpRequest(r, true)
	_, _ = w.Write(dump)
}
