package sqlcheck

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/diskcache"
)

// Build replays migrations into a model without running rules.
func Build(paths []string, s *config.Settings) (*Schema, []error) {
	sch, _, errs := build(paths, s)
	return sch, errs
}

// build reads, prepares and replays every migration, then classifies the tables.
func build(paths []string, set *config.Settings) (sch *Schema, srcs []*source, errs []error) {
	if set == nil {
		set = config.Default()
	}
	migs, errs := collect(paths)
	r := newReplayer()
	r.userSetting = set.UserSetting
	for _, m := range migs {
		if m.Skipped != "" {
			if strings.HasSuffix(m.Path, ".go") {
				r.s.Events = append(r.s.Events, &Event{Kind: "unanalysed", Detail: "Go migration " + filepath.Base(m.Path), Pos: Pos{File: m.Path, Line: 1, Col: 1}})
			}
			r.s.Files = append(r.s.Files, m.File)
			continue
		}
		data, err := os.ReadFile(m.Path)
		if err != nil {
			errs = append(errs, fmt.Errorf("read migration: %w", err))
			continue
		}
		src := prepare(m.Path, string(data))
		errs = append(errs, src.errs...)
		refineLayout(m, src)
		r.s.Files = append(r.s.Files, m.File)
		srcs = append(srcs, src)
		r.dump = m.Layout == "dump"
		if !replaySafely(r, src) {
			errs = append(errs, fmt.Errorf("%s: internal error while analysing the migration", m.Path))
		}
	}
	errs = append(errs, r.errs...)
	r.s.classify(set)
	return r.s, srcs, errs
}

// replaySafely replays one file; an internal panic is turned into an error naming the file.
func replaySafely(r *replayer, src *source) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	r.replayFile(src)
	return true
}

// classify infers the tenant column and setting when the policies consistently use others, then
// marks tenant-owned and global tables.
func (s *Schema) classify(set *config.Settings) {
	s.appRole = set.AppRole
	s.TenantColumns = slices.Clone(set.TenantColumns)
	if len(s.TenantColumns) == 0 {
		s.TenantColumns = []string{"tenant_id"}
	}
	s.TenantSetting = cmpOr(set.TenantSetting, "app.tenant_id")
	s.Inferred = s.infer()
	if s.Inferred != nil {
		s.TenantColumns = append([]string{s.Inferred.Col}, s.TenantColumns...)
		s.TenantSetting = s.Inferred.Setting
	}
	marked := func(list []string, t *Table) bool {
		for _, n := range list {
			n = strings.ToLower(n)
			if n == t.Name || !strings.Contains(n, ".") && "public."+n == t.Name {
				return true
			}
		}
		return false
	}
	for _, t := range s.Tables {
		t.Tenant, t.TenantCol, t.Global = false, "", false
		if t.GlobalReason != "" || marked(set.GlobalTables, t) {
			t.Global = true
			continue
		}
		for _, c := range s.TenantColumns {
			if t.column(c) != nil {
				t.Tenant, t.TenantCol = true, c
				break
			}
		}
		if marked(set.TenantTables, t) {
			t.Tenant = true
		}
	}
	// The tenants table holds the tenants themselves: it is never a tenant-owned table, even
	// when it has a column named like the tenant column (orgs (org_id PRIMARY KEY)).
	s.tenants = s.findTenantsTable(set)
	if s.memberTenantColumns() && s.tenants == "" {
		// The tables the policies make tenant-owned may name the tenants table.
		s.tenants = s.findTenantsTable(set)
	}
	s.triedTenantColumns()
	if t := s.Tables[s.tenants]; t != nil {
		t.Tenant, t.TenantCol = false, ""
	}
}

// memberTenantColumns gives a table without a tenant column the column its policies prove the
// current user's membership on (account_id IN (SELECT account_id FROM account_user WHERE
// user_id = auth.uid()), basejump.has_role_on_account(account_id)): the policies say that
// column names the tenant. Conservatively: every membership its policies prove is on that one
// column of the table, which is not its single-column primary key (the tenants table's own
// policy tests id), and the table is neither global nor the tenants table. It reports whether
// a table was given one.
func (s *Schema) memberTenantColumns() bool {
	changed := false
	for _, t := range s.Tables {
		if t.Global || t.TenantCol != "" || t.Name == s.tenants {
			continue
		}
		col, ok := "", true
		for _, p := range t.Policies {
			for _, pr := range []*Pred{p.Using, p.Check} {
				if pr == nil {
					continue
				}
				for _, m := range pr.Members {
					if col != "" && m != col {
						ok = false
					}
					col = m
				}
			}
		}
		if !ok || col == "" || t.column(col) == nil || t.PK != nil && len(t.PK.Cols) == 1 && t.PK.Cols[0] == col {
			continue
		}
		t.Tenant, t.TenantCol = true, col
		changed = true
	}
	return changed
}

