// Package amqp091 is a stand-in for github.com/rabbitmq/amqp091-go v1.17.0.
package amqp091

// Delivery captures the fields for a previously delivered message.
type Delivery struct {
	ContentType   string
	CorrelationId string
	MessageId     string
	RoutingKey    string
	Body          []byte
}

// Channel is a stand-in for the AMQP channel.
type Channel struct{}

// Consume delivers queued messages.
func (ch *Channel) Consume(queue, consumer string, autoAck, exclusive, noLocal, noWait bool, args map[string]any) (<-chan Delivery, error) {
	return nil, nil
}
