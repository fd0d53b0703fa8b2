// Package pubsub is a stand-in for cloud.google.com/go/internal/pubsub, where
// cloud.google.com/go/pubsub v1.52.0 defines its Message.
package pubsub

import "time"

// Message represents a Pub/Sub message.
type Message struct {
	ID          string
	Data        []byte
	Attributes  map[string]string
	PublishTime time.Time
}

func (m *Message) Ack() {}
