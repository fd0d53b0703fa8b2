package jobs_test

import (
	"bytes"
	"testing"

	"github.com/tenantvet/tenantvet/runtime/jobs"
)

// FuzzVerify decodes arbitrary task bytes and verifies them. It must never panic, and it must
// never accept anything but the exact payloads signed here: the fuzzer does not know the key, so
// any accepted payload that differs from a signed one is a forgery.
func FuzzVerify(f *testing.F) {
	p := signed(f)
	originals := []jobs.Payload{p}
	for _, q := range originals {
		b, err := jobs.EncodeTask(q)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(bytes.Replace(b, []byte("digest"), []byte("delete"), 1))
		f.Add(bytes.Replace(b, []byte("11111111-1111-4111-8111-111111111111"), []byte("22222222-2222-4222-8222-222222222222"), 1))
		f.Add(bytes.Replace(b, []byte(`"k2"`), []byte(`"k1"`), 1))
		f.Add(bytes.Replace(b, []byte(`"p1"`), []byte(` "p1" `), 1))
		f.Add(bytes.Replace(b, []byte("678901234"), []byte("678901235"), 1))
		f.Add(bytes.Replace(b, []byte(`"tenantId":"11111111-1111-4111-8111-111111111111"`), []byte(`"tenantId":""`), 1))
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"kind":"x","tenantId":"11111111-1111-4111-8111-111111111111","signature":"AAAA"}`))
	v := newVerifier(f, issued)
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := jobs.DecodeTask(b)
		if err != nil {
			return
		}
		if err := v.Verify(q); err != nil {
			return
		}
		for _, o := range originals {
			if q.Kind == o.Kind && q.TenantID == o.TenantID && bytes.Equal(q.Args, o.Args) &&
				q.IssuedAt.Equal(o.IssuedAt) && q.KeyID == o.KeyID && bytes.Equal(q.Signature, o.Signature) {
				return
			}
		}
		t.Fatalf("accepted a payload that was never signed: %+v", q)
	})
}
