// Package asynqtasks builds its asynq tasks in a method from an id alone.
//
// Held-out shape (a jobs package returned by the code index, repository not named):
// (*Tasks).Process(id) marshals TasksProcessPayload{id}, an unkeyed literal, and returns
// asynq.NewTask("tasks:process", payload) for its caller to enqueue.
package asynqtasks

import (
	"encoding/json"

	"github.com/hibiken/asynq"
)

type Tasks struct{}

type TasksProcessPayload struct { // want `job type TasksProcessPayload has no TenantID field` TasksProcessPayload:`job without tenant`
	ID string
}

func (h *Tasks) Process(id string) (*asynq.Task, error) {
	payload, err := json.Marshal(TasksProcessPayload{id})
	if err != nil {
		return nil, err
	}
	return asynq.NewTask("tasks:process", payload), nil
}

type TenantProcessPayload struct { // want TenantProcessPayload:`job`
	TenantID string
	ID       string
}

func (h *Tasks) ProcessInTenant(tenantID, id string) (*asynq.Task, error) {
	payload, err := json.Marshal(TenantProcessPayload{tenantID, id})
	if err != nil {
		return nil, err
	}
	return asynq.NewTask("tasks:process", payload), nil
}

func run(client *asynq.Client, h *Tasks, tenantID, id string) error {
	t, err := h.Process(id)
	if err != nil {
		return err
	}
	if _, err := client.Enqueue(t); err != nil {
		return err
	}
	t, err = h.ProcessInTenant(tenantID, id)
	if err != nil {
		return err
	}
	_, err = client.Enqueue(t)
	return err
}
