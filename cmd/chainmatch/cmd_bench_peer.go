package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/chainmatch/chainmatch/match"
)

// pgPeer is the PostgreSQL peer of bench match: the pool's scoring inputs in one
// table with a GIN index on the node-tag arrays, and the ranker's formulas
// (match/features.go) as one SQL expression ordered by score, record-id hash and
// seq, LIMIT k — what a user would otherwise build on PostgreSQL.
type pgPeer struct {
	conn   *pgx.Conn
	schema string
	stop   func() // stops a private server, nil for --peer-dsn
}

// peerStatement ranks one request. Parameters: $1..$8 the weights β in
// feature order (gap_fit, text, quality, growth, intent, proximity, ties, risk),
// $9..$13 the means standing in for unknown quality, growth, intent, proximity,
// ties; $14 whether the county has a centroid, $15..$17 its unit vector; $18
// home county, $19 city, $20 province; $21 chamber cities, $22 chamber
// provinces, $23 an overseas association, $24 nodes adjacent to a local leader;
// $25 node priorities, $26..$27 the chain's global node range, $28 its nodes;
// $29 exclude local records, $30 the profile names local firms; $31 k; $32 the
// confidence at which the placement share is whole (quality to ties count in
// b.sh = min(1, conf/$32) at the node the record fills).
const peerStatement = `
SELECT seq FROM (
  SELECT e.seq, e.key,
    $1::float8 * b.g + $2::float8 * b.t
    + b.sh * ($3::float8 * coalesce(e.quality, $9::float8) + $4::float8 * coalesce(e.growth, $10::float8) + $5::float8 * coalesce(e.intent, $11::float8)
    + $6::float8 * coalesce(CASE WHEN e.x IS NULL OR NOT $14::bool THEN NULL ELSE
        0.6 * exp(-2 * 6371.0088 * asin(least(1, sqrt((e.x - $15::float8) ^ 2 + (e.y - $16::float8) ^ 2 + (e.z - $17::float8) ^ 2) / 2)) / 400)
        + CASE WHEN $20::int <> 0 AND e.prov = $20::int THEN 0.25
               + CASE WHEN $19::int <> 0 AND e.city = $19::int THEN 0.15 ELSE 0 END ELSE 0 END
      END, $12::float8)
    + $7::float8 * coalesce(CASE WHEN e.prov = 0 AND cardinality(e.branches) = 0 THEN NULL ELSE least(1,
        CASE WHEN $18::int = ANY (e.branches) THEN 0.5
             WHEN EXISTS (SELECT 1 FROM unnest(e.branches) br WHERE br / 10000 = $20::int) THEN 0.25 ELSE 0 END
        + CASE WHEN e.city <> 0 AND e.city = ANY ($21::int[]) THEN 0.3
               WHEN e.prov <> 0 AND e.prov = ANY ($22::int[]) THEN 0.15 ELSE 0 END
        + CASE WHEN $23::bool AND e.is_foreign THEN 0.2 ELSE 0 END
        + CASE WHEN e.nodes && $24::int[] THEN 0.3 ELSE 0 END) END, $13::float8))
    + $8::float8 * e.risk AS score
  FROM peer_pool e
  CROSS JOIN LATERAL (
    SELECT e.conf[i] * ($25::float8[])[e.nodes[i] - $26::int + 1] AS g, e.txt[i] AS t,
      least(1, e.conf[i] / $32::float8) AS sh
    FROM generate_subscripts(e.nodes, 1) AS i
    WHERE e.nodes[i] >= $26::int AND e.nodes[i] < $27::int
    ORDER BY $1::float8 * e.conf[i] * ($25::float8[])[e.nodes[i] - $26::int + 1] + $2::float8 * e.txt[i] DESC, i
    LIMIT 1) b
  WHERE e.nodes && $28::int[]
    AND NOT ($29::bool AND (e.county = $18::int OR ($30::bool AND e.local_of = $18::int)))
) s
ORDER BY score DESC, key, seq
LIMIT $31::int`

