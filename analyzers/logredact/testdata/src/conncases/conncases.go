package conncases

import (
	"log"
	"log/slog"
	"net/url"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"
)

type config struct {
	DatabaseURL string
	ListenAddr  string
}

func conns(cfg config, pc *pgxpool.Config) {
	dsn := os.Getenv("DATABASE_URL")
	log.Printf("connecting to %s", dsn)        // want `environment variable DATABASE_URL logged: it may carry a password; log url.URL.Redacted\(\) or the host only \(TV3004\)`
	slog.Info("x", "dsn", os.Getenv("PG_DSN")) // want `environment variable PG_DSN logged`
	v, _ := os.LookupEnv("REDIS_URL")
	slog.Info("x", "redis", v)              // want `environment variable REDIS_URL logged`
	slog.Info("x", "conn", pc.ConnString()) // want `connection string from .*ConnString logged`
	slog.Info("x", "db", cfg.DatabaseURL)   // want `field DatabaseURL logged`
	u, _ := url.Parse(dsn)
	slog.Info("x", "url", u.String()) // want `environment variable DATABASE_URL logged`
	u2 := &url.URL{Scheme: "postgres", Host: "db", User: url.UserPassword("app", "pw")}
	slog.Info("x", "url", u2) // want `\*url.URL with user info logged`
	u3, _ := url.Parse("postgres://db/app")
	u3.User = url.UserPassword("app", os.Getenv("PGPASSWORD"))
	log.Println(u3) // want `\*url.URL with user info logged`
}

func connsNegative(cfg config) {
	slog.Info("x", "addr", os.Getenv("LISTEN_ADDR"), "listen", cfg.ListenAddr)
	slog.Info("x", "public", os.Getenv("PUBLIC_URL"))
	u, _ := url.Parse(os.Getenv("DATABASE_URL"))
	slog.Info("x", "db", u.Redacted(), "host", u.Host)
	u2 := &url.URL{Scheme: "https", Host: "example.com"}
	slog.Info("x", "url", u2)
}
