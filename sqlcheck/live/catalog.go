package live

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/tenantvet/tenantvet/sqlcheck"
)

// catalog is what one read of the system catalogs found.
type catalog struct {
	version  int    // server_version_num
	database string // current_database()
	model    *sqlcheck.LiveModel
	tables   map[uint32]*sqlcheck.Table // by pg_class oid
	columns  map[uint32]map[int16]*column
	problems []string // definitions that could not be read, reported as errors
	// bypassVia maps a login role to the BYPASSRLS or SUPERUSER role it can SET ROLE to.
	bypassVia map[string]string
}

// column is a column with what the probe needs beyond the model.
type column struct {
	*sqlcheck.Column
	typ       string // format_type
	hasDef    bool
	identity  string // attidentity: a (always), d (by default) or ""
	generated bool   // attgenerated: a stored generated column
}

// readCatalog reads everything the rules need in one READ ONLY, REPEATABLE READ transaction,
// so the model is one consistent snapshot. search_path is emptied for the transaction, so that
// pg_get_expr, pg_get_viewdef and pg_get_functiondef qualify every name outside pg_catalog.
//
// The queries work on PostgreSQL 13 to 17. Version branches: pg_auth_members gained
// inherit_option and set_option in 16 (before, rolinherit decides inheritance and any member
// may SET ROLE); security_invoker views exist from 15 (before, every view runs as its owner).
func readCatalog(ctx context.Context, conn *pgx.Conn, schemas []string) (*catalog, error) {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return nil, fmt.Errorf("begin read-only transaction: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only: nothing to keep
	// Printing a view's definition locks the view: never wait behind a migration's DDL.
	if _, err := tx.Exec(ctx, "SET LOCAL search_path = ''; SET LOCAL lock_timeout = '5s'; SET LOCAL statement_timeout = '120s'"); err != nil {
		return nil, fmt.Errorf("set search_path: %w", err)
	}
	c := &catalog{model: sqlcheck.NewLiveModel(), tables: map[uint32]*sqlcheck.Table{}, columns: map[uint32]map[int16]*column{}, bypassVia: map[string]string{}}
	if err := tx.QueryRow(ctx, "SELECT current_setting('server_version_num')::int, current_database()").Scan(&c.version, &c.database); err != nil {
		return nil, fmt.Errorf("read server version: %w", err)
	}
	if c.version < 130000 {
		return nil, fmt.Errorf("PostgreSQL %d.%d is not supported: tenantvet db reads the catalogs of PostgreSQL 13 and later", c.version/10000, c.version%10000)
	}
	var nsp []uint32
	rows, err := tx.Query(ctx, `
		SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
		WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
		  AND n.nspname !~ '^pg_(temp|toast_temp)_'
		  AND (coalesce(cardinality($1::text[]), 0) = 0 OR n.nspname = ANY($1))
		  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = n.oid AND d.deptype = 'e')
		ORDER BY n.nspname`, schemas)
	if err != nil {
		return nil, fmt.Errorf("read pg_namespace: %w", err)
	}
	var found []string
	if err := forEach(rows, func() error {
		var oid uint32
		var name string
		if err := rows.Scan(&oid, &name); err != nil {
			return err
		}
		nsp = append(nsp, oid)
		found = append(found, name)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read pg_namespace: %w", err)
	}
	for _, s := range schemas {
		if !slices.Contains(found, s) {
			return nil, fmt.Errorf("schema %s does not exist in database %s", s, c.database)
		}
	}
	s := c.model.Schema()
	s.Schemas = found
	steps := []struct {
		what string
		fn   func(context.Context, pgx.Tx, []uint32) error
	}{
		{"pg_roles and pg_auth_members", c.readRoles},
		{"pg_db_role_setting", c.readSettings},
		{"pg_proc", c.readFunctions}, // before policies: a policy may call current_tenant_id()
		{"pg_class", c.readTables},
		{"pg_attribute", c.readColumns},
		{"pg_constraint", c.readConstraints},
		{"pg_index", c.readIndexes},
		{"pg_inherits", c.readInherits},
		{"pg_policy", c.readPolicies},
		{"table privileges", c.readGrants},
		{"views", c.readViews}, // after tables: view references resolve against them
	}
	for _, st := range steps {
		if err := st.fn(ctx, tx, nsp); err != nil {
			return nil, fmt.Errorf("read %s: %w", st.what, err)
		}
	}
	return c, nil
}

// forEach calls fn for every row and returns the first error, the rows' included.
func forEach(rows pgx.Rows, fn func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// readRoles reads the roles and their memberships. A role matters to this database when it may
// connect to it. Roles with BYPASSRLS or SUPERUSER are recorded when they can log in; the
// bootstrap superuser (the cluster's first role, oid 10, which every installation has and the
// platform needs) is left out, or every database would report it.
func (c *catalog) readRoles(ctx context.Context, tx pgx.Tx, _ []uint32) error {
	s := c.model.Schema()
	type role struct {
		name                          string
		super, bypass, login, inherit bool
		connect                       bool
	}
	byOID := map[uint32]*role{}
	rows, err := tx.Query(ctx, `
		SELECT r.oid, r.rolname, r.rolsuper, r.rolbypassrls, r.rolcanlogin, r.rolinherit,
		       pg_catalog.has_database_privilege(r.oid, pg_catalog.current_database(), 'CONNECT')
		FROM pg_catalog.pg_roles r WHERE r.rolname !~ '^pg_'`)
	if err != nil {
		return err
	}
	if err := forEach(rows, func() error {
		var oid uint32
		r := &role{}
		if err := rows.Scan(&oid, &r.name, &r.super, &r.bypass, &r.login, &r.inherit, &r.connect); err != nil {
			return err
		}
		byOID[oid] = r
		return nil
	}); err != nil {
		return err
	}
	q := `SELECT m.roleid, m.member, true, true FROM pg_catalog.pg_auth_members m`
	if c.version >= 160000 {
		q = `SELECT m.roleid, m.member, m.inherit_option, m.set_option FROM pg_catalog.pg_auth_members m`
	}
	rows, err = tx.Query(ctx, q)
	if err != nil {
		return err
	}
	canSet := map[string][]string{} // member -> groups it may SET ROLE to
	if err := forEach(rows, func() error {
		var group, member uint32
		var inherit, set bool
		if err := rows.Scan(&group, &member, &inherit, &set); err != nil {
			return err
		}
		g, m := byOID[group], byOID[member]
		if g == nil || m == nil {
			return nil
		}
		if c.version < 160000 {
			inherit = m.inherit
		}
		if inherit {
			sr := s.Roles[m.name]
			if sr == nil {
				sr = &sqlcheck.Role{Name: m.name, Pos: sqlcheck.ObjectPos("role " + m.name)}
				s.Roles[m.name] = sr
			}
			sr.MemberOf = append(sr.MemberOf, g.name)
		}
		if set {
			canSet[m.name] = append(canSet[m.name], g.name)
		}
		return nil
	}); err != nil {
		return err
	}
	privileged := map[string]bool{}
	for oid, r := range byOID {
		if (r.super || r.bypass) && oid != 10 {
			privileged[r.name] = true
		}
	}
	for oid, r := range byOID {
		if !r.login || !r.connect || oid == 10 {
			continue
		}
		sr := s.Roles[r.name]
		if sr == nil {
			sr = &sqlcheck.Role{Name: r.name, Pos: sqlcheck.ObjectPos("role " + r.name)}
			s.Roles[r.name] = sr
		}
		sr.Superuser, sr.BypassRLS = r.super, r.bypass
		if r.super || r.bypass {
			continue
		}
		// SET ROLE reaches every group reachable through memberships that allow it.
		seen := map[string]bool{r.name: true}
		queue := []string{r.name}
		for len(queue) > 0 && c.bypassVia[r.name] == "" {
			cur := queue[0]
			queue = queue[1:]
			for _, g := range canSet[cur] {
				if seen[g] {
					continue
				}
				seen[g] = true
				if privileged[g] {
					c.bypassVia[r.name] = g
					break
				}
				queue = append(queue, g)
			}
		}
	}
	return nil
}

// readSettings records tenant settings and row_security = off stored on roles or on this
// database (pg_db_role_setting), for every database or this one.
func (c *catalog) readSettings(ctx context.Context, tx pgx.Tx, _ []uint32) error {
	s := c.model.Schema()
	rows, err := tx.Query(ctx, `
		SELECT coalesce(r.rolname, ''), coalesce(d.datname, ''), coalesce(s.setconfig, '{}'),
		       r.oid IS NULL OR pg_catalog.has_database_privilege(r.oid, pg_catalog.current_database(), 'CONNECT')
		FROM pg_catalog.pg_db_role_setting s
		LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
		LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
		WHERE s.setdatabase = 0 OR d.datname = pg_catalog.current_database()
		ORDER BY 1, 2`)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var role, db string
		var config []string
		var connect bool
		if err := rows.Scan(&role, &db, &config, &connect); err != nil {
			return err
		}
		if !connect || strings.HasPrefix(role, "pg_") {
			return nil
		}
		object, stmt := "role "+role, "ALTER ROLE "+role
		switch {
		case role != "" && db != "":
			object, stmt = "role "+role+" in database "+db, "ALTER ROLE "+role+" IN DATABASE "+db
		case role == "":
			object, stmt = "database "+db, "ALTER DATABASE "+db
		}
		for _, kv := range config {
			name, value, _ := strings.Cut(kv, "=")
			switch {
			case strings.EqualFold(name, "row_security") && isOff(value):
				s.Events = append(s.Events, &sqlcheck.Event{Kind: "row-security-off", Pos: sqlcheck.ObjectPos(object)})
			case strings.Contains(name, ".") && value != "":
				s.Events = append(s.Events, &sqlcheck.Event{Kind: "session-setting", Setting: name, Detail: stmt + " SET " + name, Pos: sqlcheck.ObjectPos(object)})
			}
		}
		return nil
	})
}

func isOff(v string) bool {
	switch strings.ToLower(strings.Trim(v, `"' `)) {
	case "off", "false", "no", "0":
		return true
	}
	return false
}

// readFunctions replays every function and procedure of the schemas (not those of extensions).
// SECURITY DEFINER and the pinned search_path are taken from pg_proc itself.
func (c *catalog) readFunctions(ctx context.Context, tx pgx.Tx, nsp []uint32) error {
	rows, err := tx.Query(ctx, `
		SELECT n.nspname, p.proname, pg_catalog.pg_get_functiondef(p.oid), p.prosecdef,
		       coalesce(p.proconfig, '{}'), p.prokind::text
		FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
		WHERE p.pronamespace = ANY($1) AND p.prokind IN ('f', 'p')
		  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')
		ORDER BY 1, 2`, nsp)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var schema, name, def, kind string
		var secdef bool
		var config []string
		if err := rows.Scan(&schema, &name, &def, &secdef, &config, &kind); err != nil {
			return err
		}
		object := "function " + schema + "." + name
		if kind == "p" {
			object = "procedure " + schema + "." + name
		}
		f, err := c.model.AddFunction(object, def)
		if err != nil {
			c.problems = append(c.problems, err.Error())
			return nil
		}
		if f != nil {
			f.SecurityDefiner = secdef
			f.SearchPath = false
			for _, kv := range config {
				if k, v, _ := strings.Cut(kv, "="); strings.EqualFold(k, "search_path") && strings.TrimSpace(v) != "" {
					f.SearchPath = true
				}
			}
		}
		return nil
	})
}