// triedTenantColumns gives a table without a tenant column the column its policies try, and
// fail, to test against the current user's memberships (account_id IN (SELECT account_id FROM
// account_user) with no user filter, a membership test an OR escapes), when that column has a
// foreign key to the tenants table: the policy means to isolate tenants by it, and TV5007 then
// says why it does not. Without the foreign key a failed test names no tenant (status IN
// (SELECT status FROM allowed_statuses) is no membership at all), so the table stays as it was.
func (s *Schema) triedTenantColumns() {
	if s.tenants == "" || s.Tables[s.tenants] == nil {
		return
	}
	for _, t := range s.Tables {
		if t.Global || t.TenantCol != "" || t.Tenant || t.Name == s.tenants {
			continue
		}
		col, ok := "", true
		for _, p := range t.Policies {
			for _, pr := range []*Pred{p.Using, p.Check} {
				if pr == nil {
					continue
				}
				for _, m := range append(slices.Clip(pr.Members), pr.MemberTried...) {
					if col != "" && m != col {
						ok = false
					}
					col = m
				}
			}
		}
		if !ok || col == "" || t.column(col) == nil || t.PK != nil && len(t.PK.Cols) == 1 && t.PK.Cols[0] == col {
			continue
		}
		if !slices.ContainsFunc(t.FKs, func(fk *FK) bool { return len(fk.Cols) == 1 && fk.Cols[0] == col && fk.RefTable == s.tenants }) {
			continue
		}
		t.Tenant, t.TenantCol = true, col
	}
}

