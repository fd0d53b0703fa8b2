package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestORMFactsUnderEveryDriver runs sqlscope's analysistest packages for the ORMs, query
// builders and repositories, whose findings depend on facts exported by other packages
// (squirrel, bun and pop helpers, gorm scopes, ent schemas' interceptors and privacy rules,
// repositories behind interfaces), through the standalone driver and through go vet's unit
// driver (tenantvet's own and x/tools' unitchecker), and expects from each exactly the
// findings the packages' `// want` comments expect of the analyzer under analysistest: each
// driver must carry the facts across packages as the checker does.
func TestORMFactsUnderEveryDriver(t *testing.T) {
	for _, tc := range []driverCase{
		{"squirrel", "sqlscope", map[string]string{"migrations": "migrations/filter"}, []string{"sqhelpers/lib", "sqhelpers", "sqfilter"}},
		{"bun", "sqlscope", map[string]string{"migrations": "migrations/filter"}, []string{"bunhelpers/lib", "bunhelpers", "bunfilter"}},
		{"pop", "sqlscope", map[string]string{"migrations": "migrations/filter"}, []string{"pophelpers/lib", "pophelpers", "popfilter"}},
		{"gorm", "sqlscope", map[string]string{"migrations": "migrations/filter"}, []string{"gormfilter/gscopes", "gormfilter"}},
		{"ent", "sqlscope", map[string]string{"migrations": "migrations/ent"}, []string{"example.com/entapp/rule", "example.com/entapp/policy", "example.com/entapp/ent/schema", "entfilter", "entedges"}},
		{"ent-traversals", "sqlscope", map[string]string{"migrations": "migrations/ent"}, []string{"enttraverse", "entm2m"}},
		{"ent-scope", "sqlscope", map[string]string{"migrations": "migrations/rls"}, []string{"entscope"}},
		{"ent-traversals-scope", "sqlscope", map[string]string{"migrations": "migrations/entrls"}, []string{"enttraversescope"}},
		{"squirrel-runners", "sqlscope", map[string]string{"migrations": "migrations/rls"}, []string{"sqscope/lib", "sqscope"}},
		{"held-out", "sqlscope", map[string]string{"migrations": "migrations/heldout"}, []string{"heldout/rulestore/...", "heldout/policies/...", "heldout/bunstmt", "heldout/sqdelete", "heldout/gormtenant", "heldout/childvault"}},
		{"held-out-2", "sqlscope", map[string]string{"migrations": "migrations/heldout2/filter"}, []string{"heldout2/gormhelper", "heldout2/pgxprojects", "heldout2/bundal/...", "heldout2/sqlxworkspace", "heldout2/sqmaybe"}},
		{"held-out-2-scope", "sqlscope", map[string]string{"migrations": "migrations/heldout2/rls"}, []string{"heldout2/settx"}},
		{"repositories", "sqlscope", map[string]string{"migrations": "migrations/filter"}, []string{"repo/rdb", "repo/service", "hexa/..."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t)
		})
	}
}

