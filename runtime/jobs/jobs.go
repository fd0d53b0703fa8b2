// Package jobs defines a signed background-job payload that always carries the verified tenant,
// and Run, which verifies a payload and sets the tenant again before the handler touches data.
//
// A job that holds only an object id and searches for it globally is the classic cross-tenant
// leak. A Payload names its tenant, and the Signer's HMAC covers the kind, the tenant, the
// arguments, the issue time and the key id, so a worker can trust the tenant it reads:
//
//	signer, _ := jobs.NewSigner("k2", map[string][]byte{"k1": oldKey, "k2": newKey})
//	p, err := signer.Sign("digest.send", tc.TenantID, DigestArgs{ProjectID: id})
//	task, err := jobs.EncodeTask(p) // []byte for a queue
//
//	verifier, _ := jobs.NewVerifier(keys, jobs.WithMaxAge(24*time.Hour))
//	p, err := jobs.DecodeTask(task)
//	err = jobs.Run(ctx, verifier, pool, p, func(ctx context.Context, tx pgx.Tx, p jobs.Payload) error {
//		// tx is scoped to p.TenantID; tenant.FromContext(ctx) reports it too.
//	})
//
// # Queues
//
// This package depends on no queue library. EncodeTask turns a signed payload into bytes for
// any queue, and RunTask decodes, verifies and runs them on the worker, checking that the
// payload was signed for the task type the handler serves. With asynq:
//
//	p, err := signer.Sign("digest.send", tc.TenantID, DigestArgs{ProjectID: id})
//	task, err := jobs.EncodeTask(p)
//	client.Enqueue(asynq.NewTask("digest.send", task))
//
//	mux.HandleFunc("digest.send", func(ctx context.Context, t *asynq.Task) error {
//		err := jobs.RunTask(ctx, verifier, pool, t.Type(), t.Payload(), sendDigest)
//		if errors.Is(err, jobs.ErrBadSignature) || errors.Is(err, jobs.ErrNoTenant) {
//			return fmt.Errorf("%w: %w", err, asynq.SkipRetry) // retrying cannot fix it
//		}
//		return err
//	})
//
// With river, whose job arguments are plain structs with a Kind method, carry the encoded task
// as the arguments:
//
//	type DigestJob struct {
//		Task []byte `json:"task"` // jobs.EncodeTask of a payload signed for "digest.send"
//	}
//	func (DigestJob) Kind() string { return "digest.send" }
//
//	func (w *DigestWorker) Work(ctx context.Context, job *river.Job[DigestJob]) error {
//		return jobs.RunTask(ctx, w.verifier, w.pool, job.Args.Kind(), job.Args.Task, sendDigest)
//	}
//
// Where the producer and the queue are as trusted as the worker, embedding TenantArgs in the
// job arguments is the lighter contract: every job names its tenant, and the worker runs
// tenantdb.WithTenant(ctx, pool, job.Args.TenantID, ...), which rejects the zero tenant, so a
// job enqueued without one fails instead of running unscoped.
package jobs

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Errors returned by Verify and Run.
var (
	// ErrNoTenant means the payload has no tenant id.
	ErrNoTenant = errors.New("job payload has no tenant id")
	// ErrBadSignature means the signature is missing or does not match.
	ErrBadSignature = errors.New("job payload signature is missing or invalid")
	// ErrUnknownKey means the payload was signed with a key id the verifier does not know.
	ErrUnknownKey = errors.New("job payload signed with an unknown key")
	// ErrExpired means the payload is older than the maximum age or issued in the future.
	ErrExpired = errors.New("job payload expired or issued in the future")
	// ErrWrongKind means a validly signed payload arrived under another task type than the one
	// it was signed for, for example a digest job replayed as a delete job.
	ErrWrongKind = errors.New("job payload kind does not match the task type")
)

// MinKeyLen is the minimum length of a signing key in bytes.
const MinKeyLen = 32

// Payload is a background job that carries its tenant. Its JSON form is what EncodeTask
// writes.
type Payload struct {
	Kind      string          `json:"kind"`
	TenantID  tenant.ID       `json:"tenantId"`
	Args      json.RawMessage `json:"args"`
	IssuedAt  time.Time       `json:"issuedAt"`
	KeyID     string          `json:"keyId"`
	Signature []byte          `json:"signature"`
}

