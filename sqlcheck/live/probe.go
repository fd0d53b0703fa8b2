package live

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

// countCap bounds every count the probe makes, so that it reads at most that many rows of a
// table per question: one row is proof enough.
const countCap = 1000

type probeResult struct {
	findings []report.Finding
	skipped  []Skip
	probed   int
}

// probeTable is one tenant table to probe.
type probeTable struct {
	t          *sqlcheck.Table
	ident      string // quoted schema.table
	col        *column
	candidates []string // tenant values with rows, as the catalog role sees them
	insertCols []*column
}

// probe checks isolation with real rows, as the application role, in one transaction that is
// always rolled back, with statement_timeout and lock_timeout set so it never blocks anyone:
//
//   - with the tenant setting unset, empty and a random UUID, no row may be visible (an error
//     is fine: it fails closed);
//   - with the setting naming a tenant that has rows, no row of another tenant may be visible;
//   - copying a visible row with the tenant changed (INSERT) and moving one to another tenant
//     (UPDATE), each in a savepoint rolled back at once, must be refused by WITH CHECK.
//
// Only counts are read: no row data is printed or returned.
func probe(ctx context.Context, conn *pgx.Conn, cat *catalog, set *config.Settings, opts Options) (*probeResult, error) {
	res := &probeResult{}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	if opts.ProbeURL == "" && set.AppRole == "" {
		return nil, errors.New("the probe runs as the application role: set app_role (or -app-role), or give -probe-url")
	}
	var tables []*probeTable
	s := cat.model.Schema()
	oids := make(map[*sqlcheck.Table]uint32, len(cat.tables))
	for oid, t := range cat.tables {
		oids[t] = oid
	}
	for _, name := range sortedKeys(s.Tables) {
		t := s.Tables[name]
		if !t.Tenant || t.Global {
			continue
		}
		pt := &probeTable{t: t, ident: quoteQualified(t.Name)}
		cols := cat.columns[oids[t]]
		for _, num := range sortedNums(cols) {
			col := cols[num]
			if col.Name == t.TenantCol {
				pt.col = col
			}
			// Columns the database fills (identity, serial, generated UUIDs, stored generated
			// columns) are left out of the copied row so it gets fresh keys.
			if !col.generated && col.identity == "" && !(col.Generated && col.Name != t.TenantCol) {
				pt.insertCols = append(pt.insertCols, col)
			}
		}
		if pt.col == nil {
			res.skipped = append(res.skipped, Skip{t.Name, "tenant-owned by configuration but has no tenant column to compare"})
			continue
		}
		tables = append(tables, pt)
	}
	if len(tables) == 0 {
		return res, nil
	}
	settingsSQL := fmt.Sprintf("SET LOCAL statement_timeout = %d; SET LOCAL lock_timeout = %d; SET LOCAL idle_in_transaction_session_timeout = %d",
		timeout.Milliseconds(), min(timeout, time.Second).Milliseconds(), (4 * timeout).Milliseconds())

	// The catalog role picks tenants with rows; it may see only some (FORCE ROW LEVEL SECURITY
	// applies to it too), so the tenants table's ids are candidates as well.
	if err := findCandidates(ctx, conn, cat, set, tables, settingsSQL); err != nil {
		return nil, err
	}

	appConn := conn
	if opts.ProbeURL != "" {
		c, err := connect(ctx, opts.ProbeURL)
		if err != nil {
			return nil, err
		}
		defer c.Close(context.Background())
		appConn = c
	}
	tx, err := appConn.Begin(ctx)
	if err != nil {
		return nil, connError("begin the probe transaction", err, opts.URL)
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck // the probe never commits
	//tenantvet:ignore TV1001 -- SET LOCAL of the probe's timeouts reads no table
	if _, err := tx.Exec(ctx, settingsSQL); err != nil {
		return nil, connError("set the probe's timeouts", err, opts.URL)
	}
	role := set.AppRole
	if opts.ProbeURL == "" {
		if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+pgx.Identifier{role}.Sanitize()); err != nil {
			return nil, connError("SET ROLE "+role+" (the catalog role must be a member of the application role, or give -probe-url)", err, opts.URL)
		}
	} else if err := tx.QueryRow(ctx, "SELECT current_user").Scan(&role); err != nil {
		return nil, connError("read the probe's role", err, opts.ProbeURL)
	}
	setting := cat.model.Schema().TenantSetting
	setTenant := func(v string) error {
		_, err := tx.Exec(ctx, "SELECT pg_catalog.set_config($1, $2, true)", setting, v)
		return err
	}

	type outcome struct {
		counts  []string // "unset: 3" and the like, for the zero-row questions that failed
		skipped string
	}
	out := make([]outcome, len(tables))
	countAll := func(pt *probeTable) (int, error) {
		var n int
		err := savepoint(ctx, tx, func(sp pgx.Tx) error {
			return sp.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM %s LIMIT %d) s", pt.ident, countCap)).Scan(&n)
		})
		return n, err
	}
	question := func(i int, label string) {
		if out[i].skipped != "" {
			return
		}
		n, err := countAll(tables[i])
		switch {
		case isPermissionDenied(err):
			out[i].skipped = "role " + role + " has no SELECT privilege on it"
		case err != nil:
			// An error fails closed: the query sees nothing.
		case n > 0:
			out[i].counts = append(out[i].counts, label+" ("+countText(n)+")")
		}
	}
	var unset *string
	if err := tx.QueryRow(ctx, "SELECT pg_catalog.current_setting($1, true)", setting).Scan(&unset); err != nil {
		return nil, connError("read "+setting, err, opts.URL)
	}
	if unset == nil || *unset == "" {
		for i := range tables {
			question(i, "unset")
		}
	}
	if err := setTenant(""); err != nil {
		return nil, connError("set "+setting, err, opts.URL)
	}
	for i := range tables {
		question(i, "empty")
	}
	if err := setTenant(randomUUID()); err != nil {
		return nil, connError("set "+setting, err, opts.URL)
	}
	for i := range tables {
		question(i, "set to a random UUID")
	}
	for i, pt := range tables {
		if out[i].skipped != "" {
			res.skipped = append(res.skipped, Skip{pt.t.Name, out[i].skipped})
			continue
		}
		res.probed++
		if len(out[i].counts) > 0 {
			res.findings = append(res.findings, finding(ruleProbe, pt.t.Name,
				"role %s sees rows of %s with %s %s: without a tenant a query must see no row; make every policy require %s = current_setting('%s', true)::uuid",
				role, pt.t.Name, setting, strings.Join(out[i].counts, ", "), pt.t.TenantCol, setting))
		}
		// Each candidate tenant in turn: the first with visible rows is used for the writes, and
		// any that sees another tenant's rows is a leak.
		tenant, visible, foreign := "", 0, 0
		var lastErr error
		for _, cand := range pt.candidates {
			if err := setTenant(cand); err != nil {
				return nil, connError("set "+setting, err, opts.URL)
			}
			var v, f int
			err := savepoint(ctx, tx, func(sp pgx.Tx) error {
				return sp.QueryRow(ctx, fmt.Sprintf(
					"SELECT (SELECT count(*) FROM (SELECT 1 FROM %[1]s LIMIT %[2]d) a), (SELECT count(*) FROM (SELECT 1 FROM %[1]s WHERE %[3]s::text IS DISTINCT FROM $1 LIMIT %[2]d) b)",
					pt.ident, countCap, pgx.Identifier{pt.col.Name}.Sanitize()), cand).Scan(&v, &f)
			})
			if err != nil {
				lastErr = err
				continue
			}
			if v > 0 && tenant == "" {
				tenant = cand
			}
			if f > foreign {
				visible, foreign = v, f
			}
		}
		if foreign > 0 {
			res.findings = append(res.findings, finding(ruleProbe, pt.t.Name,
				"with %s set to one tenant, role %s sees %s of other tenants in %s (%s visible in all): a permissive policy lets them through; make every policy require %s = current_setting('%s', true)::uuid",
				setting, role, plural(foreign, "row"), pt.t.Name, countText(visible), pt.t.TenantCol, setting))
		}
		if tenant == "" {
			reason := "no tenant's rows are visible to role " + role + " (the table is empty, or no tenant with rows was found)"
			if lastErr != nil {
				reason = "counting visible rows failed: " + errorText(lastErr)
			}
			res.skipped = append(res.skipped, Skip{pt.t.Name, reason})
			continue
		}
		// Writes into another tenant, each undone at once.
		if opts.NoWrites {
			continue
		}
		other := ""
		for _, c := range pt.candidates {
			if c != tenant {
				other = c
				break
			}
		}
		if other == "" && pt.col.typ == "uuid" {
			other = randomUUID()
		}
		if other == "" {
			res.skipped = append(res.skipped, Skip{pt.t.Name, "writes not probed: no second tenant and the tenant column is not a uuid"})
			continue
		}
		if err := setTenant(tenant); err != nil {
			return nil, connError("set "+setting, err, opts.URL)
		}
		colID := pgx.Identifier{pt.col.Name}.Sanitize()
		var sel []string
		var names []string
		for _, c := range pt.insertCols {
			id := pgx.Identifier{c.Name}.Sanitize()
			names = append(names, id)
			if c == pt.col {
				sel = append(sel, "$2::"+c.typ)
			} else {
				sel = append(sel, id)
			}
		}
		writes := []struct{ verb, sql string }{
			{"INSERT", fmt.Sprintf("INSERT INTO %[1]s (%[2]s) SELECT %[3]s FROM %[1]s WHERE %[4]s::text = $1 LIMIT 1", pt.ident, strings.Join(names, ", "), strings.Join(sel, ", "), colID)},
			{"UPDATE", fmt.Sprintf("UPDATE %[1]s SET %[2]s = $2::%[3]s WHERE (tableoid, ctid) = (SELECT tableoid, ctid FROM %[1]s WHERE %[2]s::text = $1 LIMIT 1)", pt.ident, colID, pt.col.typ)},
		}
		for _, w := range writes {
			var tag pgconn.CommandTag
			err := savepoint(ctx, tx, func(sp pgx.Tx) error {
				var err error
				tag, err = sp.Exec(ctx, w.sql, tenant, other)
				if err == nil {
					return errRollback // undo the write
				}
				return err
			})
			if errors.Is(err, errRollback) {
				err = nil
			}

			accepted := false
			var pe *pgconn.PgError
			switch {
			case err == nil && tag.RowsAffected() == 0 && w.verb == "INSERT":
				res.skipped = append(res.skipped, Skip{pt.t.Name, "INSERT not probed: no visible row to copy"})
			case err == nil:
				// UPDATE of no row: the UPDATE policies hide the tenant's own rows, so nothing
				// can be moved either.
				accepted = tag.RowsAffected() > 0
			case errors.As(err, &pe) && pe.Code == "42501":
				// Refused: by a WITH CHECK (new row violates row-level security policy) or for
				// want of the privilege.
			case errors.As(err, &pe) && strings.HasPrefix(pe.Code, "23"):
				// A constraint failed, which PostgreSQL checks only after the row passed the
				// policies' WITH CHECK: the policies accepted the row.
				accepted = true
			default:
				res.skipped = append(res.skipped, Skip{pt.t.Name, w.verb + " not probed: " + errorText(err)})
			}
			if accepted {
				res.findings = append(res.findings, finding(ruleProbe, pt.t.Name,
					"with %s set to one tenant, role %s could %s a row of %s into another tenant: no WITH CHECK refused it; give every policy WITH CHECK (%s = current_setting('%s', true)::uuid)",
					setting, role, w.verb, pt.t.Name, pt.t.TenantCol, setting))
			}
		}
	}
	return res, nil
}