// TestClaimFactsUnderEveryDriver does the same for the claims, job and log facts that cross
// packages: claims handed to services and repositories, context keys and getters in other
// packages, generated servers' decoders, route groups, job types and body readers.
func TestClaimFactsUnderEveryDriver(t *testing.T) {
	for _, tc := range []driverCase{
		{"services", "headertrust", map[string]string{"verifiers": "example.com/chain/svc.Verify"}, []string{"example.com/chain/repo", "example.com/chain/svc", "example.com/chain/handlers"}},
		{"context-keys", "headertrust", nil, []string{"example.com/ctx/keys", "example.com/ctx/mw", "example.com/ctx/handlers"}},
		{"gin-context", "headertrust", nil, []string{"example.com/ginctx/mw", "example.com/ginctx/handlers"}},
		{"route-groups", "headertrust", map[string]string{"verifiers": "example.com/groups/routes.IsMember"}, []string{"example.com/groups/routes", "example.com/groups/server"}},
		{"oapi-codegen", "headertrust", map[string]string{"verifiers": "example.com/gen/impl.Verify"}, []string{"example.com/gen/api", "example.com/gen/impl"}},
		{"ogen", "headertrust", map[string]string{"verifiers": "example.com/ogen/impl.Verify"}, []string{"example.com/ogen/api", "example.com/ogen/impl"}},
		{"fiber", "headertrust", map[string]string{"verifiers": "example.com/fw/fiberapp.IsMember,example.com/fw/fiberapp.VerifyCtx"}, []string{"example.com/fw/fibermw", "example.com/fw/fiberapp"}},
		{"kratos", "headertrust", map[string]string{"verifiers": "example.com/fw/kratossvc.Verify"}, []string{"example.com/fw/kratosmw", "example.com/fw/kratossvc"}},
		{"goa", "headertrust", map[string]string{"verifiers": "example.com/fw/goa/projectsapi.Verify"}, []string{"example.com/fw/goa/gen/projects", "example.com/fw/goa/gen/http/projects/server", "example.com/fw/goa/projectsapi"}},
		{"jobs", "jobpayload", nil, []string{"crossdef", "crossuse"}},
		{"bodies", "logredact", nil, []string{"bodyhelp", "bodyuse"}},
		{"held-out-claims", "headertrust", nil, []string{"heldout/ctxlog/...", "heldout/fallback/...", "heldout/ginorgs/..."}},
		{"pending-claims", "headertrust", map[string]string{"verifiers": "example.com/pendgin/service.VerifyMember"}, []string{"example.com/pendgin/..."}},
		{"held-out-logs", "logredact", nil, []string{"heldout/webhook"}},
		{"held-out-caches", "cachekey", nil, []string{"heldout/settings", "heldout/orgresolve"}},
		{"held-out-2-claims", "headertrust", nil, []string{"heldout2/ginfallback/...", "heldout2/uuidheader", "heldout2/orgparam", "heldout2/getter/..."}},
		{"held-out-2-logs", "logredact", nil, []string{"heldout2/dumpserver", "heldout2/dumpreq", "heldout2/slogwith"}},
		{"held-out-2-jobs", "jobpayload", nil, []string{"heldout2/asynqemail", "heldout2/riverbase", "heldout2/asynqtasks", "heldout2/riverworkflow"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t)
		})
	}
}

// driverCase is a set of an analyzer's analysistest packages, with the settings its test
// sets (paths relative to the analyzer's testdata).
type driverCase struct {
	name, analyzer string
	settings       map[string]string
	pkgs           []string
}

var ruleOf = map[string]string{"sqlscope": "TV1", "jobpayload": "TV2", "logredact": "TV3", "headertrust": "TV4", "cachekey": "TV6"}

func (tc driverCase) run(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "analyzers", tc.analyzer, "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	prefix := ruleOf[tc.analyzer]
	// GOPATH mode over the analysistest tree, as analysistest loads it.
	env := []string{"GOPATH=" + testdata, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off", "TENANTVET_CONFIG=off"}
	want := wantedDiagnostics(t, testdata, tc.pkgs)
	if len(want) == 0 {
		t.Fatal("no // want expectations found: the test would prove nothing")
	}
	stdArgs := []string{"-format", "json"}
	vetArgs := []string{"vet", "-vettool=" + binary}
	for _, k := range slices.Sorted(maps.Keys(tc.settings)) {
		v := tc.settings[k]
		if k == "migrations" {
			v = filepath.Join(testdata, v)
		}
		stdArgs = append(stdArgs, "-"+k, v)
		vetArgs = append(vetArgs, "-"+tc.analyzer+"."+k+"="+v)
	}

	std := runIn(t, testdata, append(env, freshCache(t)...), binary, append(stdArgs, tc.pkgs...)...)
	var rep struct {
		Findings []struct {
			Rule, Message string
			Position      struct {
				File         string
				Line, Column int
			}
		}
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal([]byte(std.stdout), &rep); err != nil {
		t.Fatalf("standalone: %v\n%s\n%s", err, std.stdout, std.stderr)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("standalone reported errors: %v", rep.Errors)
	}
	var stdFound []driverFinding
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, prefix) {
			stdFound = append(stdFound, driverFinding{filepath.Join(testdata, f.Position.File), f.Position.Line, f.Position.Column, f.Message + " (" + f.Rule + ")"})
		}
	}

	drivers := []struct {
		name  string
		found []driverFinding
	}{{"standalone", stdFound}}
	// go vet through tenantvet's own unit driver, and through x/tools' unitchecker, which
	// Bazel's nogo and other go/analysis tools build on.
	for _, v := range []struct{ name, env string }{{"go vet", ""}, {"go vet (unitchecker)", "TENANTVET_UNITCHECKER=1"}} {
		vet := runIn(t, testdata, append(slices.Clone(env), v.env), "go", append(vetArgs, tc.pkgs...)...)
		found := vetDriverFindings(testdata, vet.stderr, prefix)
		if vet.code != 0 && len(found) == 0 {
			t.Fatalf("%s exited %d without findings:\n%s", v.name, vet.code, vet.stderr)
		}
		drivers = append(drivers, struct {
			name  string
			found []driverFinding
		}{v.name, found})
	}
	for _, d := range drivers {
		for _, problem := range matchWants(want, d.found) {
			t.Errorf("%s: %s", d.name, problem)
		}
		slices.SortFunc(d.found, compareFindings)
	}
	for _, d := range drivers[1:] {
		if !slices.Equal(d.found, stdFound) {
			t.Errorf("%s's findings differ from the standalone driver's:\n--- %s ---\n%v\n--- standalone ---\n%v", d.name, d.name, d.found, stdFound)
		}
	}
}