// TenantArgs is embeddable in queue job arguments (for example river JobArgs) so that every job
// names its tenant.
type TenantArgs struct {
	TenantID tenant.ID `json:"tenantId"`
}

// Tenant returns the tenant id.
func (a TenantArgs) Tenant() tenant.ID { return a.TenantID }

// copyKeys validates and copies a key set so callers cannot change it afterwards.
func copyKeys(keys map[string][]byte) (map[string][]byte, error) {
	if len(keys) == 0 {
		return nil, errors.New("no keys")
	}
	out := make(map[string][]byte, len(keys))
	for id, k := range keys {
		if id == "" {
			return nil, errors.New("empty key id")
		}
		if len(k) < MinKeyLen {
			return nil, fmt.Errorf("key %q: %d bytes, want at least %d", id, len(k), MinKeyLen)
		}
		out[id] = bytes.Clone(k)
	}
	return out, nil
}

// Signer signs payloads with the active key. Keep retired keys in the Verifier's key set until
// the jobs signed with them have run.
type Signer struct {
	keyID string
	key   []byte
	now   func() time.Time
}

// NewSigner returns a Signer that signs with keys[activeKeyID]. Keys must be at least
// MinKeyLen bytes.
func NewSigner(activeKeyID string, keys map[string][]byte) (*Signer, error) {
	ks, err := copyKeys(keys)
	if err != nil {
		return nil, fmt.Errorf("new signer: %w", err)
	}
	k, ok := ks[activeKeyID]
	if !ok {
		return nil, fmt.Errorf("new signer: active key %q: %w", activeKeyID, ErrUnknownKey)
	}
	return &Signer{keyID: activeKeyID, key: k, now: time.Now}, nil
}

// Sign marshals args to JSON and returns a signed payload for tenant id.
func (s *Signer) Sign(kind string, id tenant.ID, args any) (Payload, error) {
	if id.IsZero() {
		return Payload{}, fmt.Errorf("sign %s job: %w", kind, ErrNoTenant)
	}
	if kind == "" {
		return Payload{}, errors.New("sign job: empty kind")
	}
	raw, err := json.Marshal(args)
	if err != nil {
		return Payload{}, fmt.Errorf("sign %s job: marshal args: %w", kind, err)
	}
	p := Payload{
		Kind:     kind,
		TenantID: id,
		Args:     raw,
		IssuedAt: s.now().UTC().Round(0),
		KeyID:    s.keyID,
	}
	p.Signature = mac(s.key, p)
	return p, nil
}

// mac computes HMAC-SHA256 over an unambiguous encoding of the signed fields: a version tag,
// then each field as an 8-byte big-endian length followed by its bytes, and the issue time in
// Unix nanoseconds.
func mac(key []byte, p Payload) []byte {
	h := hmac.New(sha256.New, key)
	var n [8]byte
	field := func(b []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	field([]byte("tenantvet.jobs.v1"))
	field([]byte(p.KeyID))
	field([]byte(p.Kind))
	field([]byte(p.TenantID.String()))
	field(p.Args)
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(p.IssuedAt.UnixNano()))
	field(ts[:])
	return h.Sum(nil)
}

// Verifier checks payload signatures and ages.
type Verifier struct {
	keys    map[string][]byte
	maxAge  time.Duration
	maxSkew time.Duration
	now     func() time.Time
}

// VerifierOption configures a Verifier.
type VerifierOption func(*Verifier) error

// WithMaxAge sets how old a payload may be (default 24h). Cover the queue's retry window.
func WithMaxAge(d time.Duration) VerifierOption {
	return func(v *Verifier) error {
		if d <= 0 {
			return fmt.Errorf("max age %v: must be positive", d)
		}
		v.maxAge = d
		return nil
	}
}

// WithMaxSkew sets how far in the future a payload's issue time may be (default 1m), to
// tolerate clock differences between producers and workers.
func WithMaxSkew(d time.Duration) VerifierOption {
	return func(v *Verifier) error {
		if d < 0 {
			return fmt.Errorf("max skew %v: must not be negative", d)
		}
		v.maxSkew = d
		return nil
	}
}

// WithClock sets the clock (default time.Now); for tests.
func WithClock(now func() time.Time) VerifierOption {
	return func(v *Verifier) error {
		if now == nil {
			return errors.New("nil clock")
		}
		v.now = now
		return nil
	}
}