var errRollback = errors.New("rollback")

// savepoint runs fn inside a savepoint, released when fn succeeds and rolled back otherwise,
// so that a failed statement does not abort the probe's transaction.
func savepoint(ctx context.Context, tx pgx.Tx, fn func(pgx.Tx) error) error {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(sp); err != nil {
		_ = sp.Rollback(ctx)
		return err
	}
	return sp.Commit(ctx)
}

// findCandidates finds, as the catalog role, up to two tenant values with rows in each table,
// plus up to ten ids of the tenants table, in a read-only transaction that is rolled back.
func findCandidates(ctx context.Context, conn *pgx.Conn, cat *catalog, set *config.Settings, tables []*probeTable, settingsSQL string) error {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return connError("begin the probe's read-only transaction", err, "")
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck // read only
	if _, err := tx.Exec(ctx, settingsSQL); err != nil {
		return connError("set the probe's timeouts", err, "")
	}
	// The tenants table's ids are candidates for every table: the catalog role may see only
	// some tenants' rows (FORCE ROW LEVEL SECURITY applies to it too).
	fallback := tenantIDs(ctx, tx, cat, set)
	for _, pt := range tables {
		col := pgx.Identifier{pt.col.Name}.Sanitize()
		var first string
		err := savepoint(ctx, tx, func(sp pgx.Tx) error {
			return sp.QueryRow(ctx, fmt.Sprintf("SELECT %s::text FROM %s WHERE %s IS NOT NULL LIMIT 1", col, pt.ident, col)).Scan(&first)
		})
		if err == nil {
			pt.candidates = append(pt.candidates, first)
			var second string
			if savepoint(ctx, tx, func(sp pgx.Tx) error {
				return sp.QueryRow(ctx, fmt.Sprintf("SELECT %s::text FROM %s WHERE %s::text <> $1 LIMIT 1", col, pt.ident, col), first).Scan(&second)
			}) == nil {
				pt.candidates = append(pt.candidates, second)
			}
		}
		for _, id := range fallback {
			if !slices.Contains(pt.candidates, id) {
				pt.candidates = append(pt.candidates, id)
			}
		}
	}
	return nil
}

