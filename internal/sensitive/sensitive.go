// Package sensitive decides whether a log key names a secret. Keys are compared as words: a key is
// split on separators ('-', '_', '.', ' ', '/', ':') and at camelCase boundaries, lower-cased, and
// matched against the sensitive names as a suffix of whole words, with the separators between
// words ignored. So "Authorization", "new_password", "stripeApiKey", "X-API-Key", "user.password"
// and "APIKEY" are sensitive, while "token_count", "password_policy", "prompt_tokens" and
// "secret_name" are not: their last word is not a secret.
//
// A key whose words end with a secret but that still holds no secret (a pagination cursor such as
// "next_page_token", a flag such as "has_password") is listed in SafeKeys or matches a prefix in
// safePrefixes. Users extend both lists through the sensitive-keys and safe-keys settings.
//
// The package depends on the standard library only, so any layer of tenantvet can use it.
package sensitive

import (
	"slices"
	"strings"
	"unicode"
)

// DefaultKeys are the key names whose values are secrets or whole user content (prompts).
var DefaultKeys = []string{
	"authorization", "cookie", "set-cookie",
	"password", "passwd", "passphrase", "password_hash", "secret", "client_secret",
	"token", "access_token", "refresh_token", "id_token", "bearer",
	"api_key", "apikey", "x-api-key", "private_key", "prompt", "credentials",
}

// SafeKeys are keys that end with a sensitive word but hold no secret. Each entry is compared as
// a whole key after normalisation ("nextPageToken" equals "next_page_token").
//
//   - pagination and continuation cursors: page_token, next_page_token, continuation_token,
//     pagination_token, cursor_token, sync_token, resume_token;
//   - names and descriptions of secrets rather than their values: the last word decides, so
//     secret_name or token_type are not sensitive in the first place and need no entry;
//   - prompt ids and templates: prompt_id and prompt_version end in another word; a
//     system_prompt template is code, not user content, but it stays sensitive because a
//     rendered prompt usually carries user text.
var SafeKeys = []string{
	"page_token", "next_page_token", "prev_page_token", "continuation_token", "pagination_token",
	"cursor_token", "sync_token", "resume_token",
}

// safePrefixes are first words that turn a sensitive key into a flag or a measurement
// (has_password, is_secret, max_token, missing_authorization). A key of several words starting
// with one of them is never sensitive. Measurements written as suffixes (token_len, tokens_used)
// are not sensitive by the suffix rule already.
var safePrefixes = []string{"has", "is", "num", "max", "min", "count", "len", "length", "no", "needs", "requires", "missing", "invalid", "expired", "valid", "with", "without"}

// Matcher matches keys against the sensitive and safe names.
type Matcher struct {
	sensitive [][]string // word lists, each also compared joined
	safe      []string   // normalised joined keys
}

// New returns a matcher for DefaultKeys plus extra sensitive keys, and SafeKeys plus extra safe
// keys.
func New(extraSensitive, extraSafe []string) *Matcher {
	m := &Matcher{}
	for _, k := range slices.Concat(DefaultKeys, extraSensitive) {
		if w := Words(k); len(w) > 0 {
			m.sensitive = append(m.sensitive, w)
		}
	}
	for _, k := range slices.Concat(SafeKeys, extraSafe) {
		if j := strings.Join(Words(k), ""); j != "" {
			m.safe = append(m.safe, j)
		}
	}
	return m
}

// Match reports whether key names a secret and, if so, which sensitive name it matched.
func (m *Matcher) Match(key string) (string, bool) {
	words := Words(key)
	if len(words) == 0 {
		return "", false
	}
	joined := strings.Join(words, "")
	if slices.Contains(m.safe, joined) {
		return "", false
	}
	if len(words) > 1 && slices.Contains(safePrefixes, words[0]) {
		return "", false
	}
	for _, pat := range m.sensitive {
		pj := strings.Join(pat, "")
		// The suffix must start at a word boundary: try every word start.
		for i := range words {
			if strings.Join(words[i:], "") == pj {
				return strings.Join(pat, "_"), true
			}
		}
	}
	return "", false
}

// Words splits a key into lower-case words at separators and camelCase boundaries:
// "stripeAPIKey" -> stripe, api, key; "X-Api-Key" -> x, api, key; "user.password" -> user, password.
func Words(key string) []string {
	var words []string
	rs := []rune(key)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			// fooBar, key2Id
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// APIKey: the last upper of an acronym starts the next word
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// safelogKeys and safelogSuffixes mirror the key rule of the runtime's redacting handler,
// github.com/tenantvet/tenantvet/runtime/safelog (DefaultKeys and suffixes there). The runtime may
// not import tenantvet's internal packages and this package may not import the runtime, so the
// rule is copied; TestSafelogRedacts pins both copies to the same cases.
var (
	safelogKeys = []string{
		"authorization", "cookie", "set-cookie", "password", "passwd", "secret", "client_secret",
		"token", "access_token", "refresh_token", "id_token", "api_key", "apikey", "x-api-key",
		"private_key", "prompt",
	}
	safelogSuffixes = []string{"password", "passwd", "secret", "token", "apikey", "privatekey"}
)

// SafelogRedacts reports whether safelog.NewHandler, with no extra keys configured, replaces the
// value logged under key: the key, lower-cased without '-', '_', '.' and spaces, is one of its
// keys (or a plural of one) or ends with one of its suffixes.
func SafelogRedacts(key string) bool {
	n := safelogNormalise(key)
	if n == "" {
		return false
	}
	for _, k := range safelogKeys {
		k = safelogNormalise(k)
		if n == k || n == k+"s" {
			return true
		}
	}
	for _, s := range safelogSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

func safelogNormalise(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch r {
		case '-', '_', '.', ' ':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