// NewVerifier returns a Verifier accepting payloads signed with any of keys.
func NewVerifier(keys map[string][]byte, opts ...VerifierOption) (*Verifier, error) {
	ks, err := copyKeys(keys)
	if err != nil {
		return nil, fmt.Errorf("new verifier: %w", err)
	}
	v := &Verifier{keys: ks, maxAge: 24 * time.Hour, maxSkew: time.Minute, now: time.Now}
	for _, o := range opts {
		if err := o(v); err != nil {
			return nil, fmt.Errorf("new verifier: %w", err)
		}
	}
	return v, nil
}

// Verify checks that p names a tenant, is signed with a known key, has a valid signature
// (compared in constant time) and is neither older than the maximum age nor issued in the
// future beyond the allowed skew. Errors wrap ErrNoTenant, ErrUnknownKey, ErrBadSignature or
// ErrExpired.
func (v *Verifier) Verify(p Payload) error {
	if p.TenantID.IsZero() {
		return fmt.Errorf("verify %q job: %w", truncate(p.Kind), ErrNoTenant)
	}
	if len(p.Signature) != sha256.Size {
		return fmt.Errorf("verify %q job: %w", truncate(p.Kind), ErrBadSignature)
	}
	key, ok := v.keys[p.KeyID]
	if !ok {
		return fmt.Errorf("verify %q job: key %q: %w", truncate(p.Kind), truncate(p.KeyID), ErrUnknownKey)
	}
	if !hmac.Equal(mac(key, p), p.Signature) {
		return fmt.Errorf("verify %q job: %w", truncate(p.Kind), ErrBadSignature)
	}
	now := v.now()
	if p.IssuedAt.IsZero() || now.Sub(p.IssuedAt) > v.maxAge || p.IssuedAt.Sub(now) > v.maxSkew {
		return fmt.Errorf("verify %q job issued at %s: %w", truncate(p.Kind), p.IssuedAt.Format(time.RFC3339), ErrExpired)
	}
	return nil
}

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// Run verifies p and runs handler inside tenantdb.WithTenant for p's tenant, with the tenant
// also stored in ctx (tenant.NewContext). Nothing touches db when verification fails.
func Run(ctx context.Context, v *Verifier, db tenantdb.Beginner, p Payload,
	handler func(ctx context.Context, tx pgx.Tx, p Payload) error, opts ...tenantdb.Option) error {
	if err := v.Verify(p); err != nil {
		return fmt.Errorf("run job: %w", err)
	}
	ctx = tenant.NewContext(ctx, tenant.Context{TenantID: p.TenantID, RequestID: tenant.NewRequestID()})
	return tenantdb.WithTenant(ctx, db, p.TenantID, func(tx pgx.Tx) error {
		return handler(ctx, tx, p)
	}, opts...)
}

// RunTask decodes task (bytes written by EncodeTask), verifies it, checks that it was signed
// for kind, and runs handler as Run does. It is the adapter for queues that dispatch on a task
// type: pass the type the handler is registered for (asynq's Task.Type(), river's
// JobArgs.Kind()) so that a payload signed for one kind cannot be replayed under another.
// Nothing touches db when any check fails.
func RunTask(ctx context.Context, v *Verifier, db tenantdb.Beginner, kind string, task []byte,
	handler func(ctx context.Context, tx pgx.Tx, p Payload) error, opts ...tenantdb.Option) error {
	p, err := DecodeTask(task)
	if err != nil {
		return fmt.Errorf("run %q task: %w", truncate(kind), err)
	}
	if err := v.Verify(p); err != nil {
		return fmt.Errorf("run %q task: %w", truncate(kind), err)
	}
	if p.Kind != kind {
		return fmt.Errorf("run %q task signed for %q: %w", truncate(kind), truncate(p.Kind), ErrWrongKind)
	}
	return Run(ctx, v, db, p, handler, opts...)
}

// EncodeTask encodes p as JSON bytes for a queue payload (asynq.NewTask and the like).
func EncodeTask(p Payload) ([]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode %q task: %w", truncate(p.Kind), err)
	}
	return b, nil
}

// DecodeTask decodes bytes written by EncodeTask. It does not verify the payload: pass the
// result to Run or Verifier.Verify.
func DecodeTask(b []byte) (Payload, error) {
	var p Payload
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Payload{}, fmt.Errorf("decode task: %w", err)
	}
	if dec.More() {
		return Payload{}, errors.New("decode task: trailing data")
	}
	return p, nil
}