// readTables reads the tables and partitioned tables, their RLS flags and owners. A table whose
// comment starts with "tenantvet:global -- reason" is global, as the SQL comment is in migrations.
func (c *catalog) readTables(ctx context.Context, tx pgx.Tx, nsp []uint32) error {
	s := c.model.Schema()
	rows, err := tx.Query(ctx, `
		SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.relrowsecurity, c.relforcerowsecurity,
		       pg_catalog.pg_get_userbyid(c.relowner), coalesce(pg_catalog.obj_description(c.oid, 'pg_class'), '')
		FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relnamespace = ANY($1) AND c.relkind IN ('r', 'p')
		  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')`, nsp)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var oid uint32
		var schema, name, kind, owner, comment string
		var rls, force bool
		if err := rows.Scan(&oid, &schema, &name, &kind, &rls, &force, &owner, &comment); err != nil {
			return err
		}
		qn := schema + "." + name
		pos := sqlcheck.ObjectPos(qn)
		t := &sqlcheck.Table{Name: qn, Pos: pos, Partitioned: kind == "p", RLS: rls, Force: force, Owner: owner, OwnerPos: &pos, Grants: map[string]*sqlcheck.Grant{}}
		if rest, ok := strings.CutPrefix(strings.TrimSpace(comment), "tenantvet:global"); ok {
			t.GlobalReason = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "--"))
			if t.GlobalReason == "" {
				t.GlobalReason = "table comment"
			}
		}
		s.Tables[qn] = t
		c.tables[oid] = t
		return nil
	})
}

