// Package sqlcheck reads a project's PostgreSQL migrations, parses every statement with
// pg_query (the PostgreSQL parser), replays them in order into a schema model and checks the
// final state for tenant isolation problems: missing or weak row level security, policies that
// do not isolate, tenant-unaware keys, leaky views and functions, dangerous roles and grants.
//
// Findings point at the statement that caused them, as file:line:col of the original file.
package sqlcheck

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

// modelVersion is the version of the serialised model.
const modelVersion = 5 // 2: role membership, old policy roles, lost columns, policy helper functions; 3: uuid columns; 4: loop RLS; 5: unproved membership columns

// Schema is the state of the database after every migration has been applied, plus the events
// rules need (statements that weaken isolation and statements that cannot be analysed).
type Schema struct {
	Tables    map[string]*Table    `json:"tables"`
	Views     map[string]*View     `json:"views,omitempty"`
	Functions map[string]*Function `json:"functions,omitempty"`
	Roles     map[string]*Role     `json:"roles,omitempty"`
	Schemas   []string             `json:"schemas,omitempty"`
	Events    []*Event             `json:"events,omitempty"`
	Files     []File               `json:"files,omitempty"`

	// LoopRLS and LoopForce are the EXECUTEs of PL/pgSQL blocks that enabled or forced row level
	// security on some table: a table they did not reach is named with them.
	LoopRLS   []Pos `json:"loop_rls,omitempty"`
	LoopForce []Pos `json:"loop_force,omitempty"`

	// Classification inputs, kept so that a model read from disk answers queries alone.
	TenantColumns []string   `json:"tenant_columns"`
	TenantSetting string     `json:"tenant_setting"`
	Inferred      *Inference `json:"inferred,omitempty"`

	appRole string // the application role the coverage queries are answered for
	tenants string // the tenants table, worked out by classify ("" when unknown)
}

// Table is a table (or partitioned table) and what protects it.
type Table struct {
	Name        string    `json:"name"` // schema.table
	Pos         Pos       `json:"pos"`  // the CREATE TABLE statement
	Columns     []*Column `json:"columns"`
	PK          *Key      `json:"pk,omitempty"`
	Uniques     []*Key    `json:"uniques,omitempty"`
	FKs         []*FK     `json:"fks,omitempty"`
	Indexes     []*Index  `json:"indexes,omitempty"`
	Partitioned bool      `json:"partitioned,omitempty"`

	RLS        bool `json:"rls,omitempty"`
	RLSPos     *Pos `json:"rls_pos,omitempty"`
	Force      bool `json:"force,omitempty"`
	ForcePos   *Pos `json:"force_pos,omitempty"`
	DisablePos *Pos `json:"disable_pos,omitempty"` // DISABLE ROW LEVEL SECURITY after ENABLE
	NoForcePos *Pos `json:"no_force_pos,omitempty"`

	Policies []*Policy        `json:"policies,omitempty"`
	Dropped  []*DroppedPolicy `json:"dropped_policies,omitempty"`

	Owner    string            `json:"owner,omitempty"`
	OwnerPos *Pos              `json:"owner_pos,omitempty"`
	Grants   map[string]*Grant `json:"grants,omitempty"` // by role ("public" for PUBLIC)

	Parent     string `json:"parent,omitempty"`
	ParentKind string `json:"parent_kind,omitempty"` // partition or inherits
	ParentPos  *Pos   `json:"parent_pos,omitempty"`

	GlobalReason string `json:"global_reason,omitempty"` // from a tenantvet:global comment

	// Lost records columns dropped or renamed by ALTER TABLE: losing the tenant column turns a
	// tenant table into one whose rows belong to nobody.
	Lost []*LostColumn `json:"lost_columns,omitempty"`

	// Classification, computed after replay.
	Tenant    bool   `json:"tenant,omitempty"`
	TenantCol string `json:"tenant_col,omitempty"`
	Global    bool   `json:"global,omitempty"`
}

// Column is a table column.
type Column struct {
	Name      string `json:"name"`
	NotNull   bool   `json:"not_null,omitempty"`
	Generated bool   `json:"generated,omitempty"` // identity or a generated UUID default
	UUID      bool   `json:"uuid,omitempty"`      // declared uuid: a random identifier, whoever generates it
	Pos       Pos    `json:"pos"`
	NullPos   *Pos   `json:"null_pos,omitempty"` // a later DROP NOT NULL
}

// LostColumn is a column an ALTER TABLE dropped or renamed.
type LostColumn struct {
	Name    string `json:"name"`
	NewName string `json:"new_name,omitempty"` // set for RENAME COLUMN
	Pos     Pos    `json:"pos"`
}

