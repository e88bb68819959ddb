package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds chainmatch into a temporary directory and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chainmatch")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// interruptHang is how long a command may take to end after Ctrl-C before the
// test calls it hung: a hang detector, not a performance figure.
const interruptHang = 20 * time.Second

// interrupted is how a command ended after Ctrl-C.
type interruptedRun struct {
	code   int    // exit status
	stderr string // all of it
	ready  string // the line after which SIGINT was sent
}

// interrupt starts bin with args, sends SIGINT once a line of its stderr contains
// ready (its progress or its wait), and returns how it ended. It fails the test
// when the command ends before it is ready, or has not ended interruptHang after
// the signal.
func interrupt(t *testing.T, bin, ready string, args ...string) interruptedRun {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdout = io.Discard
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var r interruptedRun
	var lines []string
	sc := bufio.NewScanner(pipe)
	start := time.AfterFunc(5*time.Minute, func() { cmd.Process.Kill() }) // never shows progress: a hang
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.Contains(sc.Text(), ready) {
			r.ready = sc.Text()
			break
		}
	}
	start.Stop()
	if r.ready == "" {
		cmd.Wait()
		t.Fatalf("%v ended before showing %q (a larger input is needed):\n%s", args, ready, strings.Join(lines, "\n"))
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var hung atomic.Bool
	hang := time.AfterFunc(interruptHang, func() { hung.Store(true); cmd.Process.Kill() })
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	err = cmd.Wait()
	hang.Stop()
	r.stderr = strings.Join(lines, "\n")
	if hung.Load() {
		t.Fatalf("%v did not end within %s of Ctrl-C:\n%s", args, interruptHang, r.stderr)
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		r.code = 0
	case errors.As(err, &exit):
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("%v was killed by %v rather than ending by itself:\n%s", args, ws.Signal(), r.stderr)
		}
		r.code = exit.ExitCode()
	default:
		t.Fatal(err)
	}
	return r
}

// wantInterrupted checks that a command stopped by Ctrl-C exits 130 and says so
// on stderr, in its last line.
func wantInterrupted(t *testing.T, r interruptedRun, what string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	last := lines[len(lines)-1]
	if r.code != 130 || !strings.HasPrefix(last, "chainmatch: interrupted (interrupt signal received): ") ||
		!strings.Contains(last, what) {
		t.Errorf("after Ctrl-C at %q: exit %d, last line %q; want exit 130 and \"chainmatch: interrupted ...%s...\"",
			r.ready, r.code, last, what)
	}
	t.Logf("Ctrl-C at %q → exit %d: %s", r.ready, r.code, last)
}

// TestCtrlCEndsCommands sends Ctrl-C (SIGINT) to each long command once it shows
// progress, or while it waits for the data directory: each ends by itself with
// exit status 130 and a line on stderr saying it was interrupted, and the data
// directory is as before and usable (a second run works).
func TestCtrlCEndsCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports and indexes a generated pool")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	small, pool := filepath.Join(dir, "small.jsonl"), filepath.Join(dir, "pool.jsonl")
	runBin(t, bin, "gen", "--enterprises", "300", "--talents", "20", "--seed", "8", "--out", small)
	runBin(t, bin, "gen", "--enterprises", "30000", "--talents", "1500", "--seed", "7", "--out", pool)
	data := filepath.Join(dir, "data")
	runBin(t, bin, "import", "--data", data, small)
	before := dumpStore(t, data)

	t.Run("gen", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "huge.jsonl")
		r := interrupt(t, bin, "records/s", "gen", "--enterprises", "100000000", "--talents", "0", "--out", out)
		wantInterrupted(t, r, "gen: ")
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the half-written %s is left behind: %v", out, err)
		}
	})

	t.Run("import", func(t *testing.T) {
		r := interrupt(t, bin, ": store ", "import", "--data", data, "--progress-every", "20ms", pool)
		wantInterrupted(t, r, "nothing stored")
		if got := dumpStore(t, data); got != before {
			t.Fatalf("after Ctrl-C the database is not as before (%d bytes of records, want %d)", len(got), len(before))
		}
		// The directory is usable: the same import runs to the end.
		runBin(t, bin, "import", "--data", data, pool)
		if got := dumpStore(t, data); len(got) <= len(before) {
			t.Fatalf("the import after Ctrl-C stored nothing")
		}
	})

	t.Run("index rebuild", func(t *testing.T) {
		r := interrupt(t, bin, "indexing: ", "index", "rebuild", "--data", data)
		wantInterrupted(t, r, "index: ")
		out := runBin(t, bin, "index", "rebuild", "--data", data)
		if !strings.Contains(out, "index rebuilt at generation") {
			t.Fatalf("index rebuild after Ctrl-C: %q", out)
		}
	})

	t.Run("match waiting for the data directory", func(t *testing.T) {
		// Another command holds the directory: match waits for it, saying so.
		lock, err := lockDataDir(context.Background(), data, "index", io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		r := interrupt(t, bin, "waiting for", "match", "--data", data, "--county", "331124", "--chain", "intelligent-transport")
		lock.Release()
		wantInterrupted(t, r, "match")
		out := runBin(t, bin, "match", "--data", data, "--county", "331124", "--chain", "intelligent-transport")
		if strings.TrimSpace(out) == "" {
			t.Fatal("match after Ctrl-C printed nothing")
		}
	})
}

func TestInterruptedExitCode(t *testing.T) {
	cancelled, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("interrupt signal received"))
	failed := errors.New("import a.csv: nothing stored: context canceled")
	cases := []struct {
		name string
		ctx  context.Context
		err  error
		code int
		msg  string
	}{
		{"completed", context.Background(), nil, 0, ""},
		{"failed by itself", context.Background(), failed, 1, "import a.csv"},
		{"stopped by a signal", cancelled, failed, 130, "interrupted (interrupt signal received): import a.csv"},
		{"done before the signal", cancelled, nil, 0, ""},
		{"help", cancelled, errHelp, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := interrupted(c.ctx, c.err)
			if got := exitCode(err); got != c.code {
				t.Errorf("exit code %d, want %d (%v)", got, c.code, err)
			}
			if c.msg != "" && (err == nil || !strings.HasPrefix(err.Error(), c.msg)) {
				t.Errorf("message %v, want it to start %q", err, c.msg)
			}
		})
	}
}
