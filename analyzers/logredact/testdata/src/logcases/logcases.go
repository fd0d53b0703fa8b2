package logcases

import (
	"fmt"
	"log"
	"net/http"
	"os"
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