// Key is a primary key, unique constraint or unique index.
type Key struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"` // primary key, unique constraint, unique index
	Cols    []string `json:"cols"` // "" for an expression
	Partial bool     `json:"partial,omitempty"`
	Pos     Pos      `json:"pos"`
}

// FK is a foreign key.
type FK struct {
	Name     string   `json:"name"`
	Cols     []string `json:"cols"`
	RefTable string   `json:"ref_table"`
	RefCols  []string `json:"ref_cols,omitempty"`
	Pos      Pos      `json:"pos"`
}

// Index is an index (unique indexes are also listed as keys).
type Index struct {
	Name    string   `json:"name"`
	Cols    []string `json:"cols"` // "" for an expression
	Unique  bool     `json:"unique,omitempty"`
	Partial bool     `json:"partial,omitempty"`
	Pos     Pos      `json:"pos"`
}

// Policy is a row level security policy, with its expressions reduced to what isolation needs.
type Policy struct {
	Name       string   `json:"name"`
	Cmd        string   `json:"cmd"` // all, select, insert, update, delete
	Permissive bool     `json:"permissive"`
	Roles      []string `json:"roles"` // "public" for PUBLIC
	Using      *Pred    `json:"using,omitempty"`
	Check      *Pred    `json:"check,omitempty"`
	Pos        Pos      `json:"pos"`
	Altered    bool     `json:"altered,omitempty"` // Pos is an ALTER POLICY
	// OldRoles are the roles the policy applied to before an ALTER POLICY ... TO changed them.
	OldRoles []string `json:"old_roles,omitempty"`
}

// DroppedPolicy records a DROP POLICY and the policy it removed.
type DroppedPolicy struct {
	Policy *Policy `json:"policy"`
	Pos    Pos     `json:"pos"`
}

// Pred summarises a policy expression.
type Pred struct {
	// Isolates lists the top-level AND conjuncts of the form column = current_setting(setting).
	Isolates   []Pair `json:"isolates,omitempty"`
	Escapes    bool   `json:"escapes,omitempty"`  // such a comparison inside an OR
	IsNull     string `json:"is_null,omitempty"`  // a column IS NULL test that lets rows through
	Coalesce   bool   `json:"coalesce,omitempty"` // coalesce() fallback around the setting
	AlwaysTrue bool   `json:"true,omitempty"`     // true, 1=1 and the like
	Text       string `json:"text,omitempty"`
	// Members lists the columns top-level AND conjuncts test against the memberships of the
	// signed-in user (membership.go); Membership is set when the expression tries such a test,
	// proved or not, and MemberWhy says why one proves nothing. MemberTried lists the columns
	// that membership tests which prove nothing (not limited to the user, escaped by an OR)
	// compare.
	Members     []string `json:"members,omitempty"`
	MemberTried []string `json:"member_tried,omitempty"`
	Membership  bool     `json:"membership,omitempty"`
	MemberWhy   string   `json:"member_why,omitempty"`
	Own         bool     `json:"own,omitempty"` // a user column = the signed-in user: only the user's own rows
}

// Pair is a tenant column compared with a setting.
type Pair struct {
	Col     string `json:"col"`
	Setting string `json:"setting"`
	// Func is the function (current_tenant_id() and the like) that returned the setting when
	// the policy was created; a later CREATE OR REPLACE or DROP of it changes the comparison.
	Func string `json:"func,omitempty"`
}

// setting returns the setting the pair compares with in the final state: a function's body
// may have been replaced or dropped since the policy was created.
func (s *Schema) setting(p Pair) (string, *Function) {
	if p.Func == "" {
		return p.Setting, nil
	}
	f := s.Functions[p.Func]
	if f == nil {
		return "", nil
	}
	return f.Setting, f
}

// Grant is the table privileges a role holds.
type Grant struct {
	Privs []string `json:"privs"` // lower case; "all" expanded
	Pos   Pos      `json:"pos"`   // the last GRANT adding privileges
}

// View is a view or materialized view.
type View struct {
	Name            string   `json:"name"`
	Materialized    bool     `json:"materialized,omitempty"`
	SecurityInvoker bool     `json:"security_invoker,omitempty"`
	Refs            []string `json:"refs,omitempty"`
	Pos             Pos      `json:"pos"`
	ResetPos        *Pos     `json:"reset_pos,omitempty"` // ALTER VIEW that turned security_invoker off
}

// Function is a function or procedure.
type Function struct {
	Name            string   `json:"name"`
	SecurityDefiner bool     `json:"security_definer,omitempty"`
	SearchPath      bool     `json:"search_path,omitempty"` // SET search_path pinned
	Refs            []string `json:"refs,omitempty"`
	Setting         string   `json:"setting,omitempty"`    // the setting a one-expression body returns
	User            bool     `json:"user,omitempty"`       // returns the signed-in user (auth.uid() and the like)
	MemberSet       bool     `json:"member_set,omitempty"` // returns the signed-in user's memberships
	MemberArg       int      `json:"member_arg,omitempty"` // 1-based argument checked against the user's memberships
	Pos             Pos      `json:"pos"`
}

