package main

import "fmt"

var domainWords = []string{
	"accounts", "billing", "invoices", "projects", "tasks", "comments", "files", "search",
	"reports", "audit", "alerts", "calendar", "contacts", "deals", "leads", "tickets",
	"assets", "budgets", "catalog", "checkout", "coupons", "devices", "docs", "exports",
	"feeds", "forms", "goals", "groups", "imports", "inbox", "inventory", "keys",
	"labels", "ledger", "library", "mailing", "meetings", "metrics", "notes", "orders",
	"payouts", "people", "pipelines", "plans", "portal", "pricing", "quotes", "receipts",
	"releases", "reviews", "roster", "schedules", "secrets", "shipping", "sites", "skills",
	"surveys", "teams", "templates", "timesheets", "training", "usage", "vendors", "wiki",
}

var entityWords = []string{
	"item", "entry", "record", "note", "event", "rule", "member", "link", "tag", "draft",
	"batch", "slot", "review", "comment", "export", "setting", "quota", "snapshot", "report",
	"token", "request", "task", "step", "stage", "window", "bucket", "channel", "profile",
	"segment", "target", "version", "widget", "folder", "grant", "hook", "job", "ledger_line",
	"line", "note_ref", "option", "period", "policy", "queue", "rate", "share", "signal",
}

type kind int

const (
	kStr kind = iota
	kText
	kInt
	kBool
	kTime
	kFloat
	kOptStr
	kEmail
	kSecret
)

type field struct {
	Col  string
	Kind kind
}

func (f field) Go() string { return exported(f.Col) }

func (f field) GoType() string {
	switch f.Kind {
	case kInt:
		return "int64"
	case kBool:
		return "bool"
	case kTime:
		return "time.Time"
	case kFloat:
		return "float64"
	case kOptStr:
		return "*string"
	}
	return "string"
}

func (f field) SQLType() string {
	switch f.Kind {
	case kInt:
		return "bigint NOT NULL DEFAULT 0"
	case kBool:
		return "boolean NOT NULL DEFAULT false"
	case kTime:
		return "timestamptz NOT NULL DEFAULT now()"
	case kFloat:
		return "double precision NOT NULL DEFAULT 0"
	case kOptStr:
		return "text"
	}
	return "text NOT NULL DEFAULT ''"
}

var fieldPool = []field{
	{"name", kStr}, {"title", kStr}, {"status", kStr}, {"description", kText}, {"body", kText},
	{"priority", kInt}, {"position", kInt}, {"size_bytes", kInt}, {"archived", kBool},
	{"pinned", kBool}, {"due_at", kTime}, {"starts_at", kTime}, {"amount", kFloat},
	{"score", kFloat}, {"external_ref", kOptStr}, {"color", kOptStr}, {"owner_email", kEmail},
	{"contact_email", kEmail}, {"api_token", kSecret}, {"webhook_secret", kSecret},
	{"notes", kText}, {"code", kStr}, {"weight", kFloat}, {"attempts", kInt},
}

type entity struct {
	d      *domain
	Word   string // snake singular
	Name   string // Go singular
	Plural string // Go plural
	Table  string
	Fields []field // besides id, tenant_id, created_at, updated_at
}

func (e *entity) hasSecret() (field, bool) {
	for _, f := range e.Fields {
		if f.Kind == kSecret {
			return f, true
		}
	}
	return field{}, false
}

type domain struct {
	i       int
	Name    string // snake, also the directory
	ents    []*entity
	related []*domain // earlier domains whose model/store this one imports
	mig     int       // migration number
}

func (d *domain) pkg(layer string) string { return "internal/" + d.Name + "/" + layer }

const layersPerDomain = 6 // model, queries, store, sqlstore, api, jobs

// platformPkgs are the base packages every generated module has.
var platformPkgs = []string{"ids", "errs", "clock", "page", "httpx", "logx", "db", "authz", "jobsx"}

func (g *gen) plan() {
	fixed := len(platformPkgs) + 2 // + cmd/server, cmd/worker
	for _, n := range RuntimePkgs {
		if !g.cfg.Runtime[n] {
			fixed++
		}
	}
	nd := (g.cfg.Packages - fixed + layersPerDomain - 1) / layersPerDomain
	if nd < 2 {
		nd = 2
	}
	tables := g.cfg.Tables
	if tables <= 0 {
		tables = nd * 6 // with 320 packages: 52 domains, ~312 tables
	}
	words := append([]string(nil), domainWords...)
	g.rng.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	for i := 0; i < nd; i++ {
		name := words[i%len(words)]
		if i >= len(words) {
			name = fmt.Sprintf("%s%d", name, i/len(words)+1)
		}
		d := &domain{i: i, Name: name, mig: i + 2}
		// Related domains: a few earlier ones, biased to the first (widely imported) ones.
		if i > 0 {
			nrel := 1 + g.rng.IntN(3)
			seen := map[int]bool{}
			for k := 0; k < nrel; k++ {
				j := g.rng.IntN(i)
				if g.chance(500) {
					j = g.rng.IntN(min(i, 3))
				}
				if !seen[j] {
					seen[j] = true
					d.related = append(d.related, g.domains[j])
				}
			}
		}
		g.domains = append(g.domains, d)
	}
	// Spread the tables over the domains.
	for t := 0; t < tables; t++ {
		d := g.domains[t%nd]
		g.addEntity(d)
	}
}

func (g *gen) addEntity(d *domain) {
	used := map[string]bool{}
	for _, e := range d.ents {
		used[e.Word] = true
	}
	var w string
	for {
		w = entityWords[g.rng.IntN(len(entityWords))]
		if !used[w] {
			break
		}
		if len(used) >= len(entityWords) {
			w = fmt.Sprintf("%s%d", w, len(used))
			break
		}
	}
	e := &entity{d: d, Word: w, Name: exported(w), Plural: exported(w) + "s", Table: d.Name + "_" + w + "s"}
	nf := 3 + g.rng.IntN(6)
	perm := g.rng.Perm(len(fieldPool))
	for _, k := range perm[:nf] {
		e.Fields = append(e.Fields, fieldPool[k])
	}
	d.ents = append(d.ents, e)
}
