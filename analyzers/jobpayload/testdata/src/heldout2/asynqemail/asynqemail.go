// Package asynqemail enqueues welcome e-mails with asynq.
//
// Held-out shape (YongJeong-Kim/go goasynq/client/client.go): the payload struct holds the
// recipient's user id alone, is marshalled with json.Marshal and enqueued as two tasks, one of
// them later. The twin's payload carries the tenant.
package asynqemail

import (
	"encoding/json"
	"time"

	"github.com/hibiken/asynq"
)

type EmailTaskPayload struct { // want `job type EmailTaskPayload has no TenantID field` EmailTaskPayload:`job without tenant`
	// UserID is the recipient.
	UserID int
}

type TenantEmailPayload struct { // want TenantEmailPayload:`job`
	TenantID string
	UserID   int
}

func enqueueWelcome(client *asynq.Client, userID int) error {
	payload, err := json.Marshal(EmailTaskPayload{UserID: userID})
	if err != nil {
		return err
	}
	welcome := asynq.NewTask("email:welcome", payload)
	reminder := asynq.NewTask("email:reminder", payload)
	if _, err := client.Enqueue(welcome); err != nil {
		return err
	}
	_, err = client.Enqueue(reminder, processIn(24*time.Hour))
	return err
}

func enqueueTenantWelcome(client *asynq.Client, tenantID string, userID int) error {
	payload, err := json.Marshal(TenantEmailPayload{TenantID: tenantID, UserID: userID})
	if err != nil {
		return err
	}
	_, err = client.Enqueue(asynq.NewTask("email:welcome", payload))
	return err
}

// processIn stands in for asynq.ProcessIn, which the stand-in does not declare.
func processIn(d time.Duration) asynq.Option { return d }
