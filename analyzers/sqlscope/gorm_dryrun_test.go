package sqlscope

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/callbacks"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"

	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

// The gorm recogniser replays a chain the way gorm builds its statement. These tests run the
// real gorm (DryRun: nothing is sent, no server is needed) on the chains the analysistest
// cases in testdata/src/gormfilter use, and check what gorm really writes: the SQL text, and
// the verdict of the same checks on it. If a gorm release changes its grouping, these fail
// before the recogniser silently drifts.

// dryDialector is the least a gorm Dialector needs for DryRun: PostgreSQL's $N placeholders
// and double-quoted identifiers.
type dryDialector struct{}

func (dryDialector) Name() string { return "postgres" }
func (dryDialector) Initialize(db *gorm.DB) error {
	callbacks.RegisterDefaultCallbacks(db, &callbacks.Config{})
	return nil
}
func (dryDialector) Migrator(*gorm.DB) gorm.Migrator                { return nil }
func (dryDialector) DataTypeOf(*schema.Field) string                { return "text" }
func (dryDialector) DefaultValueOf(*schema.Field) clause.Expression { return nil }
func (dryDialector) Explain(sql string, _ ...interface{}) string    { return sql }
func (dryDialector) BindVarTo(w clause.Writer, stmt *gorm.Statement, _ interface{}) {
	w.WriteString("$" + strconv.Itoa(len(stmt.Vars)))
}
func (dryDialector) QuoteTo(w clause.Writer, s string) {
	for i, part := range strings.Split(s, ".") {
		if i > 0 {
			w.WriteByte('.')
		}
		w.WriteString(`"` + part + `"`)
	}
}

type dryNote struct {
	ID        string `gorm:"primaryKey"`
	TenantID  string
	ProjectID string
	Body      string
	Public    bool
}

func (dryNote) TableName() string { return "notes" }

type dryKeyed struct {
	ID       int
	TenantID string
}

func (dryKeyed) TableName() string { return "notes" }

// dryProject has many tasks; a task belongs to its project.
type dryProject struct {
	ID       string `gorm:"primaryKey"`
	TenantID string
	Name     string
	Tasks    []dryTask `gorm:"foreignKey:ProjectID"`
}

func (dryProject) TableName() string { return "projects" }

type dryTask struct {
	ID        string `gorm:"primaryKey"`
	TenantID  string
	ProjectID string
	Status    string
	Project   dryProject
}

func (dryTask) TableName() string { return "tasks" }