func (c *catalog) readColumns(ctx context.Context, tx pgx.Tx, nsp []uint32) error {
	rows, err := tx.Query(ctx, `
		SELECT a.attrelid, a.attnum, a.attname, a.attnotnull, a.attidentity::text, a.attgenerated::text,
		       pg_catalog.format_type(a.atttypid, a.atttypmod), coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), ''), d.oid IS NOT NULL
		FROM pg_catalog.pg_attribute a
		JOIN pg_catalog.pg_class rc ON rc.oid = a.attrelid AND rc.relnamespace = ANY($1) AND rc.relkind IN ('r', 'p')
		LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE a.attnum > 0 AND NOT a.attisdropped
		ORDER BY a.attrelid, a.attnum`, nsp)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var rel uint32
		var num int16
		var name, identity, generated, typ, def string
		var notNull, hasDef bool
		if err := rows.Scan(&rel, &num, &name, &notNull, &identity, &generated, &typ, &def, &hasDef); err != nil {
			return err
		}
		t := c.tables[rel]
		if t == nil {
			return nil // a table of an extension
		}
		col := &sqlcheck.Column{Name: name, NotNull: notNull, Pos: sqlcheck.ObjectPos("column " + t.Name + "." + name)}
		col.Generated = identity != "" || hasDef && generated == "" && c.model.GeneratedDefault(def) ||
			hasDef && strings.HasPrefix(def, "nextval(")
		t.Columns = append(t.Columns, col)
		if c.columns[rel] == nil {
			c.columns[rel] = map[int16]*column{}
		}
		c.columns[rel][num] = &column{Column: col, typ: typ, hasDef: hasDef, identity: identity, generated: generated != ""}
		return nil
	})
}

