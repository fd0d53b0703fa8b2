// Package asynq is a stand-in for github.com/hibiken/asynq v0.26.0 (the parts the tests use).
package asynq

import "context"

// Task represents a unit of work to be performed.
type Task struct {
	typename string
	payload  []byte
}

// NewTask returns a new Task given a type name and payload data.
func NewTask(typename string, payload []byte) *Task { return &Task{typename, payload} }

func (t *Task) Type() string    { return t.typename }
func (t *Task) Payload() []byte { return t.payload }

// Handler processes tasks.
type Handler interface {
	ProcessTask(context.Context, *Task) error
}
