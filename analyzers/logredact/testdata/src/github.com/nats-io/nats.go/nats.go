// Package nats is a stand-in for github.com/nats-io/nats.go v1.56.0.
package nats

// Header represents the optional Header for a NATS message.
type Header map[string][]string

// Msg represents a message delivered by NATS.
type Msg struct {
	Subject string
	Reply   string
	Header  Header
	Data    []byte
}

// MsgHandler is a callback function that processes messages delivered to subscribers.
type MsgHandler func(msg *Msg)

// Subscription represents interest in a given subject.
type Subscription struct{}

// Conn represents a bare connection to a nats-server.
type Conn struct{}

func (nc *Conn) Subscribe(subj string, cb MsgHandler) (*Subscription, error) { return nil, nil }