type driverFinding struct {
	file         string
	line, column int
	message      string
}

func (f driverFinding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", f.file, f.line, f.column, f.message)
}

func compareFindings(a, b driverFinding) int {
	return strings.Compare(a.String(), b.String())
}

// vetDriverFindings parses go vet's "file:line:col: message (RULE)" lines of the rules with
// prefix, skipping the related places ("file:line:col: \tmessage") and other analyzers'
// findings.
var vetLine = regexp.MustCompile(`^(.+\.go):(\d+):(\d+): (.*\((TV\d+)\))$`)

func vetDriverFindings(dir, out, prefix string) []driverFinding {
	var found []driverFinding
	for _, l := range strings.Split(out, "\n") {
		m := vetLine.FindStringSubmatch(l)
		if m == nil || strings.Contains(l, ": \t") || !strings.HasPrefix(m[5], prefix) {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		file := m[1]
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		found = append(found, driverFinding{file, line, col, m[4]})
	}
	return found
}

type wantKey struct {
	file string
	line int
}

// wantedDiagnostics reads the diagnostic expectations (`// want "re"` or `// want `+"`re`"+`),
// not the fact expectations (`// want Name:"re"`), of the packages' Go files, as analysistest
// reads them.
func wantedDiagnostics(t *testing.T, gopath string, pkgs []string) map[wantKey][]*regexp.Regexp {
	t.Helper()
	want := map[wantKey][]*regexp.Regexp{}
	fset := token.NewFileSet()
	for _, pkg := range pkgs {
		dirs := []string{filepath.Join(gopath, "src", filepath.FromSlash(strings.TrimSuffix(pkg, "/...")))}
		if strings.HasSuffix(pkg, "/...") {
			filepath.WalkDir(dirs[0], func(p string, d os.DirEntry, err error) error {
				if err == nil && d.IsDir() && p != dirs[0] {
					dirs = append(dirs, p)
				}
				return err
			})
		}
		for _, dir := range dirs {
			files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
			for _, file := range files {
				f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
				if err != nil {
					t.Fatal(err)
				}
				for _, cg := range f.Comments {
					for _, c := range cg.List {
						addWants(t, fset, c, want)
					}
				}
			}
		}
	}
	return want
}

func addWants(t *testing.T, fset *token.FileSet, c *ast.Comment, want map[wantKey][]*regexp.Regexp) {
	text := strings.TrimPrefix(strings.TrimPrefix(c.Text, "//"), "/*")
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), "want ")
	if !ok {
		return
	}
	pos := fset.Position(c.Pos())
	key := wantKey{pos.Filename, pos.Line}
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		fact := false
		if i := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }); i > 0 && rest[i] == ':' {
			fact, rest = true, rest[i+1:]
		}
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			t.Fatalf("%s: malformed want comment: %s", pos, c.Text)
		}
		rest = rest[len(q):]
		if fact {
			continue
		}
		s, _ := strconv.Unquote(q)
		re, err := regexp.Compile(s)
		if err != nil {
			t.Fatalf("%s: %v", pos, err)
		}
		want[key] = append(want[key], re)
	}
}

// matchWants matches each finding with an unused expectation on its line, as analysistest
// does, and returns the findings no expectation accepts and the expectations left unmet.
func matchWants(want map[wantKey][]*regexp.Regexp, found []driverFinding) []string {
	left := map[wantKey][]*regexp.Regexp{}
	for k, v := range want {
		left[k] = slices.Clone(v)
	}
	var problems []string
	for _, f := range found {
		k := wantKey{f.file, f.line}
		i := slices.IndexFunc(left[k], func(re *regexp.Regexp) bool { return re.MatchString(f.message) })
		if i < 0 {
			problems = append(problems, "unexpected finding "+f.String())
			continue
		}
		left[k] = slices.Delete(left[k], i, i+1)
	}
	for k, res := range left {
		for _, re := range res {
			problems = append(problems, fmt.Sprintf("%s:%d: no finding matching %q", k.file, k.line, re))
		}
	}
	slices.Sort(problems)
	return problems
}
