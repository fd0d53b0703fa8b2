// Package message is a stand-in for github.com/ThreeDotsLabs/watermill/message v1.5.1.
package message

// Payload is the Message's payload.
type Payload []byte

// Metadata is sent with every message to provide extra context without unmarshaling the payload.
type Metadata map[string]string

// Message is the basic transfer unit.
type Message struct {
	UUID     string
	Metadata Metadata
	Payload  Payload
}