func dryDB(t *testing.T) *gorm.DB {
	t.Helper()
	db, err := gorm.Open(dryDialector{}, &gorm.Config{DryRun: true, SkipDefaultTransaction: true, Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func byTenant(tid string) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB { return db.Where("tenant_id = ?", tid) }
}

// dryCatalog: notes and projects are tenant-owned.
type dryCatalog struct{}

func (dryCatalog) TenantColumn(t string) (string, bool) {
	return "tenant_id", t == "notes" || t == "projects" || t == "tasks"
}
func (dryCatalog) IsGlobal(t string) bool                 { return t == "plans" }
func (dryCatalog) Known(string) bool                      { return true }
func (dryCatalog) HasRLS() bool                           { return false }
func (dryCatalog) TableHasRLS(string) bool                { return false }
func (dryCatalog) RLSEnabled(t string) bool               { return false }
func (dryCatalog) TenantParents(string) []sqlquery.Parent { return nil }

func TestGormDryRunSQL(t *testing.T) {
	cases := []struct {
		name  string
		run   func(db *gorm.DB) *gorm.DB
		sql   string
		kinds []sqlquery.ProblemKind
	}{
		{"where by id", func(db *gorm.DB) *gorm.DB { var n dryNote; return db.Where("id = ?", "x").First(&n) },
			`SELECT * FROM "notes" WHERE id = $1 ORDER BY "notes"."id" LIMIT $2`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"where with tenant", func(db *gorm.DB) *gorm.DB {
			var n dryNote
			return db.Where("tenant_id = ? AND id = ?", "t", "x").First(&n)
		}, `SELECT * FROM "notes" WHERE tenant_id = $1 AND id = $2 ORDER BY "notes"."id" LIMIT $3`, nil},
		{"first by int key", func(db *gorm.DB) *gorm.DB { var n dryKeyed; return db.First(&n, 7) },
			`SELECT * FROM "notes" WHERE "notes"."id" = $1 ORDER BY "notes"."id" LIMIT $2`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"first by string key is SQL", func(db *gorm.DB) *gorm.DB { var n dryNote; return db.First(&n, "id = 'x' OR true") },
			`SELECT * FROM "notes" WHERE id = 'x' OR true ORDER BY "notes"."id" LIMIT $1`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"string key beside the tenant is parenthesised", func(db *gorm.DB) *gorm.DB {
			var n dryNote
			return db.Where("tenant_id = ?", "t").First(&n, "id = 'x' OR true")
		}, `SELECT * FROM "notes" WHERE tenant_id = $1 AND (id = 'x' OR true) ORDER BY "notes"."id" LIMIT $2`, nil},
		{"delete by key", func(db *gorm.DB) *gorm.DB { return db.Delete(&dryKeyed{}, 7) },
			`DELETE FROM "notes" WHERE "notes"."id" = $1`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"model key only", func(db *gorm.DB) *gorm.DB {
			return db.Model(&dryNote{ID: "x", TenantID: "t"}).Update("body", "b")
		}, `UPDATE "notes" SET "body"=$1 WHERE "id" = $2`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"struct drops zero fields", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where(&dryNote{ID: "x", TenantID: ""}).Find(&ns)
		}, `SELECT * FROM "notes" WHERE "notes"."id" = $1`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"struct with tenant", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where(&dryNote{ID: "x", TenantID: "t"}).Find(&ns)
		}, `SELECT * FROM "notes" WHERE "notes"."id" = $1 AND "notes"."tenant_id" = $2`, nil},
		{"map sorted", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where(map[string]interface{}{"tenant_id": "t", "id": "x"}).Find(&ns)
		}, `SELECT * FROM "notes" WHERE "notes"."id" = $1 AND "notes"."tenant_id" = $2`, nil},
		{"or", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where("tenant_id = ?", "t").Or("public = ?", true).Find(&ns)
		}, `SELECT * FROM "notes" WHERE tenant_id = $1 OR public = $2`, []sqlquery.ProblemKind{sqlquery.OrEscape}},
		{"or inside a string beside another condition is parenthesised", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where("tenant_id = ?", "t").Where("public = ? OR id = ?", true, "x").Find(&ns)
		}, `SELECT * FROM "notes" WHERE tenant_id = $1 AND (public = $2 OR id = $3)`, nil},
		{"scopes run last", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where("id = ?", "x").Or("public = ?", true).Scopes(byTenant("t")).Find(&ns)
		}, `SELECT * FROM "notes" WHERE id = $1 OR public = $2 AND tenant_id = $3`, []sqlquery.ProblemKind{sqlquery.OrEscape}},
		{"scope with inline condition", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Scopes(byTenant("t")).Find(&ns, "id = ?", "x")
		}, `SELECT * FROM "notes" WHERE id = $1 AND tenant_id = $2`, nil},
		{"first or single", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Or("public = ?", true).Where("tenant_id = ?", "t").Find(&ns)
		}, `SELECT * FROM "notes" WHERE tenant_id = $1 OR public = $2`, []sqlquery.ProblemKind{sqlquery.OrEscape}},
		{"new session drops conditions", func(db *gorm.DB) *gorm.DB {
			var n dryKeyed
			return db.Where("tenant_id = ?", "t").Session(&gorm.Session{NewDB: true, DryRun: true}).First(&n, 7)
		}, `SELECT * FROM "notes" WHERE "notes"."id" = $1 ORDER BY "notes"."id" LIMIT $2`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"group of the tenant or public beside the id", func(db *gorm.DB) *gorm.DB {
			var n dryNote
			return db.Where(db.Where("tenant_id = ?", "t").Or("public = ?", true)).Where("id = ?", "x").First(&n)
		}, `SELECT * FROM "notes" WHERE (tenant_id = $1 OR public = $2) AND id = $3 ORDER BY "notes"."id" LIMIT $4`, []sqlquery.ProblemKind{sqlquery.OrEscape}},
		{"group of the tenant alone", func(db *gorm.DB) *gorm.DB {
			var n dryNote
			return db.Where(db.Where("tenant_id = ?", "t")).Where("id = ?", "x").First(&n)
		}, `SELECT * FROM "notes" WHERE tenant_id = $1 AND id = $2 ORDER BY "notes"."id" LIMIT $3`, nil},
		{"group of the tenant and the project beside an or", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where(db.Where("tenant_id = ?", "t").Where("project_id = ?", "p")).Or("public = ?", true).Find(&ns)
		}, `SELECT * FROM "notes" WHERE (tenant_id = $1 AND project_id = $2) OR public = $3`, []sqlquery.ProblemKind{sqlquery.OrEscape}},
		{"tenant beside a group of ors", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where("tenant_id = ?", "t").Where(db.Where("public = ?", true).Or("id = ?", "x")).Find(&ns)
		}, `SELECT * FROM "notes" WHERE tenant_id = $1 AND (public = $2 OR id = $3)`, nil},
		{"sole group is written unwrapped", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where(db.Where("tenant_id = ?", "t").Or("public = ?", true)).Find(&ns)
		}, `SELECT * FROM "notes" WHERE tenant_id = $1 OR public = $2`, []sqlquery.ProblemKind{sqlquery.OrEscape}},
		{"or of a group", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where("tenant_id = ?", "t").Or(db.Where("public = ?", true).Where("project_id = ?", "p")).Find(&ns)
		}, `SELECT * FROM "notes" WHERE tenant_id = $1 OR (public = $2 AND project_id = $3)`, []sqlquery.ProblemKind{sqlquery.OrEscape}},
		{"group with a struct condition", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where(db.Where(&dryNote{TenantID: "t"}).Where("public = ?", true)).Where("id = ?", "x").Find(&ns)
		}, `SELECT * FROM "notes" WHERE ("notes"."tenant_id" = $1 AND public = $2) AND id = $3`, nil},
		{"group with a scope", func(db *gorm.DB) *gorm.DB {
			var ns []dryNote
			return db.Where(db.Where("id = ?", "x").Or("public = ?", true).Scopes(byTenant("t"))).Where("project_id = ?", "p").Find(&ns)
		}, `SELECT * FROM "notes" WHERE (id = $1 OR public = $2 AND tenant_id = $3) AND project_id = $4`, []sqlquery.ProblemKind{sqlquery.OrEscape}},
		// Preload sends a second query for the children, by the keys of the parents the first
		// one found; the first query is unchanged.
		{"preload leaves the parent query as it is", func(db *gorm.DB) *gorm.DB {
			var p dryProject
			return db.Preload("Tasks").Where("id = ?", "x").First(&p)
		}, `SELECT * FROM "projects" WHERE id = $1 ORDER BY "projects"."id" LIMIT $2`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"preload with conditions leaves the parent query as it is", func(db *gorm.DB) *gorm.DB {
			var p dryProject
			return db.Preload("Tasks", "status = ?", "open").Where("tenant_id = ?", "t").First(&p)
		}, `SELECT * FROM "projects" WHERE tenant_id = $1 ORDER BY "projects"."id" LIMIT $2`, nil},
		// Joins with an association name joins its table under the field's name.
		{"association join", func(db *gorm.DB) *gorm.DB {
			var ts []dryTask
			return db.Joins("Project").Where("tasks.tenant_id = ?", "t").Find(&ts)
		}, `SELECT "tasks"."id","tasks"."tenant_id","tasks"."project_id","tasks"."status","Project"."id" AS "Project__id","Project"."tenant_id" AS "Project__tenant_id","Project"."name" AS "Project__name" FROM "tasks" LEFT JOIN "projects" "Project" ON "tasks"."project_id" = "Project"."id" WHERE tasks.tenant_id = $1`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"association join with the tenant in its ON clause", func(db *gorm.DB) *gorm.DB {
			var ts []dryTask
			return db.Joins("Project", db.Where(&dryProject{TenantID: "t"})).Where("tasks.tenant_id = ?", "t").Find(&ts)
		}, `SELECT "tasks"."id","tasks"."tenant_id","tasks"."project_id","tasks"."status","Project"."id" AS "Project__id","Project"."tenant_id" AS "Project__tenant_id","Project"."name" AS "Project__name" FROM "tasks" LEFT JOIN "projects" "Project" ON "tasks"."project_id" = "Project"."id" AND "Project"."tenant_id" = $1 WHERE tasks.tenant_id = $2`, nil},
		{"association join with an or in its ON clause", func(db *gorm.DB) *gorm.DB {
			var ts []dryTask
			return db.Joins("Project", db.Where(`"Project".tenant_id = ?`, "t").Or(`"Project".name = ?`, "n")).Where("tasks.tenant_id = ?", "t").Find(&ts)
		}, `SELECT "tasks"."id","tasks"."tenant_id","tasks"."project_id","tasks"."status","Project"."id" AS "Project__id","Project"."tenant_id" AS "Project__tenant_id","Project"."name" AS "Project__name" FROM "tasks" LEFT JOIN "projects" "Project" ON "tasks"."project_id" = "Project"."id" AND ("Project".tenant_id = $1 OR "Project".name = $2) WHERE tasks.tenant_id = $3`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		{"inner association join filtered in WHERE", func(db *gorm.DB) *gorm.DB {
			var ts []dryTask
			return db.InnerJoins("Project").Where(&dryTask{TenantID: "t"}).Where(`"Project".tenant_id = ?`, "t").Find(&ts)
		}, `SELECT "tasks"."id","tasks"."tenant_id","tasks"."project_id","tasks"."status","Project"."id" AS "Project__id","Project"."tenant_id" AS "Project__tenant_id","Project"."name" AS "Project__name" FROM "tasks" INNER JOIN "projects" "Project" ON "tasks"."project_id" = "Project"."id" WHERE "tasks"."tenant_id" = $1 AND "Project".tenant_id = $2`, nil},
		// gorm writes Where("Project.tenant_id = ?") as it is; PostgreSQL folds the unquoted
		// name to project, which is not the join's "Project": the query fails, and the filter
		// is not on the joined table.
		{"unquoted association name does not name the join", func(db *gorm.DB) *gorm.DB {
			var ts []dryTask
			return db.Joins("Project").Where("tasks.tenant_id = ? AND Project.tenant_id = ?", "t", "t").Find(&ts)
		}, `SELECT "tasks"."id","tasks"."tenant_id","tasks"."project_id","tasks"."status","Project"."id" AS "Project__id","Project"."tenant_id" AS "Project__tenant_id","Project"."name" AS "Project__name" FROM "tasks" LEFT JOIN "projects" "Project" ON "tasks"."project_id" = "Project"."id" WHERE tasks.tenant_id = $1 AND Project.tenant_id = $2`, []sqlquery.ProblemKind{sqlquery.Unfiltered}},
		// gorm writes every field, the zero tenant_id included: the recogniser reports an
		// INSERT whose struct leaves the tenant zero as one that does not set it.
		{"create sets the fields of the struct", func(db *gorm.DB) *gorm.DB {
			return db.Create(&dryNote{ID: "x", Body: "b"})
		}, `INSERT INTO "notes" ("id","tenant_id","project_id","body","public") VALUES ($1,$2,$3,$4,$5)`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tx := tc.run(dryDB(t))
			if tx.Error != nil {
				t.Fatal(tx.Error)
			}
			got := tx.Statement.SQL.String()
			if got != tc.sql {
				t.Fatalf("gorm wrote\n\t%s\nwant\n\t%s", got, tc.sql)
			}
			q, err := sqlquery.Analyze(got)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []sqlquery.ProblemKind
			for _, p := range q.Check(dryCatalog{}, []string{"tenant_id"}) {
				kinds = append(kinds, p.Kind)
			}
			if !slices.Equal(kinds, tc.kinds) {
				t.Errorf("problems %v, want %v", kinds, tc.kinds)
			}
		})
	}
}

// TestGormDryRunRefusesUnconditionedDelete: gorm sends no DELETE without conditions, so the
// recogniser reports none.
func TestGormDryRunRefusesUnconditionedDelete(t *testing.T) {
	tx := dryDB(t).Delete(&dryNote{})
	if tx.Error != gorm.ErrMissingWhereClause {
		t.Fatalf("error %v, want ErrMissingWhereClause", tx.Error)
	}
}

// TestGormNaming: the recogniser's table and column names are gorm's default naming strategy.
func TestGormNaming(t *testing.T) {
	ns := schema.NamingStrategy{}
	for _, name := range []string{"Note", "UserID", "TenantID", "HTTPRequest", "APIKey", "Category", "Person", "Status",
		"OrderItem", "TenantUUID", "Address1", "URLPath", "ID", "JSONData", "OAuthToken", "Box", "Leaf"} {
		if got, want := gormDBName(name), ns.ColumnName("", name); got != want {
			t.Errorf("column of %s: %s, gorm says %s", name, got, want)
		}
		if got, want := pluralTable(name), ns.TableName(name); got != want {
			t.Errorf("table of %s: %s, gorm says %s", name, got, want)
		}
	}
}
