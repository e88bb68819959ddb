package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// runCmd runs the binary's run with args, an empty environment and no input, and
// returns what it wrote to stdout and stderr.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"no command", nil, 2, "usage: chainmatch COMMAND"},
		{"help", []string{"-h"}, 0, "match"},
		{"unknown command", []string{"frobnicate"}, 2, ""},
		{"command help", []string{"match", "-h"}, 0, "--county"},
		{"bad flag", []string{"gaps", "--nope"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCmd(t, tt.args...)
			if got := exitCode(err); got != tt.code {
				t.Fatalf("exit code %d (%v), want %d", got, err, tt.code)
			}
			if !strings.Contains(out, tt.out) {
				t.Fatalf("stdout %q lacks %q", out, tt.out)
			}
		})
	}
}

func TestIndexRebuildCommand(t *testing.T) {
	dir := t.TempDir()
	out, _, err := runCmd(t, "index", "rebuild", "--data", dir)
	if err != nil || !strings.Contains(out, "index rebuilt at generation 0") {
		t.Fatalf("index rebuild: %q, %v", out, err)
	}
	for _, args := range [][]string{{"index"}, {"index", "--data", dir}, {"index", "drop"}, {"index", "rebuild", "extra"}} {
		if _, _, err := runCmd(t, args...); exitCode(err) != 2 {
			t.Errorf("%v: err %v, want a usage error", args, err)
		}
	}
}

// TestCheckFormat: one usage error for every command's --format.
func TestCheckFormat(t *testing.T) {
	for _, c := range []struct {
		name, format string
		allowed      []string
		want         string // "" no error
	}{
		{"allowed", "json", []string{"table", "json"}, ""},
		{"two choices", "xml", []string{"table", "json"}, `chains: --format must be table or json, not "xml"`},
		{"three choices", "", []string{"table", "json", "csv"}, `chains: --format must be table, json or csv, not ""`},
	} {
		err := checkFormat("chains", c.format, c.allowed...)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want a usage error with %q", c.name, err, c.want)
		}
	}
}
