package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// lockFile is the data directory's lock: one chainmatch process at a time uses
// the index in it. It holds a line saying who holds it.
const lockFile = "chainmatch.lock"

// errBusy marks a data directory another process is using.
var errBusy = errors.New("data directory in use")

// dataLock is a held lock on a data directory.
type dataLock struct{ f *os.File }

// Release lets the next process in.
func (l *dataLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	return l.f.Close()
}

// lockDataDir takes the data directory's lock for command (e.g. "serve" with its
// address). It never waits on a server: a second serve, or a command beside a
// running serve, gets errBusy at once, naming the server's process and address.
// Beside another short command it waits for it, saying so on notice once, until
// ctx is done (Ctrl-C).
func lockDataDir(ctx context.Context, dir, command string, notice io.Writer) (*dataLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("data directory lock: %w", err)
	}
	told := false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("data directory lock %s: %w", path, err)
		}
		holder := readHolder(path)
		if strings.Contains(holder, "command=serve") || strings.HasPrefix(command, "serve") {
			f.Close()
			return nil, fmt.Errorf("%w: %s is held by %s; stop that process or use another --data: %w",
				errBusy, dir, holderText(holder), errHolder(holder, command))
		}
		if !told {
			fmt.Fprintf(notice, "waiting for %s to finish with %s (Ctrl-C to give up)\n", holderText(holder), dir)
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, context.Cause(ctx)
		case <-time.After(200 * time.Millisecond):
		}
	}
	f.Truncate(0)
	fmt.Fprintf(f, "pid=%d command=%s since=%s\n", os.Getpid(), command, time.Now().UTC().Format(time.RFC3339))
	f.Sync()
	return &dataLock{f: f}, nil
}

func readHolder(path string) string {
	b, _ := os.ReadFile(path)
	return strings.TrimSpace(string(b))
}

// holderText turns "pid=12 command=serve addr=127.0.0.1:8080 since=..." into
// words.
func holderText(holder string) string {
	if holder == "" {
		return "another chainmatch process"
	}
	kv := map[string]string{}
	for _, f := range strings.Fields(holder) {
		k, v, _ := strings.Cut(f, "=")
		kv[k] = v
	}
	s := fmt.Sprintf("chainmatch %s (pid %s", kv["command"], kv["pid"])
	if kv["addr"] != "" {
		s += ", serving " + kv["addr"]
	}
	return s + ")"
}

// errHolder says what to do instead of a read command beside a running server.
func errHolder(holder, command string) error {
	if strings.HasPrefix(command, "serve") || !strings.Contains(holder, "command=serve") {
		return errors.New("one server per data directory")
	}
	return errors.New("the running server owns the index; ask it over HTTP (POST /api/v1/match, GET /api/v1/counties/{code}/gaps, GET /api/v1/enterprises?q=) or stop it")
}
