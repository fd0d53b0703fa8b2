package tenant_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"lower", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "7c9e6679-7425-40de-944b-e07fc1f90ae7", true},
		{"upper", "7C9E6679-7425-40DE-944B-E07FC1F90AE7", "7c9e6679-7425-40de-944b-e07fc1f90ae7", true},
		{"empty", "", "", false},
		{"nil uuid", "00000000-0000-0000-0000-000000000000", "", false},
		{"no hyphens", "7c9e6679742540de944be07fc1f90ae7", "", false},
		{"braces", "{7c9e6679-7425-40de-944b-e07fc1f90ae7}", "", false},
		{"urn", "urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7", "", false},
		{"bad hex", "7c9e6679-7425-40de-944b-e07fc1f90aeg", "", false},
		{"misplaced hyphen", "7c9e667-97425-40de-944b-e07fc1f90ae7", "", false},
		{"trailing space", "7c9e6679-7425-40de-944b-e07fc1f90ae7 ", "", false},
		{"sql injection", "7c9e6679-7425-40de-944b-e07fc1f9'--", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := tenant.Parse(tt.in)
			if tt.ok != (err == nil) {
				t.Fatalf("Parse(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if err != nil {
				if !errors.Is(err, tenant.ErrInvalidID) {
					t.Errorf("error %v does not wrap ErrInvalidID", err)
				}
				if !id.IsZero() {
					t.Errorf("failed Parse returned non-zero id")
				}
				return
			}
			if id.String() != tt.want {
				t.Errorf("String() = %q, want %q", id.String(), tt.want)
			}
		})
	}
}

func TestZeroIDIsUnusable(t *testing.T) {
	var id tenant.ID
	if !id.IsZero() || id.String() != "" {
		t.Fatalf("zero id: IsZero=%v String=%q", id.IsZero(), id.String())
	}
	if _, err := id.MarshalText(); !errors.Is(err, tenant.ErrZeroID) {
		t.Errorf("MarshalText error = %v", err)
	}
	if _, err := id.Value(); !errors.Is(err, tenant.ErrZeroID) {
		t.Errorf("Value error = %v", err)
	}
	if _, err := json.Marshal(struct{ T tenant.ID }{}); err == nil {
		t.Errorf("json.Marshal of zero id succeeded")
	}
}

func TestIDEncodings(t *testing.T) {
	id := tenant.MustParse("7C9E6679-7425-40DE-944B-E07FC1F90AE7")
	b, err := json.Marshal(map[string]tenant.ID{"t": id})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"t":"7c9e6679-7425-40de-944b-e07fc1f90ae7"}` {
		t.Fatalf("json = %s", b)
	}
	var back map[string]tenant.ID
	if err := json.Unmarshal(b, &back); err != nil || back["t"] != id {
		t.Fatalf("round trip = %v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"t":"nope"}`), &back); err == nil {
		t.Errorf("json accepted an invalid id")
	}
	v, err := id.Value()
	if err != nil || v != id.String() {
		t.Fatalf("Value = %v, %v", v, err)
	}
	raw := id.Bytes()
	for _, src := range []any{id.String(), []byte(id.String()), raw[:], raw} {
		var got tenant.ID
		if err := got.Scan(src); err != nil || got != id {
			t.Errorf("Scan(%T) = %v, %v", src, got, err)
		}
	}
	for _, src := range []any{nil, 42, "x", make([]byte, 16)} {
		var got tenant.ID
		if err := got.Scan(src); err == nil {
			t.Errorf("Scan(%#v) succeeded", src)
		}
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("MustParse did not panic")
		}
	}()
	tenant.MustParse("not-a-uuid")
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"7c9e6679-7425-40de-944b-e07fc1f90ae7", "7C9E6679-7425-40DE-944B-E07FC1F90AE7",
		"00000000-0000-0000-0000-000000000000", "", "{7c9e6679-7425-40de-944b-e07fc1f90ae7}",
		"7c9e6679742540de944be07fc1f90ae7", "7c9e6679-7425-40de-944b-e07fc1f9'--",
		"ffffffff-ffff-ffff-ffff-ffffffffffff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := tenant.Parse(s)
		if err != nil {
			if !id.IsZero() {
				t.Fatalf("Parse(%q) failed but returned %v", s, id)
			}
			return
		}
		if id.IsZero() {
			t.Fatalf("Parse(%q) returned the zero id", s)
		}
		if !strings.EqualFold(id.String(), s) {
			t.Fatalf("Parse(%q).String() = %q", s, id.String())
		}
		again, err := tenant.Parse(id.String())
		if err != nil || again != id {
			t.Fatalf("canonical form does not round trip: %v %v", again, err)
		}
		var u tenant.ID
		if err := u.UnmarshalText([]byte(s)); err != nil || u != id {
			t.Fatalf("UnmarshalText(%q) = %v, %v", s, u, err)
		}
	})
}
