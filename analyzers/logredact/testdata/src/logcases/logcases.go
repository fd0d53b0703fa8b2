package logcases

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
)

func printf(r *http.Request, l *log.Logger, tok string, n int) {
	log.Printf("Authorization: Bearer %s", tok)                 // want `log key "Authorization" carries a secret`
	log.Printf("token=%s", tok)                                 // want `log key "token" carries a secret`
	log.Printf("user %s api_key: %q", "bob", tok)               // want `log key "api_key" carries a secret`
	l.Printf("Authorization=%s", r.Header.Get("Authorization")) // want `log key "Authorization" carries a secret`
	log.Println("req", r)                                       // want `\*http.Request logged whole`
	log.Printf("headers: %v", r.Header)                         // want `http.Header logged whole`
	l.Print(r.Header.Get("Cookie"))                             // want `logged value is header "Cookie", a secret`
	fmt.Fprintf(os.Stderr, "password=%s\n", tok)                // want `log key "password" carries a secret`
	fmt.Fprintln(os.Stdout, r)                                  // want `\*http.Request logged whole`
	l.Print("x", r.Header.Get("Cookie"))                        // want `logged value is header "Cookie", a secret`
	fmt.Printf("api_key=%s\n", tok)                             // want `log key "api_key" carries a secret`
	fmt.Println("req", r)                                       // want `\*http.Request logged whole`
	fmt.Print(r.Header.Get("Authorization"))                    // want `logged value is header "Authorization", a secret`
	log.Fatalf("bad request %+v", r)                            // want `\*http.Request logged whole`
}

func printfNegative(r *http.Request, l *log.Logger, w http.ResponseWriter, tok string, n int) {
	log.Printf("token_count=%d", n)
	log.Printf("token=%d", n)
	log.Printf("%s %s", r.Method, r.URL.Path)
	log.Printf("request type %T", r)
	log.Printf("%[1]s token=%[2]s", tok, tok) // explicit indexes: operands are not matched
	fmt.Fprintf(w, "token=%s", tok)           // a response, not a log
	log.Printf("tenant=%s request_id=%s", tok, tok)
	log.Printf("100%% done, user=%s", tok)
	fmt.Printf("token_count=%d\n", n)
	fmt.Println(r.Method, r.URL.Path)
	fmt.Print("tenant=", tok)
}

// headerRange logs the values of a range over the request's header: Authorization and Cookie
// among them.
func headerRange(r *http.Request, l *log.Logger) {
	for k, v := range r.Header {
		log.Printf("%s: %v", k, v) // want `the values of every request header \(range over the http.Header\) logged`
	}
	h := r.Header
	for name, vals := range h {
		l.Println(name, strings.Join(vals, ",")) // want `the values of every request header`
	}
	for _, vals := range r.Header {
		fmt.Println(vals[0]) // want `the values of every request header`
	}
	for k, v := range r.Header {
		if k == "X-Request-Id" {
			continue
		}
		log.Printf("%s=%s", k, v[0]) // want `the values of every request header`
	}
}

// headerRangeNegative: the keys only, an allow-list, the secret names skipped, a response's
// header.
func headerRangeNegative(r *http.Request, resp *http.Response, w http.ResponseWriter, l *log.Logger) {
	for k := range r.Header {
		log.Printf("header %q", k)
	}
	for k, v := range r.Header {
		log.Printf("header %q (%d values)", k, len(v))
	}
	for k, v := range r.Header {
		if k == "User-Agent" {
			log.Printf("%s: %v", k, v)
		}
	}
	for k, v := range r.Header {
		if k == "Authorization" || k == "Cookie" {
			continue
		}
		l.Println(k, strings.Join(v, ","))
	}
	for k, v := range resp.Header {
		log.Printf("%s: %v", k, v)
	}
	for k, v := range w.Header() {
		log.Printf("%s: %v", k, v)
	}
}
