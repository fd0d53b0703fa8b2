package sensitive

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"stripeAPIKey", []string{"stripe", "api", "key"}},
		{"X-Api-Key", []string{"x", "api", "key"}},
		{"user.password", []string{"user", "password"}},
		{"APIKEY", []string{"apikey"}},
		{"new_password", []string{"new", "password"}},
		{"key2Id", []string{"key2", "id"}},
		{"", nil},
		{"--", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatchDefault(t *testing.T) {
	m := New(nil, nil)
	sensitive := []string{
		"authorization", "Authorization", "AUTHORIZATION", "proxy-authorization", "cookie", "Set-Cookie",
		"password", "new_password", "user.password", "newPassword", "passwd", "secret", "client_secret",
		"clientSecret", "token", "access_token", "accessToken", "refresh_token", "id_token", "idToken",
		"api_key", "apikey", "apiKey", "APIKey", "x-api-key", "X-API-Key", "stripeApiKey", "stripe_api_key",
		"private_key", "privateKey", "prompt", "system_prompt", "userPrompt", "bearer", "credentials",
		"password_hash", "csrf_token", "session.token",
	}
	for _, k := range sensitive {
		if _, ok := m.Match(k); !ok {
			t.Errorf("Match(%q) = false, want sensitive", k)
		}
	}
	safe := []string{
		"token_count", "tokenCount", "tokens_used", "prompt_tokens", "password_policy", "secret_name",
		"token_type", "api_key_id", "apiKeyID", "public_key", "key", "tenant_id", "request_id", "method",
		"path", "next_page_token", "nextPageToken", "page_token", "continuation_token", "has_password",
		"is_secret", "max_tokens", "max_token", "missing_authorization", "prompt_id", "cookie_name",
		"authorization_scheme", "tokenizer", "secretary", "passwords_match", "",
	}
	for _, k := range safe {
		if got, ok := m.Match(k); ok {
			t.Errorf("Match(%q) = %q, want not sensitive", k, got)
		}
	}
}

func TestMatchSettings(t *testing.T) {
	m := New([]string{"ssn", "billing_address"}, []string{"token_kind", "refresh_token"})
	tests := []struct {
		key  string
		want bool
	}{
		{"ssn", true},
		{"customer_ssn", true},
		{"customerSSN", true},
		{"billingAddress", true},
		{"shipping_address", false},
		{"token_kind", false},
		{"refresh_token", false},
		{"refreshToken", false},
		{"access_token", true},
	}
	for _, tt := range tests {
		if _, ok := m.Match(tt.key); ok != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.key, ok, tt.want)
		}
	}
}

func TestMatchName(t *testing.T) {
	m := New(nil, nil)
	if got, _ := m.Match("stripeApiKey"); got != "api_key" {
		t.Errorf("Match(stripeApiKey) names %q, want api_key", got)
	}
}

func TestSafelogRedacts(t *testing.T) {
	redacts := []string{"authorization", "Authorization", "cookie", "Set-Cookie", "password", "db_password",
		"github_token", "api_key", "X-Api-Key", "apiKey", "stripeApiKey", "private_key", "prompt", "prompts", "tokens", "clientSecret"}
	for _, k := range redacts {
		if !SafelogRedacts(k) {
			t.Errorf("SafelogRedacts(%q) = false, want true", k)
		}
	}
	// Keys logredact calls secrets but the handler passes through: through a safelog logger
	// they are still reported.
	passes := []string{"session_cookie", "proxy-authorization", "system_prompt", "credentials", "passphrase",
		"password_hash", "bearer", "tenant_id", ""}
	for _, k := range passes {
		if SafelogRedacts(k) {
			t.Errorf("SafelogRedacts(%q) = true, want false", k)
		}
	}
}
