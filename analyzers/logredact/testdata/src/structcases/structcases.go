package structcases

import (
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"

	"go.uber.org/zap"
)

type Credentials struct {
	Email    string
	Password string
}

type Account struct {
	ID    string
	Creds Credentials
}

type Tagged struct {
	Name string `json:"name"`
	Key  string `json:"api_key"`
}

type Hidden struct {
	Name  string
	Token string `json:"-"`
	token string
}

type WithReq struct {
	Req *http.Request
}

type Redacted struct {
	Email    string
	Password string
}

func (r Redacted) LogValue() slog.Value { return slog.StringValue(r.Email) }

type Stringer struct{ Secret string }

func (s *Stringer) String() string { return "stringer" }

type Flags struct {
	HasPassword bool
	Password    bool
	TokenCount  int
}

type Node struct {
	Name string
	Next *Node
}

func structs(l *zap.Logger, c Credentials, a *Account, t Tagged, h Hidden, w WithReq, accounts []Account) {
	slog.Info("x", "creds", c)       // want `structcases.Credentials logged whole has secret field Password: log chosen fields or implement slog.LogValuer \(TV3005\)`
	slog.Info("x", slog.Any("a", a)) // want `\*structcases.Account logged whole has secret field Creds.Password`
	l.Info("x", zap.Any("t", t))     // want `structcases.Tagged logged whole has secret field Key`
	log.Printf("hidden %+v", h)      // want `structcases.Hidden logged whole has secret field Token`
	slog.Info("x", "w", w)           // want `structcases.WithReq logged whole has secret field Req`
	slog.Info("x", "all", accounts)  // want `\[\]structcases.Account logged whole has secret field Creds.Password`
	fmt.Println(c)                   // want `structcases.Credentials logged whole has secret field Password`
}

func structsNegative(c Credentials, r Redacted, s *Stringer, h Hidden, f Flags, n *Node) {
	slog.Info("x", "email", c.Email)
	slog.Info("x", "r", r)
	slog.Info("x", "s", s)
	slog.Info("x", "h", h) // JSON and reflection encoders skip json:"-" and unexported fields
	slog.Info("x", "f", f)
	slog.Info("x", "n", n)
	log.Printf("type %T", c)
	fmt.Fprintln(io.Discard, c) // not a log stream
}