// Role is a database role created or altered by the migrations.
type Role struct {
	Name      string `json:"name"`
	BypassRLS bool   `json:"bypassrls,omitempty"`
	Superuser bool   `json:"superuser,omitempty"`
	Pos       Pos    `json:"pos"`
	// MemberOf lists the roles this role was granted (GRANT group TO role, CREATE ROLE ... IN
	// ROLE group): policies for those roles apply to it too.
	MemberOf []string `json:"member_of,omitempty"`
}

// Event is something a statement did that a rule looks at as it happened.
type Event struct {
	Kind    string `json:"kind"` // session-setting, row-security-off, unanalysed, unanalysed-body
	Setting string `json:"setting,omitempty"`
	Detail  string `json:"detail,omitempty"`
	Pos     Pos    `json:"pos"`
	// Tables are the tables an unanalysed-body event may touch: it is reported only when one is
	// a tenant table.
	Tables []string `json:"tables,omitempty"`
}

// Inference records the tenant column and setting inferred from the policies.
type Inference struct {
	Col     string `json:"col"`
	Setting string `json:"setting"`
	Pos     Pos    `json:"pos"`
}

func newSchema() *Schema {
	return &Schema{
		Tables:    map[string]*Table{},
		Views:     map[string]*View{},
		Functions: map[string]*Function{},
		Roles:     map[string]*Role{},
	}
}

// lookup resolves a table name: a qualified name directly, an unqualified one via public, then
// via any schema holding a table of that name.
func (s *Schema) lookup(name string) *Table {
	if s == nil {
		return nil
	}
	t, _ := lookupRelation(s.Tables, name)
	return t
}

// lookupRelation finds a relation by the name a query uses: quoted or not, schema-qualified or
// not (public first, then the only schema that has it).
func lookupRelation[T any](rels map[string]T, name string) (T, bool) {
	var zero T
	name = strings.ReplaceAll(name, `"`, "")
	for _, n := range []string{name, strings.ToLower(name)} {
		if t, ok := rels[n]; ok {
			return t, true
		}
		if !strings.Contains(n, ".") {
			if t, ok := rels["public."+n]; ok {
				return t, true
			}
		}
	}
	if strings.Contains(name, ".") {
		return zero, false
	}
	name = strings.ToLower(name)
	found, n := zero, 0
	for k, t := range rels {
		if strings.HasSuffix(k, "."+name) {
			found = t
			n++
		}
	}
	if n != 1 {
		return zero, false
	}
	return found, true
}

// TenantColumn reports whether table is tenant-owned and names its tenant column ("" for a
// table listed in tenant-tables without such a column, and for a child table: see
// TenantParents).
func (s *Schema) TenantColumn(table string) (col string, ok bool) {
	t := s.lookup(table)
	if t == nil {
		return "", false
	}
	if !t.Tenant {
		return "", len(s.parentsOf(t, s.tenantsTables())) > 0
	}
	return t.TenantCol, true
}

// TenantParents returns the parents of a child table: a table that is neither tenant-owned
// nor global but has foreign keys to tenant-owned tables (the migration checker's TV5024) holds
// the tenant data of the parent rows it references. It is nil for every other table.
func (s *Schema) TenantParents(table string) []sqlquery.Parent {
	t := s.lookup(table)
	if t == nil {
		return nil
	}
	return s.parentsOf(t, s.tenantsTables())
}

// parentsOf returns the foreign keys of t to tenant-owned tables with a tenant column, and to
// child tables (a grandchild such as comment_reactions -> comments -> posts; the parent's
// Column is then ""), when t has no tenant column, is not global and is not a tenants table
// (tenants lists those).
func (s *Schema) parentsOf(t *Table, tenants map[string]bool) []sqlquery.Parent {
	return s.parentsVia(t, tenants, map[*Table]bool{})
}

// parentsVia is parentsOf, with the tables whose parents are being worked out in seen, so that
// a cycle of foreign keys among tables without a tenant column ends.
func (s *Schema) parentsVia(t *Table, tenants map[string]bool, seen map[*Table]bool) []sqlquery.Parent {
	if t.Tenant || t.Global || tenants[t.Name] || seen[t] {
		return nil
	}
	seen[t] = true
	defer delete(seen, t)
	var out []sqlquery.Parent
	for _, fk := range t.FKs {
		ref := s.Tables[fk.RefTable]
		if ref == nil || ref == t {
			continue
		}
		if !ref.Tenant && len(s.parentsVia(ref, tenants, seen)) == 0 || ref.Tenant && ref.TenantCol == "" {
			continue
		}
		refCols := fk.RefCols
		if len(refCols) == 0 && ref.PK != nil {
			refCols = ref.PK.Cols
		}
		if len(refCols) == 0 || len(refCols) != len(fk.Cols) || slices.Contains(refCols, "") || slices.Contains(fk.Cols, "") {
			continue
		}
		out = append(out, sqlquery.Parent{
			Table: strings.TrimPrefix(ref.Name, "public."), Column: ref.TenantCol,
			Cols: slices.Clone(fk.Cols), RefCols: slices.Clone(refCols),
		})
	}
	return out
}

