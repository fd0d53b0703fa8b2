// Package jobs is a stand-in for the tenantvet runtime's jobs package.
package jobs

import (
	"encoding/json"
	"time"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type Payload struct {
	Kind      string
	TenantID  tenant.ID
	Args      json.RawMessage
	IssuedAt  time.Time
	KeyID     string
	Signature []byte
}

type TenantArgs struct{ TenantID tenant.ID }

type Signer struct{}

func (s *Signer) Sign(kind string, id tenant.ID, args any) (Payload, error) { return Payload{}, nil }
