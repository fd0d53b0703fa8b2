// Package kafka is a stand-in for github.com/segmentio/kafka-go v0.4.51.
package kafka

import "context"

// Message is a data structure representing kafka messages.
type Message struct {
	Topic     string
	Partition int
	Offset    int64
	Key       []byte
	Value     []byte
}

// Reader provides a high-level API for consuming messages from kafka.
type Reader struct{}

func (r *Reader) ReadMessage(ctx context.Context) (Message, error) { return Message{}, nil }
