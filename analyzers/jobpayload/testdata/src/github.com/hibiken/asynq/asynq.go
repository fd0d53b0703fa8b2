// Package asynq is a stand-in for github.com/hibiken/asynq.
package asynq

import "context"

type Option interface{}

type Task struct{ typename string }

func NewTask(typename string, payload []byte, opts ...Option) *Task { return &Task{typename} }

func (t *Task) Type() string    { return t.typename }
func (t *Task) Payload() []byte { return nil }

type TaskInfo struct{}

type Client struct{}

func (c *Client) Enqueue(task *Task, opts ...Option) (*TaskInfo, error) { return nil, nil }
func (c *Client) EnqueueContext(ctx context.Context, task *Task, opts ...Option) (*TaskInfo, error) {
	return nil, nil
}

type Handler interface {
	ProcessTask(context.Context, *Task) error
}

type HandlerFunc func(context.Context, *Task) error

func (fn HandlerFunc) ProcessTask(ctx context.Context, task *Task) error { return fn(ctx, task) }

type ServeMux struct{}

func NewServeMux() *ServeMux { return &ServeMux{} }

func (mux *ServeMux) Handle(pattern string, handler Handler)                                {}
func (mux *ServeMux) HandleFunc(pattern string, handler func(context.Context, *Task) error) {}
