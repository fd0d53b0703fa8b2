// Package pubsub is a stand-in for cloud.google.com/go/pubsub v1.52.0.
package pubsub

import (
	"context"

	ipubsub "cloud.google.com/go/internal/pubsub"
)

// Message represents a Pub/Sub message.
type Message = ipubsub.Message

// Subscription is a reference to a PubSub subscription.
type Subscription struct{}

func (s *Subscription) Receive(ctx context.Context, f func(context.Context, *Message)) error {
	return nil
}
