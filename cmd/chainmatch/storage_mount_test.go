package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// inMountNamespace is a command that runs script (sh -c, with args as $1...) in
// a private mount namespace of its own: what it mounts, no other process sees,
// and it goes away with the process.
func inMountNamespace(script string, args ...string) *exec.Cmd {
	cmd := exec.Command("sh", append([]string{"-c", script, "sh"}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS} // Go makes / private in it
	return cmd
}

// needMounts skips the test unless this process may make a mount namespace and
// mount a tmpfs in it (root, or CAP_SYS_ADMIN; not in every container).
func needMounts(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	out, err := inMountNamespace(`mount -t tmpfs -o size=1m tmpfs "$1" && mount --bind "$1" "$1" && mount -o remount,ro,bind "$1"`, dir).CombinedOutput()
	if err != nil {
		t.Skipf("mounting in a private mount namespace is not permitted here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	if err := os.WriteFile(filepath.Join(dir, "probe"), nil, 0o644); err != nil {
		t.Fatalf("a mount made in the test's namespace leaked out: %v", err)
	}
}

// serveWrapped starts bin serve on data under wrap (an inMountNamespace script
// that ends in exec "$@", given wrapArgs first), waits until it is ready and
// returns it; token is the admin token, or "" to take the one the first run prints.
func serveWrapped(t *testing.T, bin, data, token, wrap string, wrapArgs []string, extra ...string) *liveServer {
	t.Helper()
	addr := freeAddr(t)
	s := &liveServer{bin: bin, data: data, base: "http://" + addr, token: token}
	args := append(append(wrapArgs, bin, "serve", "--addr", addr, "--data", data), extra...)
	s.start(t, inMountNamespace(wrap, args...), 2*time.Minute)
	return s
}

// post sends body to path and returns the status, the Retry-After and the body.
func (s *liveServer) post(t *testing.T, path, contentType string, body io.Reader) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.base+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After"), string(b)
}

// stop ends the server with SIGTERM and waits for it.
func (s *liveServer) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v\n%s", err, s.logText())
	}
}

// TestRealFullAndReadOnlyDisk serves on a real full disk and a real read-only
// database file, made with mounts in a private mount namespace (skipped where
// mounting is not permitted): an import that does not fit on a 40 MiB tmpfs is
// 507 storage_full, one into a database file bind-mounted read-only is 503
// read_only with Retry-After; nothing of either is stored, reads still answer,
// and on the full disk a small import afterwards succeeds. A data directory that
// is read-only as a whole makes serve refuse to start, saying so.
func TestRealFullAndReadOnlyDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and serves under mounts")
	}
	needMounts(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	small, mid := filepath.Join(dir, "small.jsonl"), filepath.Join(dir, "mid.jsonl")
	runBin(t, bin, "gen", "--enterprises", "300", "--talents", "10", "--seed", "8", "--out", small)
	runBin(t, bin, "gen", "--enterprises", "30000", "--talents", "0", "--seed", "4", "--out", mid) // ≈ 16 MB
	one := `{"name":"挂载测试轮毂电机有限公司","province":"浙江","county":"331122","scope":"轮毂电机制造","source":"test"}` + "\n"

	t.Run("full disk", func(t *testing.T) {
		data := filepath.Join(dir, "full")
		os.MkdirAll(data, 0o755)
		s := serveWrapped(t, bin, data, "", `mount -t tmpfs -o size=40m tmpfs "$1" && shift && exec "$@"`, []string{data},
			"--demo-enterprises", "300", "--demo-talents", "10")
		inside := fmt.Sprintf("/proc/%d/root%s", s.cmd.Process.Pid, data) // the tmpfs, as the server sees it
		before := dumpStore(t, inside)
		f, err := os.Open(mid)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		status, retry, body := s.post(t, "/api/v1/import?format=jsonl", "application/x-ndjson", f)
		t.Logf("import of 16 MB onto a 40 MiB disk: %d %s", status, body)
		if status != http.StatusInsufficientStorage || !strings.Contains(body, `"storage_full"`) || !strings.Contains(body, "disk is full") {
			t.Fatalf("import onto a full disk: %d (Retry-After %q) %s; want 507 storage_full\n%s", status, retry, body, s.logText())
		}
		if after := dumpStore(t, inside); after != before {
			t.Fatalf("after the full disk the database changed (%d bytes of records, was %d)", len(after), len(before))
		}
		s.call(t, "GET", "/api/v1/enterprises?q="+url.QueryEscape("有限公司"), s.token, nil, 200, nil)
		if status, _, body := s.post(t, "/api/v1/import?format=jsonl", "application/x-ndjson", strings.NewReader(one)); status != 200 {
			t.Errorf("a small import after the full one: %d %s", status, body)
		}
		s.stop(t)
	})

	t.Run("read-only database file", func(t *testing.T) {
		data := filepath.Join(dir, "ro")
		runBin(t, bin, "import", "--data", data, small)
		token := strings.TrimSpace(runBin(t, bin, "user", "add", "--data", data, "--name", "admin", "--role", "admin"))
		before := dumpStore(t, data)
		db := filepath.Join(data, "chainmatch.db")
		s := serveWrapped(t, bin, data, token, `mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"`, []string{db})
		for _, w := range []struct{ path, ctype, body string }{
			{"/api/v1/import?format=jsonl", "application/x-ndjson", one},
			{"/api/v1/users", "application/json", `{"name":"只读测试","role":"viewer"}`},
		} {
			status, retry, body := s.post(t, w.path, w.ctype, strings.NewReader(w.body))
			t.Logf("POST %s on a read-only database: %d (Retry-After %s) %s", w.path, status, retry, body)
			if status != http.StatusServiceUnavailable || retry == "" || !strings.Contains(body, `"read_only"`) || !strings.Contains(body, "read-only") {
				t.Errorf("POST %s on a read-only database: %d (Retry-After %q) %s; want 503 read_only", w.path, status, retry, body)
			}
		}
		s.call(t, "GET", "/api/v1/enterprises?q="+url.QueryEscape("有限公司"), s.token, nil, 200, nil)
		s.stop(t)
		if after := dumpStore(t, data); after != before {
			t.Fatalf("the read-only database changed (%d bytes of records, was %d)", len(after), len(before))
		}
	})

	t.Run("read-only data directory", func(t *testing.T) {
		data := filepath.Join(dir, "ro")
		cmd := inMountNamespace(`mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"`,
			data, bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
		var hung atomic.Bool
		hang := time.AfterFunc(time.Minute, func() { hung.Store(true); cmd.Process.Kill() }) // a hang detector
		out, err := cmd.CombinedOutput()
		hang.Stop()
		if hung.Load() {
			t.Fatalf("serve on a read-only data directory hangs: %s", out)
		}
		t.Logf("serve on a read-only data directory: %v: %s", err, out)
		if err == nil || !strings.Contains(string(out), "read-only file system") {
			t.Errorf("serve on a read-only data directory: %v: %s; want a refusal naming the read-only file system", err, out)
		}
	})
}
