//tenantvet:file-ignore TV2002 -- tests sign a zero tenant on purpose to prove the verifier rejects it

package jobs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/internal/pgtest"
	"github.com/tenantvet/tenantvet/runtime/jobs"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

var (
	key1    = bytes.Repeat([]byte{1}, 32)
	key2    = bytes.Repeat([]byte{2}, 32)
	keys    = map[string][]byte{"k1": key1, "k2": key2}
	acme    = tenant.MustParse("11111111-1111-4111-8111-111111111111")
	globex  = tenant.MustParse("22222222-2222-4222-8222-222222222222")
	issued  = time.Date(2026, 1, 2, 3, 4, 5, 678901234, time.UTC)
	clockAt = func(t time.Time) func() time.Time { return func() time.Time { return t } }
)

type digestArgs struct {
	ProjectID string `json:"projectId"`
}

func newVerifier(t testing.TB, now time.Time) *jobs.Verifier {
	t.Helper()
	v, err := jobs.NewVerifier(keys, jobs.WithClock(clockAt(now)), jobs.WithMaxAge(time.Hour), jobs.WithMaxSkew(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// signed returns a payload for acme signed with k2 at the fixed issue time.
func signed(t testing.TB) jobs.Payload {
	t.Helper()
	s, err := jobs.NewSigner("k2", keys)
	if err != nil {
		t.Fatal(err)
	}
	jobs.SetSignerClock(s, clockAt(issued))
	p, err := s.Sign("digest.send", acme, digestArgs{ProjectID: "p1"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSignAndVerify(t *testing.T) {
	p := signed(t)
	if p.KeyID != "k2" || p.TenantID != acme || string(p.Args) != `{"projectId":"p1"}` || len(p.Signature) != 32 {
		t.Fatalf("payload = %+v", p)
	}
	if err := newVerifier(t, issued.Add(time.Minute)).Verify(p); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	// Key rotation: a payload signed with the retired key k1 still verifies while k1 is known.
	old, _ := jobs.NewSigner("k1", keys)
	jobs.SetSignerClock(old, clockAt(issued))
	p1, err := old.Sign("digest.send", acme, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := newVerifier(t, issued).Verify(p1); err != nil {
		t.Fatalf("Verify k1: %v", err)
	}
	onlyK2, _ := jobs.NewVerifier(map[string][]byte{"k2": key2}, jobs.WithClock(clockAt(issued)))
	if err := onlyK2.Verify(p1); !errors.Is(err, jobs.ErrUnknownKey) {
		t.Fatalf("retired key: %v, want ErrUnknownKey", err)
	}
}

func TestSignRejectsZeroTenant(t *testing.T) {
	s, _ := jobs.NewSigner("k1", keys)
	if _, err := s.Sign("digest.send", tenant.ID{}, nil); !errors.Is(err, jobs.ErrNoTenant) {
		t.Fatalf("Sign without tenant: %v", err)
	}
}

func TestNewSignerAndVerifierValidateKeys(t *testing.T) {
	if _, err := jobs.NewSigner("k3", keys); err == nil {
		t.Error("NewSigner accepted an active key that is not in the set")
	}
	if _, err := jobs.NewSigner("k", map[string][]byte{"k": []byte("short")}); err == nil {
		t.Error("NewSigner accepted a short key")
	}
	if _, err := jobs.NewVerifier(nil); err == nil {
		t.Error("NewVerifier accepted no keys")
	}
	if _, err := jobs.NewVerifier(keys, jobs.WithMaxAge(0)); err == nil {
		t.Error("NewVerifier accepted a zero max age")
	}
}

func TestVerifyRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(p *jobs.Payload)
		now    time.Time
		want   error
	}{
		{"no tenant", func(p *jobs.Payload) { p.TenantID = tenant.ID{} }, issued, jobs.ErrNoTenant},
		{"other tenant", func(p *jobs.Payload) { p.TenantID = globex }, issued, jobs.ErrBadSignature},
		{"no signature", func(p *jobs.Payload) { p.Signature = nil }, issued, jobs.ErrBadSignature},
		{"flipped bit", func(p *jobs.Payload) { p.Signature[0] ^= 1 }, issued, jobs.ErrBadSignature},
		{"truncated signature", func(p *jobs.Payload) { p.Signature = p.Signature[:31] }, issued, jobs.ErrBadSignature},
		{"other kind", func(p *jobs.Payload) { p.Kind = "digest.delete" }, issued, jobs.ErrBadSignature},
		{"other args", func(p *jobs.Payload) { p.Args = json.RawMessage(`{"projectId":"p2"}`) }, issued, jobs.ErrBadSignature},
		{"reformatted args", func(p *jobs.Payload) { p.Args = json.RawMessage(`{"projectId": "p1"}`) }, issued, jobs.ErrBadSignature},
		{"other issue time", func(p *jobs.Payload) { p.IssuedAt = p.IssuedAt.Add(time.Nanosecond) }, issued, jobs.ErrBadSignature},
		{"other known key id", func(p *jobs.Payload) { p.KeyID = "k1" }, issued, jobs.ErrBadSignature},
		{"unknown key id", func(p *jobs.Payload) { p.KeyID = "k9" }, issued, jobs.ErrUnknownKey},
		{"expired", func(p *jobs.Payload) {}, issued.Add(time.Hour + time.Second), jobs.ErrExpired},
		{"from the future", func(p *jobs.Payload) {}, issued.Add(-2 * time.Minute), jobs.ErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := signed(t)
			p.Signature = bytes.Clone(p.Signature)
			tt.mutate(&p)
			if err := newVerifier(t, tt.now).Verify(p); !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestEncodeDecodeTask(t *testing.T) {
	p := signed(t)
	b, err := jobs.EncodeTask(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := jobs.DecodeTask(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := newVerifier(t, issued).Verify(got); err != nil {
		t.Fatalf("decoded payload does not verify: %v (%s)", err, b)
	}
	if _, err := jobs.EncodeTask(jobs.Payload{Kind: "x"}); err == nil {
		t.Error("EncodeTask accepted a payload without tenant")
	}
	noTenant, err := jobs.DecodeTask([]byte(`{"kind":"x","tenantId":"","args":null,"issuedAt":"2026-01-02T03:04:05Z","keyId":"k1","signature":null}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := newVerifier(t, issued).Verify(noTenant); !errors.Is(err, jobs.ErrNoTenant) {
		t.Errorf("task without tenant: %v, want ErrNoTenant", err)
	}
	for _, bad := range []string{`{"kind":"x","tenantId":"nope"}`, `{"kind":"x","extra":1}`, `{} {}`, `[`} {
		if _, err := jobs.DecodeTask([]byte(bad)); err == nil {
			t.Errorf("DecodeTask(%s) succeeded", bad)
		}
	}
}

func TestTenantArgs(t *testing.T) {
	type args struct {
		jobs.TenantArgs
		ProjectID string `json:"projectId"`
	}
	b, err := json.Marshal(args{TenantArgs: jobs.TenantArgs{TenantID: acme}, ProjectID: "p1"})
	if err != nil || string(b) != `{"tenantId":"11111111-1111-4111-8111-111111111111","projectId":"p1"}` {
		t.Fatalf("json = %s, %v", b, err)
	}
	var back args
	if err := json.Unmarshal(b, &back); err != nil || back.Tenant() != acme {
		t.Fatalf("round trip = %+v, %v", back, err)
	}
}

type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	q.n.Add(1)
	return ctx
}

func (q *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func TestRun(t *testing.T) {
	env := pgtest.New(t)
	cfg := env.AppConfig()
	var queries queryCounter
	cfg.Tracer = &queries
	pool := env.PoolConfig(t, cfg, 2)
	ctx := context.Background()
	acmeID := env.NewTenant(t, "acme")
	globexID := env.NewTenant(t, "globex")
	s, _ := jobs.NewSigner("k1", keys)
	v, _ := jobs.NewVerifier(keys)
	for _, id := range []tenant.ID{acmeID, globexID} {
		p, err := s.Sign("project.create", id, digestArgs{ProjectID: "p-" + id.String()[:4]})
		if err != nil {
			t.Fatal(err)
		}
		err = jobs.Run(ctx, v, pool, p, func(ctx context.Context, tx pgx.Tx, p jobs.Payload) error {
			var a digestArgs
			if err := json.Unmarshal(p.Args, &a); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, $2)", p.TenantID, a.ProjectID)
			return err
		})
		if err != nil {
			t.Fatalf("Run for %v: %v", id, err)
		}
	}

	p, _ := s.Sign("digest.send", acmeID, nil)
	var sawTenant tenant.Context
	var names []string
	err := jobs.Run(ctx, v, pool, p, func(ctx context.Context, tx pgx.Tx, p jobs.Payload) error {
		sawTenant, _ = tenant.FromContext(ctx)
		// A worker that "searches globally" still sees only its own tenant.
		rows, err := tx.Query(ctx, "SELECT name FROM projects")
		if err != nil {
			return err
		}
		names, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if sawTenant.TenantID != acmeID || sawTenant.RequestID == "" {
		t.Errorf("tenant context = %+v", sawTenant)
	}
	if len(names) != 1 || names[0] != "p-"+acmeID.String()[:4] {
		t.Errorf("acme digest saw projects %v", names)
	}

	t.Run("task", func(t *testing.T) {
		task, err := jobs.EncodeTask(p)
		if err != nil {
			t.Fatal(err)
		}
		var saw tenant.ID
		err = jobs.RunTask(ctx, v, pool, "digest.send", task, func(ctx context.Context, tx pgx.Tx, p jobs.Payload) error {
			saw = p.TenantID
			return nil
		})
		if err != nil || saw != acmeID {
			t.Fatalf("RunTask = %v, tenant %v", err, saw)
		}
		before := queries.n.Load()
		for name, c := range map[string]struct {
			kind string
			task []byte
			want error
		}{
			"replayed as another kind": {"tenant.delete", task, jobs.ErrWrongKind},
			"forged tenant":            {"digest.send", bytes.Replace(task, []byte(acmeID.String()), []byte(globexID.String()), 1), jobs.ErrBadSignature},
			"not a task":               {"digest.send", []byte("{"), nil},
		} {
			err := jobs.RunTask(ctx, v, pool, c.kind, c.task, func(context.Context, pgx.Tx, jobs.Payload) error {
				t.Errorf("%s: handler ran", name)
				return nil
			})
			if err == nil || c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", name, err, c.want)
			}
		}
		if n := queries.n.Load() - before; n != 0 {
			t.Errorf("%d queries ran for rejected tasks", n)
		}
	})

	t.Run("rejected before any query", func(t *testing.T) {
		other, _ := jobs.NewSigner("k9", map[string][]byte{"k9": bytes.Repeat([]byte{9}, 32)})
		unknown, _ := other.Sign("digest.send", acmeID, nil)
		old, _ := jobs.NewSigner("k1", keys)
		jobs.SetSignerClock(old, clockAt(time.Now().Add(-48*time.Hour)))
		expired, _ := old.Sign("digest.send", acmeID, nil)
		forged := p
		forged.TenantID = globexID
		noTenant := p
		noTenant.TenantID = tenant.ID{}
		bad := map[string]struct {
			p    jobs.Payload
			want error
		}{
			"no tenant":     {noTenant, jobs.ErrNoTenant},
			"bad signature": {forged, jobs.ErrBadSignature},
			"unknown key":   {unknown, jobs.ErrUnknownKey},
			"expired":       {expired, jobs.ErrExpired},
		}
		before := queries.n.Load()
		for name, c := range bad {
			err := jobs.Run(ctx, v, pool, c.p, func(context.Context, pgx.Tx, jobs.Payload) error {
				t.Errorf("%s: handler ran", name)
				return nil
			})
			if !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", name, err, c.want)
			}
		}
		if n := queries.n.Load() - before; n != 0 {
			t.Errorf("%d queries ran for rejected jobs", n)
		}
	})
}
