// Package river is a stand-in for github.com/riverqueue/river holding only the signatures the
// example service uses. It is not the real queue.
package river

import "context"

// JobArgs is implemented by every job payload.
type JobArgs interface{ Kind() string }

// Job is a job being worked.
type Job[T JobArgs] struct {
	ID   int64
	Args T
}

// Worker works jobs of one kind.
type Worker[T JobArgs] interface {
	Work(ctx context.Context, job *Job[T]) error
}

// WorkerDefaults gives a worker default methods.
type WorkerDefaults[T JobArgs] struct{}

// InsertOpts are options of an insert.
type InsertOpts struct{ Queue string }

// JobInsertResult is the result of an insert.
type JobInsertResult struct{}

// Client inserts jobs.
type Client[TTx any] struct{}

// Insert enqueues a job.
func (c *Client[TTx]) Insert(ctx context.Context, args JobArgs, opts *InsertOpts) (*JobInsertResult, error) {
	return &JobInsertResult{}, nil
}

// InsertTx enqueues a job in a transaction.
func (c *Client[TTx]) InsertTx(ctx context.Context, tx TTx, args JobArgs, opts *InsertOpts) (*JobInsertResult, error) {
	return &JobInsertResult{}, nil
}

// InsertManyParams is one job of InsertMany.
type InsertManyParams struct {
	Args       JobArgs
	InsertOpts *InsertOpts
}

// InsertMany enqueues several jobs.
func (c *Client[TTx]) InsertMany(ctx context.Context, params []InsertManyParams) ([]*JobInsertResult, error) {
	return nil, nil
}
