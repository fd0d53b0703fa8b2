package conncases

import (
	"fmt"
	"log"
	"log/slog"
	"os"
)

const brokerURL = "amqp://guest:s3cret@rabbit:5672/"

const publicURL = "https://user@example.com/docs"

var cacheURL = "redis://:hunter2@cache:6379/0"

type queueConfig struct {
	QueueURL  string
	RedisAddr string
	Endpoint  string
	Region    string
}

func newQueueConfig(user, host string) *queueConfig {
	cfg := &queueConfig{Region: "eu"}
	cfg.QueueURL = "amqp://" + user + ":" + os.Getenv("RABBIT_PASSWORD") + "@" + host + "/"
	cfg.Endpoint = "https://" + host + "/v1"
	cfg.RedisAddr = host + ":6379"
	return cfg
}

func credentials(user, pass, host string) {
	slog.Info("x", "broker", brokerURL) // want `URL with a password logged: it may carry a password`
	slog.Info("x", "cache", cacheURL)   // want `variable cacheURL \(URL with a password\) logged`
	dsn := fmt.Sprintf("postgres://%s:%s@%s:5432/app?sslmode=%s", user, pass, host, "require")
	log.Printf("db %s", dsn) // want `URL built with a password logged`
	addr := "redis://:" + pass + "@" + host
	slog.Info("x", "addr", addr) // want `URL built with a password logged`
	cfg := newQueueConfig(user, host)
	slog.Info("x", "broker", cfg.QueueURL) // want `field QueueURL \(URL built with a password\) logged`
}

func credentialsNegative(user, host string) {
	slog.Info("x", "docs", publicURL)
	slog.Info("x", "api", fmt.Sprintf("https://%s/v1", host))
	slog.Info("x", "as", fmt.Sprintf("amqp://%s@%s", user, host))
	slog.Info("x", "mail", user+"@"+host)
	cfg := newQueueConfig(user, host)
	slog.Info("x", "endpoint", cfg.Endpoint, "redis", cfg.RedisAddr, "region", cfg.Region)
}