// openPeer connects to dsn, or starts a private PostgreSQL server on loopback in
// a temporary directory when dsn is "" (as the postgres user when run as root,
// since PostgreSQL refuses root). It installs nothing: the server binaries must
// be there (Debian: apt-get install postgresql).
func openPeer(ctx context.Context, dsn string, log io.Writer) (*pgPeer, error) {
	p := &pgPeer{schema: fmt.Sprintf("chainmatch_peer_%d", os.Getpid())}
	if dsn == "" {
		var err error
		if dsn, p.stop, err = startPostgres(ctx, log); err != nil {
			return nil, err
		}
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		p.close()
		return nil, fmt.Errorf("peer: connect: %w", err)
	}
	p.conn = conn
	for _, q := range []string{
		"DROP SCHEMA IF EXISTS " + p.schema + " CASCADE",
		"CREATE SCHEMA " + p.schema,
		"SET search_path TO " + p.schema,
		"SET jit = off", // JIT compilation costs more than it saves on these plans
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			p.close()
			return nil, fmt.Errorf("peer: %s: %w", q, err)
		}
	}
	return p, nil
}

func (p *pgPeer) close() {
	if p.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, _ = p.conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+p.schema+" CASCADE")
		_ = p.conn.Close(ctx)
		cancel()
	}
	if p.stop != nil {
		p.stop()
	}
}

// version is the server's version string.
func (p *pgPeer) version(ctx context.Context) string {
	var v string
	if err := p.conn.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "unknown"
	}
	return v
}

// load copies the rows export gives into the peer's table, then builds the GIN
// index on the node arrays and analyses the table.
func (p *pgPeer) load(ctx context.Context, export func(func(*match.PeerRow) error) error) (int, error) {
	_, err := p.conn.Exec(ctx, `CREATE UNLOGGED TABLE peer_pool (
		seq bigint PRIMARY KEY, key bigint NOT NULL, county int NOT NULL, city int NOT NULL, prov int NOT NULL,
		x real, y real, z real, quality real, growth real, intent real, risk real NOT NULL,
		is_foreign bool NOT NULL, local_of int NOT NULL, branches int[] NOT NULL,
		nodes int[] NOT NULL, conf real[] NOT NULL, txt real[] NOT NULL)`)
	if err != nil {
		return 0, fmt.Errorf("peer: create table: %w", err)
	}
	cols := []string{"seq", "key", "county", "city", "prov", "x", "y", "z", "quality", "growth", "intent", "risk",
		"is_foreign", "local_of", "branches", "nodes", "conf", "txt"}
	const batch = 20000
	rows := make([][]any, 0, batch)
	n := 0
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		if _, err := p.conn.CopyFrom(ctx, pgx.Identifier{"peer_pool"}, cols, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("peer: copy: %w", err)
		}
		n += len(rows)
		rows = rows[:0]
		return nil
	}
	null := func(v float32) any {
		if v != v {
			return nil
		}
		return v
	}
	err = export(func(r *match.PeerRow) error {
		var x, y, z any
		if r.X == r.X {
			x, y, z = r.X, r.Y, r.Z
		}
		rows = append(rows, []any{int64(r.Seq), int64(r.Key), r.County, r.City, int32(r.Prov), x, y, z,
			null(r.Quality), null(r.Growth), null(r.Intent), r.Risk, r.Foreign, r.LocalOf,
			append([]int32{}, r.Branches...), append([]int32{}, r.Nodes...),
			append([]float32{}, r.Conf...), append([]float32{}, r.Text...)})
		if len(rows) == batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return n, err
	}
	for _, q := range []string{"CREATE INDEX peer_pool_nodes ON peer_pool USING gin (nodes)", "ANALYZE peer_pool"} {
		if _, err := p.conn.Exec(ctx, q); err != nil {
			return n, fmt.Errorf("peer: %s: %w", q, err)
		}
	}
	return n, nil
}

