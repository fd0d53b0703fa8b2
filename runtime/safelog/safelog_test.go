//tenantvet:file-ignore logredact -- tests log secrets on purpose to prove the handler redacts them

package safelog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/runtime/safelog"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Every secret in these tests contains "SECRET" followed by a number; the output must contain
// none of them.
const marker = "SECRET"

type tokenValuer struct{}

func (tokenValuer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("token", marker+"-valuer"), slog.String("kind", "oauth"))
}

type chainValuer struct{}

func (chainValuer) LogValue() slog.Value { return slog.AnyValue(tokenValuer{}) }

type credentials struct {
	Name     string
	Password string
	APIKey   string `json:"apiKey"`
	Nested   map[string]any
	hidden   string
}

type handlerCase struct {
	name string
	new  func(*bytes.Buffer, *safelog.Options) slog.Handler
}

var handlers = []handlerCase{
	{"json", func(b *bytes.Buffer, o *safelog.Options) slog.Handler {
		return safelog.NewHandler(slog.NewJSONHandler(b, nil), o)
	}},
	{"text", func(b *bytes.Buffer, o *safelog.Options) slog.Handler {
		return safelog.NewHandler(slog.NewTextHandler(b, nil), o)
	}},
}

func sensitiveRequest() *http.Request {
	r := httptest.NewRequest("POST", "https://acme.example.com/api/projects?access_token="+marker+"-query#frag",
		strings.NewReader(`{"password":"`+marker+`-body"}`))
	r.Header.Set("Authorization", "Bearer "+marker+"-authz")
	r.Header.Set("Cookie", "session="+marker+"-cookie")
	return r
}

func TestNoSensitiveValueIsWritten(t *testing.T) {
	logAll := func(l *slog.Logger) {
		l.Info("top level",
			"authorization", "Bearer "+marker+"-1",
			"Cookie", marker+"-2",
			"Set-Cookie", marker+"-3",
			"password", marker+"-4",
			"passwd", marker+"-5",
			"secret", marker+"-6",
			"client_secret", marker+"-7",
			"token", marker+"-8",
			"access_token", marker+"-9",
			"refresh_token", marker+"-10",
			"id_token", marker+"-11",
			"api_key", marker+"-12",
			"apiKey", marker+"-13",
			"X-API-KEY", marker+"-14",
			"private_key", marker+"-15",
			"prompt", marker+"-16",
			"Client.Secret", marker+"-17",
			"db_password", marker+"-18",
			"tokens", []string{marker + "-19"},
			"ssn", marker+"-20",
		)
		l.Info("groups",
			slog.Group("user", "name", "alice", "password", marker+"-g1",
				slog.Group("oauth", "refresh-token", marker+"-g2")),
			slog.Group("apiKey", "value", marker+"-g3"),
		)
		l.Info("valuers", "auth", tokenValuer{}, "chain", chainValuer{})
		l.Info("maps",
			"m", map[string]string{"token": marker + "-m1", "plan": "growth"},
			"any", map[string]any{"nested": map[string]any{"api_key": marker + "-m2"}},
			"list", []map[string]string{{"secret": marker + "-m3"}},
			"anys", []any{map[string]string{"Authorization": marker + "-m4"}},
		)
		l.Info("structs",
			"creds", credentials{Name: "alice", Password: marker + "-s1", APIKey: marker + "-s2",
				Nested: map[string]any{"cookie": marker + "-s3"}, hidden: marker + "-s4"},
			"ptr", &credentials{Password: marker + "-s5"},
		)
		l.Info("http",
			"req", sensitiveRequest(),
			"headers", http.Header{"Authorization": {marker + "-h1"}, "X-Session-Id": {marker + "-h2"},
				"Proxy-Authorization": {marker + "-h3"}, "Accept": {"text/html"}},
			"url", &url.URL{Scheme: "https", User: url.UserPassword("u", marker+"-u1"), Host: "example.com", Path: "/cb", RawQuery: "code=" + marker + "-u2"},
			"body", []byte(`{"password":"`+marker+`-b1"}`),
			"raw", json.RawMessage(`{"token":"`+marker+`-b2"}`),
			"buffer", bytes.NewBufferString(`{"password":"`+marker+`-r1"}`),
			"reader", strings.NewReader(marker+"-r2"),
			"reqvalue", *sensitiveRequest(),
			"resp", &http.Response{StatusCode: 200, Header: http.Header{"Set-Cookie": {"sid=" + marker + "-r3"}},
				Body: io.NopCloser(strings.NewReader(marker + "-r4")), Request: sensitiveRequest()},
			"inmap", map[string]any{"body": strings.NewReader(marker + "-r5")},
		)
		l.With("password", marker+"-w1").WithGroup("g").With("token", marker+"-w2").Info("with", "prompt", marker+"-w3")
	}
	for _, hc := range handlers {
		t.Run(hc.name, func(t *testing.T) {
			var buf bytes.Buffer
			logAll(slog.New(hc.new(&buf, &safelog.Options{ExtraKeys: []string{"SSN"}})))
			out := buf.String()
			if strings.Contains(out, marker) {
				for _, line := range strings.Split(out, "\n") {
					if strings.Contains(line, marker) {
						t.Errorf("sensitive value written: %s", line)
					}
				}
			}
			for _, want := range []string{"alice", "growth", "oauth", "text/html", "[REDACTED]", "POST", "/api/projects", "acme.example.com", "bytes omitted"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q (over-redaction?):\n%s", want, out)
				}
			}
		})
	}
}

func TestNonSensitiveKeysAreKept(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(safelog.NewHandler(slog.NewJSONHandler(&buf, nil), nil))
	l.Info("ok", "user_id", "u1", "project", "p1", "count", 3, "token_count", 12)
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m["user_id"] != "u1" || m["project"] != "p1" || m["count"] != 3.0 || m["token_count"] != 12.0 {
		t.Fatalf("record = %v", m)
	}
}

func TestTenantAndRequestID(t *testing.T) {
	id := tenant.MustParse("11111111-1111-4111-8111-111111111111")
	ctx := tenant.NewContext(context.Background(), tenant.Context{TenantID: id, UserID: "u1", RequestID: "req-9"})
	var buf bytes.Buffer
	l := slog.New(safelog.NewHandler(slog.NewJSONHandler(&buf, nil), nil))
	l.WithGroup("app").InfoContext(ctx, "created", "project", "p1")
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m["tenant_id"] != id.String() || m["request_id"] != "req-9" {
		t.Fatalf("record = %v, want tenant_id and request_id at the top level", m)
	}
	if app, _ := m["app"].(map[string]any); app["project"] != "p1" {
		t.Fatalf("group app = %v", m["app"])
	}
	buf.Reset()
	l.Info("no tenant")
	if strings.Contains(buf.String(), "tenant_id") {
		t.Errorf("tenant_id without a tenant context: %s", buf.String())
	}
}

func TestEnabledFollowsInner(t *testing.T) {
	h := safelog.NewHandler(slog.NewJSONHandler(&bytes.Buffer{}, &slog.HandlerOptions{Level: slog.LevelWarn}), nil)
	if h.Enabled(context.Background(), slog.LevelInfo) || !h.Enabled(context.Background(), slog.LevelError) {
		t.Fatal("Enabled does not follow the inner handler")
	}
}