// colNames maps attribute numbers to names; 0 (an expression) becomes "".
func (c *catalog) colNames(rel uint32, nums []int16) []string {
	out := make([]string, 0, len(nums))
	for _, n := range nums {
		if col := c.columns[rel][n]; col != nil {
			out = append(out, col.Name)
		} else {
			out = append(out, "")
		}
	}
	return out
}

func (c *catalog) readConstraints(ctx context.Context, tx pgx.Tx, nsp []uint32) error {
	rows, err := tx.Query(ctx, `
		SELECT k.conrelid, k.conname, k.contype::text, k.conkey, coalesce(fn.nspname || '.' || f.relname, ''), k.confrelid, coalesce(k.confkey, '{}')
		FROM pg_catalog.pg_constraint k
		JOIN pg_catalog.pg_class rc ON rc.oid = k.conrelid AND rc.relnamespace = ANY($1) AND rc.relkind IN ('r', 'p')
		LEFT JOIN pg_catalog.pg_class f ON f.oid = k.confrelid
		LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
		WHERE k.contype IN ('p', 'u', 'f')
		ORDER BY k.conrelid, k.conname`, nsp)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var rel, frel uint32
		var name, kind, ref string
		var keys, fkeys []int16
		if err := rows.Scan(&rel, &name, &kind, &keys, &ref, &frel, &fkeys); err != nil {
			return err
		}
		t := c.tables[rel]
		if t == nil {
			return nil // a table of an extension
		}
		cols := c.colNames(rel, keys)
		pos := sqlcheck.ObjectPos("constraint " + name + " on " + t.Name)
		switch kind {
		case "p":
			t.PK = &sqlcheck.Key{Name: name, Kind: "primary key", Cols: cols, Pos: pos}
		case "u":
			t.Uniques = append(t.Uniques, &sqlcheck.Key{Name: name, Kind: "unique constraint", Cols: cols, Pos: pos})
			t.Indexes = append(t.Indexes, &sqlcheck.Index{Name: name, Cols: cols, Unique: true, Pos: pos})
		case "f":
			fk := &sqlcheck.FK{Name: name, Cols: cols, RefTable: ref, Pos: pos}
			if c.columns[frel] != nil {
				fk.RefCols = c.colNames(frel, fkeys)
			} else {
				fk.RefCols = nil // a table outside the schemas read: its columns are not known
			}
			t.FKs = append(t.FKs, fk)
		}
		return nil
	})
}

