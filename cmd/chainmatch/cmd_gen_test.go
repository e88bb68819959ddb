package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenCommand(t *testing.T) {
	t.Run("file and stdout agree", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "pool.jsonl")
		_, stderr, err := runCmd(t, "gen", "--enterprises", "300", "--talents", "40", "--seed", "9", "--out", path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(stderr, "wrote 300 enterprises and 40 talents") {
			t.Errorf("stderr lacks the summary: %q", stderr)
		}
		file, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		stdout, _, err := runCmd(t, "gen", "--enterprises", "300", "--talents", "40", "--seed", "9", "--out", "-")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(file, []byte(stdout)) {
			t.Fatal("--out FILE and --out - differ for the same seed")
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		if len(lines) != 340 {
			t.Fatalf("got %d lines, want 340", len(lines))
		}
		var last struct {
			Kind   string `json:"kind"`
			Source string `json:"source"`
		}
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil {
			t.Fatal(err)
		}
		if last.Kind != "talent" || last.Source != "synthetic" {
			t.Fatalf("last line kind %q source %q", last.Kind, last.Source)
		}
	})
	t.Run("help", func(t *testing.T) {
		stdout, _, err := runCmd(t, "gen", "-h")
		if !errors.Is(err, errHelp) {
			t.Fatalf("got %v, want errHelp", err)
		}
		for _, want := range []string{"--enterprises", "synthetic", "-seed"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("help lacks %q", want)
			}
		}
	})
	usage := []struct {
		name string
		args []string
	}{
		{"no out", []string{"--enterprises", "1"}},
		{"negative", []string{"--enterprises", "-1", "--out", "-"}},
		{"extra argument", []string{"--out", "-", "pool.jsonl"}},
		{"bad flag", []string{"--rows", "3", "--out", "-"}},
	}
	for _, c := range usage {
		t.Run(c.name, func(t *testing.T) {
			if _, _, err := runCmd(t, append([]string{"gen"}, c.args...)...); !errors.Is(err, errUsage) {
				t.Fatalf("got %v, want a usage error", err)
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		path := filepath.Join(t.TempDir(), "pool.jsonl")
		var out, errOut bytes.Buffer
		err := run(ctx, []string{"gen", "--enterprises", "200000", "--out", path}, func(string) string { return "" },
			strings.NewReader(""), &out, &errOut)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Fatalf("a cancelled run left %s behind", path)
		}
	})
}
