package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for a server goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestInstancesInStep runs two servers on one PostgreSQL database, each with its
// own data directory: a row imported through the first is found by the second's
// search within seconds, without a restart.
func TestInstancesInStep(t *testing.T) {
	base := os.Getenv("CHAINMATCH_TEST_POSTGRES")
	if base == "" {
		t.Skip("CHAINMATCH_TEST_POSTGRES not set")
	}
	if testing.Short() {
		t.Skip("serves two instances")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "instances_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	dbURL := base + sep + "search_path=" + schema

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	start := func(name string) (addr string, out, log *lockedBuffer) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr = ln.Addr().String()
		ln.Close()
		out, log = &lockedBuffer{}, &lockedBuffer{}
		args := []string{"serve", "--addr", addr, "--data", filepath.Join(t.TempDir(), name), "--database", dbURL,
			"--demo-enterprises", "300", "--demo-talents", "10", "--follow-every", "200ms"}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx, args, func(string) string { return "" }, strings.NewReader(""), out, log); err != nil && ctx.Err() == nil {
				t.Errorf("%s: %v", name, err)
			}
		}()
		for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
			if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return addr, out, log
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not ready; log:\n%s", name, log.String())
			}
		}
	}
	addrA, outA, _ := start("a")
	addrB, _, logB := start("b")
	_, token, ok := strings.Cut(outA.String(), "/?token=")
	token, _ = url.QueryUnescape(strings.Fields(token + " ")[0])
	if !ok || token == "" {
		t.Fatalf("instance a printed no sign-in address: %s", outA.String())
	}

	req, _ := http.NewRequest("POST", "http://"+addrA+"/api/v1/import?format=jsonl",
		strings.NewReader(`{"name":"双实例同步测试电机有限公司","province":"浙江","scope":"轮毂电机","source":"test"}`+"\n"))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Accepted     int  `json:"accepted"`
		IndexCurrent bool `json:"index_current"`
	}
	json.NewDecoder(resp.Body).Decode(&sum)
	resp.Body.Close()
	if resp.StatusCode != 200 || sum.Accepted != 1 || !sum.IndexCurrent {
		t.Fatalf("import on a: %d %+v", resp.StatusCode, sum)
	}
	q := "/api/v1/enterprises?q=" + url.QueryEscape("双实例同步测试电机")
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		r, _ := http.NewRequest("GET", "http://"+addrB+q, nil)
		r.Header.Set("Authorization", "Bearer "+token) // one database, one set of users
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		var found struct{ Total int }
		json.NewDecoder(resp.Body).Decode(&found)
		resp.Body.Close()
		if resp.StatusCode == 200 && found.Total > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance b never found the row imported on a (status %d); log:\n%s", resp.StatusCode, logB.String())
		}
	}
	// The log line follows the load that made the row searchable.
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(logB.String(), "caught up with the database"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("b does not say it caught up:\n%s", logB.String())
		}
	}
}
