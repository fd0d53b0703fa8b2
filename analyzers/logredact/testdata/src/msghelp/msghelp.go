// Package msghelp unwraps queue messages for consumers in other packages.
package msghelp

import (
	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/hibiken/asynq"
)

// Payload returns the task's payload.
func Payload(t *asynq.Task) []byte { // want Payload:"returns the asynq task payload"
	return t.Payload()
}

// Text returns the delivery's body as text.
func Text(d amqp.Delivery) string { // want Text:"returns the AMQP delivery body"
	return string(d.Body)
}

// Kind returns the routing key: not the body.
func Kind(d amqp.Delivery) string {
	return d.RoutingKey
}
