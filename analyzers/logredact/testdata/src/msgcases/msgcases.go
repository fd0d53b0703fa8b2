package msgcases

import (
	"context"
	"log"
	"log/slog"

	"cloud.google.com/go/pubsub"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/hibiken/asynq"
	"github.com/nats-io/nats.go"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/segmentio/kafka-go"

	"msghelp"
)

func processTask(ctx context.Context, t *asynq.Task) error {
	slog.InfoContext(ctx, "task", "payload", string(t.Payload())) // want `asynq task payload logged: log its size or the non-secret fields you need \(TV3003\)`
	p := t.Payload()
	log.Printf("task %s: %s", t.Type(), p[:64])      // want `asynq task payload logged`
	slog.Info("task", "payload", msghelp.Payload(t)) // want `asynq task payload logged`
	return nil
}

func processTaskNegative(ctx context.Context, t *asynq.Task) error {
	slog.InfoContext(ctx, "task", "type", t.Type(), "bytes", len(t.Payload()))
	return nil
}

func consume(ch *amqp.Channel) {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	for d := range msgs {
		log.Printf("delivery %s", d.Body)              // want `AMQP delivery body logged`
		slog.Info("delivery", "text", msghelp.Text(d)) // want `AMQP delivery body logged`
		slog.Info("delivery", "key", msghelp.Kind(d), "id", d.MessageId, "n", len(d.Body))
	}
}

func subscribe(nc *nats.Conn) {
	nc.Subscribe("events.>", func(m *nats.Msg) {
		slog.Debug("event", "data", m.Data) // want `NATS message data logged`
		slog.Debug("event", "subject", m.Subject)
	})
}

func read(ctx context.Context, r *kafka.Reader) {
	m, _ := r.ReadMessage(ctx)
	slog.Info("record", "value", string(m.Value)) // want `Kafka message value logged`
	slog.Info("record", "topic", m.Topic, "offset", m.Offset)
}

func sqsMessages(msgs []types.Message) {
	for _, m := range msgs {
		slog.Info("sqs", "body", *m.Body)              // want `SQS message body logged`
		slog.Info("sqs", "body", aws.ToString(m.Body)) // want `SQS message body logged`
		slog.Info("sqs", "id", aws.ToString(m.MessageId))
	}
}

func lambda(ctx context.Context, ev events.SQSEvent) error {
	for _, r := range ev.Records {
		slog.InfoContext(ctx, "record", "body", r.Body) // want `SQS message body logged`
		slog.InfoContext(ctx, "record", "id", r.MessageId)
	}
	return nil
}

func gateway(ctx context.Context, req events.APIGatewayProxyRequest) {
	slog.InfoContext(ctx, "request", "body", req.Body) // want `API Gateway request body logged`
	slog.InfoContext(ctx, "request", "path", req.Path, "method", req.HTTPMethod)
}

func receive(ctx context.Context, sub *pubsub.Subscription) {
	sub.Receive(ctx, func(ctx context.Context, m *pubsub.Message) {
		slog.InfoContext(ctx, "pubsub", "preview", string(m.Data[:32])) // want `Pub/Sub message data logged`
		slog.InfoContext(ctx, "pubsub", "id", m.ID, "attrs", len(m.Attributes))
		m.Ack()
	})
}

func watermillHandler(msg *message.Message) error {
	slog.Info("message", "payload", string(msg.Payload)) // want `watermill message payload logged`
	slog.Info("message", "uuid", msg.UUID)
	return nil
}

// envelope is the application's own type: a Body field of it is not a queue message's body.
type envelope struct {
	Kind string
	Body string
}

func ownTypes(e envelope) {
	slog.Info("envelope", "kind", e.Kind, "body", e.Body)
}