// findTenantsTable returns the tenants table: the configured one, or else the table that most
// single-column foreign keys from tenant columns reference ("" when none or tied, and then any
// foreign key is accepted).
func (s *Schema) findTenantsTable(set *config.Settings) string {
	if set != nil && set.TenantsTable != "" {
		name := strings.ToLower(strings.ReplaceAll(set.TenantsTable, `"`, ""))
		if !strings.Contains(name, ".") {
			name = "public." + name
		}
		return name
	}
	count := map[string]int{}
	for _, t := range s.Tables {
		for _, fk := range t.FKs {
			if t.Tenant && len(fk.Cols) == 1 && fk.Cols[0] == t.TenantCol && fk.RefTable != t.Name {
				count[fk.RefTable]++
			}
		}
	}
	name, best, tie := "", 0, false
	for ref, n := range count {
		switch {
		case n > best:
			name, best, tie = ref, n, false
		case n == best:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return name
}

// infer returns the column and setting the policies consistently compare, when none of them
// uses the configured ones: every comparison must use the same setting, and the column is the one
// most comparisons use (a tenants table's own policy compares id, for instance).
func (s *Schema) infer() *Inference {
	var first *Policy
	setting := ""
	cols := map[string]int{}
	for _, t := range s.sortedTables() {
		for _, p := range t.Policies {
			for _, pr := range []*Pred{p.Using, p.Check} {
				if pr == nil {
					continue
				}
				for _, pair := range pr.Isolates {
					ps, _ := s.setting(pair)
					if ps == "" {
						continue // the function it called was dropped
					}
					if slices.Contains(s.TenantColumns, pair.Col) && strings.EqualFold(ps, s.TenantSetting) {
						return nil
					}
					if setting != "" && !strings.EqualFold(ps, setting) {
						return nil
					}
					setting = ps
					cols[pair.Col]++
					if first == nil {
						first = p
					}
				}
			}
		}
	}
	best, tie := "", false
	for c, n := range cols {
		switch {
		case best == "" || n > cols[best]:
			best, tie = c, false
		case n == cols[best] && c != best:
			tie = true
		}
	}
	if best == "" || tie {
		return nil
	}
	return &Inference{Col: best, Setting: setting, Pos: first.Pos}
}

var (
	loadMu   sync.Mutex
	loadMemo = map[string]*Schema{}
)

// ForgetLoaded drops the schemas and catalogs that LoadForAnalysis and LoadCatalog memoised in
// this process. The memo is keyed by the settings, which name the migrations but not their
// content, so that the analyzers of one run ask the file system once: a process that outlives an
// edit of the migrations (the language server) calls it before each run, and the next load goes
// to the disk cache, whose key is the migrations' content.
func ForgetLoaded() {
	loadMu.Lock()
	defer loadMu.Unlock()
	clear(loadMemo)
	clear(catalogMemo)
}

// LoadForAnalysis gives analyzers the schema model: the model file s.Schema if set, else the
// model built from s.Migrations, cached on disk (keyed by the relevant settings and the
// migrations' names and contents) so that go vet's per-package processes build it once, and
// memoised per process. It returns (nil, nil) when neither is set.
func LoadForAnalysis(s *config.Settings) (*Schema, error) {
	if s == nil {
		return nil, nil
	}
	if s.Schema != "" {
		loadMu.Lock()
		defer loadMu.Unlock()
		key := "model:" + s.Schema
		if m := loadMemo[key]; m != nil {
			return m, nil
		}
		m, err := ReadModel(s.Schema)
		if err != nil {
			return nil, err
		}
		m.appRole = cmpOr(s.AppRole, m.appRole)
		loadMemo[key] = m
		return m, nil
	}
	if len(s.Migrations) == 0 {
		return nil, nil
	}
	loadMu.Lock()
	defer loadMu.Unlock()
	// Within one process the settings identify the model: analyzers ask once per package.
	settingsKey := "settings:" + string(relevantSettings(s))
	if m := loadMemo[settingsKey]; m != nil {
		return m, nil
	}
	key, err := cacheKey(s)
	if err != nil {
		return nil, err
	}
	if m := loadMemo[key]; m != nil {
		loadMemo[settingsKey] = m
		return m, nil
	}
	defer func() {
		if m := loadMemo[key]; m != nil {
			loadMemo[settingsKey] = m
		}
	}()
	var cachePath string
	if dir, err := os.UserCacheDir(); err == nil {
		cachePath = filepath.Join(dir, "tenantvet", "schema-"+key+".json")
		if m, err := ReadModel(cachePath); err == nil {
			diskcache.Touch(cachePath)
			m.appRole = s.AppRole
			loadMemo[key] = m
			return m, nil
		}
	}
	m, errs := Build(s.Migrations, s)
	for _, e := range errs {
		if _, ok := e.(*ParseError); !ok {
			return nil, e
		}
	}
	if cachePath != "" {
		if os.MkdirAll(filepath.Dir(cachePath), 0o755) == nil {
			_ = WriteModel(cachePath, m) // the cache is an optimisation only
			diskcache.Trim(filepath.Dir(cachePath))
		}
	}
	loadMemo[key] = m
	return m, nil
}

// cacheKey hashes the settings the model depends on and every migration's name and contents.
//
// Under go vet every package's process asks for the key, and reading every migration file each
// time cost more than the rest of loading the cached catalog. So, as git's index does, a small
// file in the cache maps the files' stat signature (name, size, modification time) to their
// content key. Files modified less than two seconds ago make the signature unreliable (an edit
// within the clock's granularity could keep size and time); then the contents are hashed and no
// entry is written.
func cacheKey(s *config.Settings) (string, error) {
	migs, errs := collect(s.Migrations)
	if len(errs) > 0 {
		return "", errs[0]
	}
	var indexPath string
	if dir, err := os.UserCacheDir(); err == nil {
		sig := sha256.New()
		sig.Write(relevantSettings(s))
		now := time.Now()
		for _, m := range migs {
			st, err := os.Stat(m.Path)
			if err != nil || now.Sub(st.ModTime()) < 2*time.Second || st.ModTime().After(now) {
				sig = nil
				break
			}
			fmt.Fprintf(sig, "%s\x00%d\x00%d\x00", m.Path, st.Size(), st.ModTime().UnixNano())
		}
		if sig != nil {
			indexPath = filepath.Join(dir, "tenantvet", "stat-"+hex.EncodeToString(sig.Sum(nil)))
			if data, err := os.ReadFile(indexPath); err == nil && len(data) == 2*sha256.Size {
				if _, err := hex.DecodeString(string(data)); err == nil {
					diskcache.Touch(indexPath)
					return string(data), nil
				}
			}
		}
	}
	h := sha256.New()
	h.Write(relevantSettings(s))
	for _, m := range migs {
		data, err := os.ReadFile(m.Path)
		if err != nil {
			return "", fmt.Errorf("read migration: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", m.Path, len(data))
		h.Write(data)
	}
	key := hex.EncodeToString(h.Sum(nil))
	if indexPath != "" && os.MkdirAll(filepath.Dir(indexPath), 0o755) == nil {
		_ = writeAtomic(indexPath, []byte(key)) // the index is an optimisation only
	}
	return key, nil
}

// relevantSettings serialises the settings a model depends on.
func relevantSettings(s *config.Settings) []byte {
	data, _ := json.Marshal([]any{modelVersion, s.TenantColumns, s.TenantSetting, s.TenantTables, s.GlobalTables, s.AppRole, s.Migrations, s.UserSetting})
	return data
}
