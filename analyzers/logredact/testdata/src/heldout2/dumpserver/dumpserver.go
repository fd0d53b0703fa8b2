// Package dumpserver prints every request it gets: its headers one by one and its body.
//
// Held-out shape (mkaobao/one-time-project http-dump-server/http_server.go): a loop over r.Header
// logs each header with log.Printf("Header[%q] = %q", k, v), then the body read whole is logged
// with %s as a byte slice (the defer r.Body.Close() comes after the read).
package dumpserver

import (
	"io"
	"log"
	"net/http"
)

func dump(w http.ResponseWriter, r *http.Request) {
	log.Printf("%s %s %s", r.RemoteAddr, r.Method, r.URL.RequestURI())
	for k, v := range r.Header {
		log.Printf("Header[%q] = %q", k, v) // want `the values of every request header \(range over the http.Header\) logged`
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		log.Printf("read body error: %v", err)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	defer r.Body.Close()
	log.Printf("---- BODY BEGIN ----\n%s\n---- BODY END ----", body) // want `request body logged`
	w.WriteHeader(http.StatusOK)
}

// dumpSafe logs the header names and the body's size.
func dumpSafe(w http.ResponseWriter, r *http.Request) {
	log.Printf("%s %s", r.Method, r.URL.Path)
	for k := range r.Header {
		log.Printf("header %q", k)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	defer r.Body.Close()
	log.Printf("body: %d bytes", len(body))
	w.WriteHeader(http.StatusOK)
}