// readIndexes reads indexes that back no constraint (those are keys already). Only key columns
// count: INCLUDE columns do not lead an index.
func (c *catalog) readIndexes(ctx context.Context, tx pgx.Tx, nsp []uint32) error {
	rows, err := tx.Query(ctx, `
		SELECT i.indrelid, ic.relname, i.indisunique, i.indkey::int2[], i.indnkeyatts, i.indpred IS NOT NULL
		FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
		JOIN pg_catalog.pg_class rc ON rc.oid = i.indrelid AND rc.relnamespace = ANY($1) AND rc.relkind IN ('r', 'p')
		WHERE true
		  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))
		ORDER BY i.indrelid, ic.relname`, nsp)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var rel uint32
		var name string
		var unique, partial bool
		var keys []int16
		var nkey int16
		if err := rows.Scan(&rel, &name, &unique, &keys, &nkey, &partial); err != nil {
			return err
		}
		t := c.tables[rel]
		if t == nil {
			return nil // a table of an extension
		}
		if int(nkey) < len(keys) {
			keys = keys[:nkey]
		}
		pos := sqlcheck.ObjectPos("index " + name + " on " + t.Name)
		ix := &sqlcheck.Index{Name: name, Cols: c.colNames(rel, keys), Unique: unique, Partial: partial, Pos: pos}
		t.Indexes = append(t.Indexes, ix)
		if unique {
			t.Uniques = append(t.Uniques, &sqlcheck.Key{Name: name, Kind: "unique index", Cols: ix.Cols, Partial: partial, Pos: pos})
		}
		return nil
	})
}

func (c *catalog) readInherits(ctx context.Context, tx pgx.Tx, nsp []uint32) error {
	rows, err := tx.Query(ctx, `
		SELECT i.inhrelid, pn.nspname || '.' || p.relname, c.relispartition
		FROM pg_catalog.pg_inherits i
		JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
		JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
		JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
		JOIN pg_catalog.pg_class rc ON rc.oid = i.inhrelid AND rc.relnamespace = ANY($1) AND rc.relkind IN ('r', 'p')
		WHERE p.relkind IN ('r', 'p')
		ORDER BY i.inhrelid, i.inhseqno`, nsp)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var rel uint32
		var parent string
		var partition bool
		if err := rows.Scan(&rel, &parent, &partition); err != nil {
			return err
		}
		t := c.tables[rel]
		if t == nil {
			return nil // a table of an extension
		}
		if t.Parent != "" {
			return nil // multiple inheritance: the first parent
		}
		t.Parent, t.ParentKind = parent, "inherits"
		if partition {
			t.ParentKind = "partition"
		}
		return nil
	})
}

