// Package jobs is a stand-in for the tenantvet runtime's jobs package.
package jobs

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
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

func (a TenantArgs) Tenant() tenant.ID { return a.TenantID }

type Signer struct{}

func (s *Signer) Sign(kind string, id tenant.ID, args any) (Payload, error) { return Payload{}, nil }

type Verifier struct{}

func (v *Verifier) Verify(p Payload) error { return nil }

func Run(ctx context.Context, v *Verifier, db tenantdb.Beginner, p Payload,
	handler func(ctx context.Context, tx pgx.Tx, p Payload) error, opts ...tenantdb.Option) error {
	return nil
}

func EncodeTask(p Payload) ([]byte, error) { return nil, nil }
func DecodeTask(b []byte) (Payload, error) { return Payload{}, nil }
