// Package river is a stand-in for github.com/riverqueue/river.
package river

import "context"

type JobArgs interface{ Kind() string }

type Job[T JobArgs] struct {
	ID   int64
	Args T
}

type Worker[T JobArgs] interface {
	Work(ctx context.Context, job *Job[T]) error
}

type WorkerDefaults[T JobArgs] struct{}

type InsertOpts struct{ Queue string }

type JobInsertResult struct{}

type Client[TTx any] struct{}

func (c *Client[TTx]) Insert(ctx context.Context, args JobArgs, opts *InsertOpts) (*JobInsertResult, error) {
	return nil, nil
}

func (c *Client[TTx]) InsertTx(ctx context.Context, tx TTx, args JobArgs, opts *InsertOpts) (*JobInsertResult, error) {
	return nil, nil
}

type InsertManyParams struct {
	Args       JobArgs
	InsertOpts *InsertOpts
}

func (c *Client[TTx]) InsertMany(ctx context.Context, params []InsertManyParams) ([]*JobInsertResult, error) {
	return nil, nil
}