// tenantsTables returns the tables that hold the tenants themselves: the one classify found,
// and any that a tenant column references (a model read from a file does not keep the first).
func (s *Schema) tenantsTables() map[string]bool {
	out := map[string]bool{}
	if s.tenants != "" {
		out[s.tenants] = true
	}
	for _, t := range s.Tables {
		for _, fk := range t.FKs {
			if t.Tenant && len(fk.Cols) == 1 && fk.Cols[0] == t.TenantCol {
				out[fk.RefTable] = true
			}
		}
	}
	return out
}

// IsGlobal reports whether table holds global data (configured or marked tenantvet:global).
func (s *Schema) IsGlobal(table string) bool {
	t := s.lookup(table)
	return t != nil && t.Global
}

// Known reports whether the migrations create table, or a view of that name.
func (s *Schema) Known(table string) bool {
	if s.lookup(table) != nil {
		return true
	}
	if s == nil {
		return false
	}
	name := strings.ReplaceAll(table, `"`, "")
	if !strings.Contains(name, ".") {
		name = "public." + name
	}
	return s.Views[name] != nil
}

// HasRLS reports whether some tenant-owned table has row level security enabled and forced
// with a policy isolating reads, that is whether the project relies on RLS.
func (s *Schema) HasRLS() bool {
	if s == nil {
		return false
	}
	for _, t := range s.Tables {
		if t.Tenant && s.tableHasRLS(t) {
			return true
		}
	}
	return false
}

// TableHasRLS reports whether table has row level security enabled and forced and reads of it
// are isolated by a policy using the tenant column and setting.
func (s *Schema) TableHasRLS(table string) bool {
	t := s.lookup(table)
	return t != nil && s.tableHasRLS(t)
}

// RLSEnabled reports whether row level security is enabled on table, whatever its policies.
func (s *Schema) RLSEnabled(table string) bool {
	t := s.lookup(table)
	return t != nil && t.RLS
}

func (s *Schema) tableHasRLS(t *Table) bool {
	if !t.RLS || !t.Force || t.TenantCol == "" {
		return false
	}
	c := s.coverage(t, s.appRole, "select")
	return c.covered && c.usingOK
}

// modelFile is the serialised form.
type modelFile struct {
	Version int `json:"version"`
	*schemaAlias
	AppRole string `json:"app_role,omitempty"`
}

type schemaAlias Schema

// MarshalJSON writes the model in its stable serialised form (maps are sorted by key).
func (s *Schema) MarshalJSON() ([]byte, error) {
	return json.Marshal(modelFile{Version: modelVersion, schemaAlias: (*schemaAlias)(s), AppRole: s.appRole})
}

// UnmarshalJSON reads a model written by MarshalJSON.
func (s *Schema) UnmarshalJSON(data []byte) error {
	*s = *newSchema()
	m := modelFile{schemaAlias: (*schemaAlias)(s)}
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	if m.Version != modelVersion {
		return fmt.Errorf("schema model version %d is not %d: regenerate it with tenantvet sql -schema-out", m.Version, modelVersion)
	}
	s.appRole = m.AppRole
	for _, m := range []any{&s.Tables, &s.Views, &s.Functions, &s.Roles} {
		switch p := m.(type) {
		case *map[string]*Table:
			if *p == nil {
				*p = map[string]*Table{}
			}
		case *map[string]*View:
			if *p == nil {
				*p = map[string]*View{}
			}
		case *map[string]*Function:
			if *p == nil {
				*p = map[string]*Function{}
			}
		case *map[string]*Role:
			if *p == nil {
				*p = map[string]*Role{}
			}
		}
	}
	return nil
}

// WriteModel writes s to path atomically.
func WriteModel(path string, s *Schema) error {
	data, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return err
	}
	return writeAtomic(path, append(data, '\n'))
}

// ReadModel reads a model written by WriteModel.
func ReadModel(path string) (*Schema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read schema model: %w", err)
	}
	s := newSchema()
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("read schema model %s: %w", path, err)
	}
	return s, nil
}

func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// sortedTables returns the tables in name order.
func (s *Schema) sortedTables() []*Table {
	out := make([]*Table, 0, len(s.Tables))
	for _, t := range s.Tables {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *Table) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func (t *Table) column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}