// tenantIDs reads up to ten ids of the tenants table (the one tenant columns reference).
func tenantIDs(ctx context.Context, tx pgx.Tx, cat *catalog, set *config.Settings) []string {
	s := cat.model.Schema()
	name := sqlcheck.TenantsTable(s, set)
	t := s.Tables[name]
	if t == nil {
		return nil
	}
	col := "id"
	if t.PK != nil && len(t.PK.Cols) == 1 {
		col = t.PK.Cols[0]
	}
	var ids []string
	_ = savepoint(ctx, tx, func(sp pgx.Tx) error {
		rows, err := sp.Query(ctx, fmt.Sprintf("SELECT %s::text FROM %s LIMIT 10", pgx.Identifier{col}.Sanitize(), quoteQualified(name)))
		if err != nil {
			return err
		}
		return forEach(rows, func() error {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		})
	})
	return ids
}

func quoteQualified(name string) string {
	schema, rel, _ := strings.Cut(name, ".")
	return pgx.Identifier{schema, rel}.Sanitize()
}

func sortedNums(m map[int16]*column) []int16 {
	out := make([]int16, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func isPermissionDenied(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42501"
}

// errorText is the SQLSTATE and message of a server error; row data never appears in the
// messages the probe can provoke except in DETAIL, which is left out.
func errorText(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Message + " (SQLSTATE " + pe.Code + ")"
	}
	return err.Error()
}

func countText(n int) string {
	if n >= countCap {
		return strconv.Itoa(countCap) + " or more"
	}
	return strconv.Itoa(n)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return countText(n) + " " + word + "s"
}

func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
