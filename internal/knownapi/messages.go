package knownapi

import (
	"go/types"
	"slices"
)

// A MessageBody is where a queue, stream or event library hands its consumer the body of a
// message: a field of the message type, or a method of it returning the body. The body is the
// producer's data, often a tenant's own content, and is as sensitive in a log as a request body.
type MessageBody struct {
	Pkg, Type string
	Member    string // field or method name
	Method    bool
	Desc      string // as messages name it
}

// MessageBodies are the message bodies logredact follows (TV3003). Signatures checked against
// asynq v0.26.0, amqp091-go v1.17.0, nats.go v1.56.0, kafka-go v0.4.51, sarama v1.61.1,
// cloud.google.com/go/pubsub v1.52.0 (its Message is an alias of the internal package's),
// aws-lambda-go v1.55.1, aws-sdk-go-v2/service/sqs v1.53.0, confluent-kafka-go v2.11.1 and
// watermill v1.5.1.
var MessageBodies = []MessageBody{
	{AsynqPkg, "Task", "Payload", true, "asynq task payload"},
	{"github.com/rabbitmq/amqp091-go", "Delivery", "Body", false, "AMQP delivery body"},
	{"github.com/streadway/amqp", "Delivery", "Body", false, "AMQP delivery body"},
	{"github.com/nats-io/nats.go", "Msg", "Data", false, "NATS message data"},
	{"github.com/segmentio/kafka-go", "Message", "Value", false, "Kafka message value"},
	{"github.com/IBM/sarama", "ConsumerMessage", "Value", false, "Kafka message value"},
	{"github.com/Shopify/sarama", "ConsumerMessage", "Value", false, "Kafka message value"},
	{"github.com/confluentinc/confluent-kafka-go/v2/kafka", "Message", "Value", false, "Kafka message value"},
	{"cloud.google.com/go/pubsub", "Message", "Data", false, "Pub/Sub message data"},
	{"cloud.google.com/go/internal/pubsub", "Message", "Data", false, "Pub/Sub message data"},
	{"github.com/aws/aws-sdk-go-v2/service/sqs/types", "Message", "Body", false, "SQS message body"},
	{"github.com/aws/aws-lambda-go/events", "SQSMessage", "Body", false, "SQS message body"},
	{"github.com/aws/aws-lambda-go/events", "SNSEntity", "Message", false, "SNS message"},
	{"github.com/aws/aws-lambda-go/events", "KafkaRecord", "Value", false, "Kafka record value"},
	{"github.com/aws/aws-lambda-go/events", "APIGatewayProxyRequest", "Body", false, "API Gateway request body"},
	{"github.com/aws/aws-lambda-go/events", "APIGatewayV2HTTPRequest", "Body", false, "API Gateway request body"},
	{"github.com/aws/aws-lambda-go/events", "LambdaFunctionURLRequest", "Body", false, "function URL request body"},
	{"github.com/ThreeDotsLabs/watermill/message", "Message", "Payload", false, "watermill message payload"},
}

// MessageBodyField reports whether field of the struct type t (or a pointer to it) holds a
// message body, and how to name it.
func MessageBodyField(t types.Type, field string) (string, bool) {
	return messageBody(t, field, false)
}

// MessageBodyMethod reports whether fn is a method returning a message body.
func MessageBodyMethod(fn *types.Func) (string, bool) {
	if fn == nil {
		return "", false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return "", false
	}
	return messageBody(recv.Type(), fn.Name(), true)
}

func messageBody(t types.Type, member string, method bool) (string, bool) {
	i := slices.IndexFunc(MessageBodies, func(m MessageBody) bool {
		return m.Member == member && m.Method == method && IsNamed(t, m.Pkg, m.Type)
	})
	if i < 0 {
		return "", false
	}
	return MessageBodies[i].Desc, true
}
