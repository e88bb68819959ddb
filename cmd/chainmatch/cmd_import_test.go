package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

// dumpStore is a canonical text of every record in the data directory, with seqs.
func dumpStore(t *testing.T, dataDir string) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dataDir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b strings.Builder
	err = st.Enterprises(ctx, func(seq int64, e *chainmatch.Enterprise) error {
		j, err := json.Marshal(e)
		fmt.Fprintf(&b, "e %d %s\n", seq, j)
		return err
	})
	if err == nil {
		err = st.Talents(ctx, func(seq int64, tl *chainmatch.Talent) error {
			j, err := json.Marshal(tl)
			fmt.Fprintf(&b, "t %d %s\n", seq, j)
			return err
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func runBin(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s%s", filepath.Base(bin), args, err, out.String(), errb.String())
	}
	return out.String()
}

// TestImportKilledThenRerun builds the binary, imports a small file, starts the
// import of a large synthetic file (chainmatch gen), kills it with SIGKILL once
// its progress shows rows being stored, and checks that the database still holds
// exactly the state before (the small file), then that re-running the import
// gives exactly the database of an uninterrupted run into a fresh directory.
func TestImportKilledThenRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports a large file")
	}
	rows := 20000
	if v, err := strconv.Atoi(os.Getenv("CHAINMATCH_KILLTEST_ROWS")); err == nil && v > 0 {
		rows = v
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "chainmatch")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	small, big := filepath.Join(dir, "small.jsonl"), filepath.Join(dir, "big.jsonl")
	runBin(t, bin, "gen", "--enterprises", "300", "--talents", "20", "--seed", "8", "--out", small)
	runBin(t, bin, "gen", "--enterprises", strconv.Itoa(rows), "--talents", strconv.Itoa(rows/20), "--seed", "7", "--out", big)

	ref, killed, fresh := filepath.Join(dir, "ref"), filepath.Join(dir, "killed"), filepath.Join(dir, "fresh")
	runBin(t, bin, "import", "--data", ref, small)
	runBin(t, bin, "import", "--data", killed, small)
	oldState := dumpStore(t, ref)
	if oldState == "" || dumpStore(t, killed) != oldState {
		t.Fatal("importing the small file twice into fresh directories differs")
	}

	// Start the big import and kill it while it stores.
	cmd := exec.Command(bin, "import", "--data", killed, "--progress-every", "20ms", big)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var seen []string
	killedAt := ""
	deadline := time.AfterFunc(5*time.Minute, func() { cmd.Process.Kill() })
	for sc.Scan() {
		line := sc.Text()
		seen = append(seen, line)
		if strings.Contains(line, ": store ") && !strings.Contains(line, "(100%)") {
			killedAt = line
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	deadline.Stop()
	err = cmd.Wait()
	var exit *exec.ExitError
	if killedAt == "" || !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the import was not killed while storing (raise CHAINMATCH_KILLTEST_ROWS): %v\n%s", err, strings.Join(seen, "\n"))
	}
	t.Logf("killed at %q", killedAt)
	if got := dumpStore(t, killed); got != oldState {
		t.Fatalf("after the kill the database is neither the old state nor the new (%d bytes, old %d)", len(got), len(oldState))
	}

	// Re-run, and compare with an uninterrupted run.
	out := runBin(t, bin, "import", "--data", killed, "--format", "json", big)
	var sum struct {
		Read, Accepted, Updated, Rejected int
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("summary %q: %v", out, err)
	}
	runBin(t, bin, "import", "--data", fresh, small)
	runBin(t, bin, "import", "--data", fresh, big)
	a, b := dumpStore(t, killed), dumpStore(t, fresh)
	if a != b {
		t.Fatalf("the re-run database differs from an uninterrupted run (%d vs %d bytes)", len(a), len(b))
	}
	if sum.Read != rows+rows/20 || sum.Accepted == 0 {
		t.Errorf("re-run summary %+v", sum)
	}
	t.Logf("re-run: %+v; databases equal (%d bytes of records)", sum, len(a))
}

// TestImportCommand runs chainmatch import in-process: --format json carries the
// contract keys, flags may follow the file, --strict fails on a rejected row with
// exit code 3, -h explains the command.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "firms.csv")
	if err := os.WriteFile(file, []byte("企业名称,统一社会信用代码,所属区县,经营范围\n甲电动车有限公司,,缙云县,电动自行车制造\n,,缙云县,没有名字\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := func(string) string { return "" }
	ctx := context.Background()
	var out, errb bytes.Buffer
	err := run(ctx, []string{"import", "--data", filepath.Join(dir, "data"), file, "--format", "json", "--strict"}, getenv, nil, &out, &errb)
	if !errors.Is(err, chainmatch.ErrInvalid) || exitCode(err) != 3 {
		t.Fatalf("--strict with a reject: err %v (exit %d)", err, exitCode(err))
	}
	var sum map[string]any
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatalf("summary %q: %v", out.String(), err)
	}
	for _, k := range []string{"read", "accepted", "updated", "rejected", "rejects_file", "warnings"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary lacks %q: %s", k, out.String())
		}
	}
	if sum["read"] != 2.0 || sum["accepted"] != 1.0 || sum["rejected"] != 1.0 {
		t.Errorf("summary %s", out.String())
	}
	if rf, _ := sum["rejects_file"].(string); !strings.HasPrefix(rf, filepath.Join(dir, "data", "rejects")) {
		t.Errorf("rejects file %q not under the data directory", rf)
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--data", filepath.Join(dir, "data"), file}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("without --strict: %v", err)
	}
	if !strings.Contains(out.String(), "accepted 0 (new), updated 0, unchanged 1, rejected 1") {
		t.Errorf("re-import summary: %s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "-h"}, getenv, nil, &out, &errb); err != nil && !errors.Is(err, errHelp) {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "usage: chainmatch import") || !strings.Contains(out.String(), "--strict") && !strings.Contains(out.String(), "-strict") {
		t.Errorf("-h: %s", out.String())
	}
	if err := run(ctx, []string{"import", "--data", dir}, getenv, nil, &out, &errb); !errors.Is(err, errUsage) {
		t.Errorf("no file: %v", err)
	}
}
