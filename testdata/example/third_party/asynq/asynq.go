// Package asynq is a stand-in for github.com/hibiken/asynq v0.26.0: only the signatures the
// example service uses.
package asynq

import "context"

// Task represents a unit of work to be performed.
type Task struct {
	typename string
	payload  []byte
}

// NewTask returns a new Task given a type name and payload data.
func NewTask(typename string, payload []byte, opts ...Option) *Task {
	return &Task{typename: typename, payload: payload}
}

// Type returns the task's type name.
func (t *Task) Type() string { return t.typename }

// Payload returns the task's payload.
func (t *Task) Payload() []byte { return t.payload }

// Option specifies the task processing behavior.
type Option interface{ String() string }

// Handler processes tasks.
type Handler interface {
	ProcessTask(context.Context, *Task) error
}

// ServeMux is asynq's task multiplexer.
type ServeMux struct{ m map[string]Handler }

// NewServeMux allocates and returns a new ServeMux.
func NewServeMux() *ServeMux { return &ServeMux{m: map[string]Handler{}} }

// Handle registers the handler for the given pattern.
func (mux *ServeMux) Handle(pattern string, handler Handler) { mux.m[pattern] = handler }
