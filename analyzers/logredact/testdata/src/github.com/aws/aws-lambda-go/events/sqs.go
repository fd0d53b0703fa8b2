// Package events is a stand-in for github.com/aws/aws-lambda-go/events v1.55.1.
package events

type SQSEvent struct {
	Records []SQSMessage `json:"Records"`
}

type SQSMessage struct {
	MessageId     string            `json:"messageId"`
	ReceiptHandle string            `json:"receiptHandle"`
	Body          string            `json:"body"`
	Md5OfBody     string            `json:"md5OfBody"`
	Attributes    map[string]string `json:"attributes"`
	EventSource   string            `json:"eventSource"`
}

type APIGatewayProxyRequest struct {
	Resource   string            `json:"resource"`
	Path       string            `json:"path"`
	HTTPMethod string            `json:"httpMethod"`
	Headers    map[string]string `json:"headers"`
	Body       string            `json:"body"`
}
