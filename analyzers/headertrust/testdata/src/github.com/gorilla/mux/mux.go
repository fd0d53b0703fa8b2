// Package mux is a stand-in for github.com/gorilla/mux with the signatures tests need.
package mux

import "net/http"

func Vars(r *http.Request) map[string]string { return nil }