var policyCommands = map[string]string{"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}

func (c *catalog) readPolicies(ctx context.Context, tx pgx.Tx, nsp []uint32) error {
	rows, err := tx.Query(ctx, `
		SELECT p.polrelid, p.polname, p.polcmd::text, p.polpermissive,
		       ARRAY(SELECT coalesce(r.rolname, 'public') FROM unnest(p.polroles) o LEFT JOIN pg_catalog.pg_roles r ON r.oid = o ORDER BY 1),
		       coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), ''), coalesce(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '')
		FROM pg_catalog.pg_policy p
		JOIN pg_catalog.pg_class rc ON rc.oid = p.polrelid AND rc.relnamespace = ANY($1) AND rc.relkind IN ('r', 'p')
		ORDER BY p.polrelid, p.polname`, nsp)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var rel uint32
		var name, cmd, using, check string
		var permissive bool
		var roles []string
		if err := rows.Scan(&rel, &name, &cmd, &permissive, &roles, &using, &check); err != nil {
			return err
		}
		t := c.tables[rel]
		if t == nil {
			return nil // a table of an extension
		}
		object := "policy " + name + " on " + t.Name
		p := &sqlcheck.Policy{Name: name, Cmd: policyCommands[cmd], Permissive: permissive, Roles: roles, Pos: sqlcheck.ObjectPos(object)}
		var perr error
		if p.Using, perr = c.model.Predicate(object, using); perr != nil {
			c.problems = append(c.problems, perr.Error())
		}
		if p.Check, perr = c.model.Predicate(object, check); perr != nil {
			c.problems = append(c.problems, perr.Error())
		}
		t.Policies = append(t.Policies, p)
		return nil
	})
}

// readGrants reads the table privileges (aclexplode of relacl; grantee 0 is PUBLIC). A table
// without an ACL has only its owner's default privileges.
func (c *catalog) readGrants(ctx context.Context, tx pgx.Tx, nsp []uint32) error {
	rows, err := tx.Query(ctx, `
		SELECT c.oid, coalesce(r.rolname, 'public'), pg_catalog.lower(a.privilege_type)
		FROM pg_catalog.pg_class c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
		LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
		WHERE c.relnamespace = ANY($1) AND c.relkind IN ('r', 'p') AND a.grantee <> c.relowner
		ORDER BY 1, 2, 3`, nsp)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var rel uint32
		var role, priv string
		if err := rows.Scan(&rel, &role, &priv); err != nil {
			return err
		}
		t := c.tables[rel]
		if t == nil {
			return nil // a table of an extension
		}
		g := t.Grants[role]
		if g == nil {
			g = &sqlcheck.Grant{Pos: sqlcheck.ObjectPos(t.Name)}
			t.Grants[role] = g
		}
		g.Privs = append(g.Privs, priv)
		return nil
	})
}

// readViews reads views and materialized views. security_invoker is a view option from
// PostgreSQL 15 on; earlier servers have no reloption of that name, so views run as their owner.
func (c *catalog) readViews(ctx context.Context, tx pgx.Tx, nsp []uint32) error {
	s := c.model.Schema()
	rows, err := tx.Query(ctx, `
		SELECT n.nspname, c.relname, c.relkind::text, coalesce(c.reloptions, '{}'), pg_catalog.pg_get_viewdef(c.oid)
		FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relnamespace = ANY($1) AND c.relkind IN ('v', 'm')
		  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')
		ORDER BY 1, 2`, nsp)
	if err != nil {
		return err
	}
	return forEach(rows, func() error {
		var schema, name, kind, def string
		var opts []string
		if err := rows.Scan(&schema, &name, &kind, &opts, &def); err != nil {
			return err
		}
		qn := schema + "." + name
		object := "view " + qn
		if kind == "m" {
			object = "materialized view " + qn
		}
		v := &sqlcheck.View{Name: qn, Materialized: kind == "m", Pos: sqlcheck.ObjectPos(object)}
		for _, o := range opts {
			if k, val, _ := strings.Cut(o, "="); strings.EqualFold(k, "security_invoker") && c.version >= 150000 {
				v.SecurityInvoker = !isOff(val)
			}
		}
		refs, err := c.model.ViewRefs(object, def)
		if err != nil {
			c.problems = append(c.problems, err.Error())
		}
		v.Refs = refs
		s.Views[qn] = v
		return nil
	})
}