// rank returns the seqs of the top k for q, best first.
func (p *pgPeer) rank(ctx context.Context, q *match.PeerQuery) ([]uint32, error) {
	nodes := make([]int32, 0, q.NodeHi-q.NodeLo)
	for g := q.NodeLo; g < q.NodeHi; g++ {
		nodes = append(nodes, g)
	}
	f := func(v float64) float64 {
		if v != v {
			return 0
		}
		return v
	}
	args := []any{q.Beta[0], q.Beta[1], q.Beta[2], q.Beta[3], q.Beta[4], q.Beta[5], q.Beta[6], q.Beta[7],
		q.Mean[2], q.Mean[3], q.Mean[4], q.Mean[5], q.Mean[6],
		q.HasPoint, f(q.CX), f(q.CY), f(q.CZ), q.Home, q.City, int32(q.Prov),
		nonNil(q.ChamberCities), nonNil(q.ChamberProvinces), q.Overseas, nonNil(q.LeaderAdjacent),
		q.Priority, q.NodeLo, q.NodeHi, nodes, q.ExcludeLocal, q.NamedLocal, q.Limit, q.PlacementFull}
	rows, err := p.conn.Query(ctx, peerStatement, args...)
	if err != nil {
		return nil, fmt.Errorf("peer: rank: %w", err)
	}
	out := make([]uint32, 0, q.Limit)
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			rows.Close()
			return nil, fmt.Errorf("peer: rank: %w", err)
		}
		out = append(out, uint32(seq))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("peer: rank: %w", err)
	}
	return out, nil
}

func nonNil(v []int32) []int32 {
	if v == nil {
		return []int32{}
	}
	return v
}

// overlapAtK is |a ∩ b| / max(|a|, |b|): 1 when both lists hold the same records.
func overlapAtK(a, b []uint32) float64 {
	k := max(len(a), len(b))
	if k == 0 {
		return 1
	}
	in := make(map[uint32]bool, len(a))
	for _, s := range a {
		in[s] = true
	}
	n := 0
	for _, s := range b {
		if in[s] {
			n++
		}
	}
	return float64(n) / float64(k)
}

// startPostgres runs initdb and pg_ctl from the newest PostgreSQL under
// /usr/lib/postgresql (or on PATH) in a new temporary directory, listening on
// 127.0.0.1 at a free port, and returns its DSN and a function that stops it
// and removes the directory.
func startPostgres(ctx context.Context, log io.Writer) (string, func(), error) {
	bin, err := postgresBin()
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "chainmatch-peer-")
	if err != nil {
		return "", nil, fmt.Errorf("peer: %w", err)
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return "", nil, fmt.Errorf("peer: running as root needs the postgres user to start a server: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return "", nil, fmt.Errorf("peer: %w", err)
		}
	}
	run := func(name string, args ...string) error {
		cmd := exec.CommandContext(ctx, filepath.Join(bin, name), args...)
		cmd.Dir = dir
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("peer: %s: %w: %s", name, err, tail(out, 600))
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	// A benchmark server: durability off (the table is unlogged anyway), shared
	// buffers large enough to hold the table, parallel workers as configured by
	// default (two).
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off"+
		" -c full_page_writes=off -c shared_buffers=768MB -c work_mem=64MB -c maintenance_work_mem=512MB", port, dir)
	fmt.Fprintf(log, "peer: starting PostgreSQL (%s) on 127.0.0.1:%d in %s\n", bin, port, dir)
	if err := run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop")
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(log, "peer: stopping PostgreSQL: %v: %s\n", err, tail(out, 300))
		}
		os.RemoveAll(dir)
	}
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port), stop, nil
}

// postgresBin finds the directory of initdb and pg_ctl: the newest version
// under /usr/lib/postgresql (Debian), else initdb on PATH.
func postgresBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(a, b int) bool {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[a])))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[b])))
		return va > vb
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("peer: no PostgreSQL server binaries (initdb, pg_ctl) found; install them (Debian: apt-get install postgresql) or pass --peer-dsn")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("peer: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
