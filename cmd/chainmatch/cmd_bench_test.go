package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestBenchIndexSmall(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"bench", "index", "--enterprises", "400", "--rounds", "2", "--format", "json", "--dir", t.TempDir()},
		func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	var rep benchReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if rep.Part != "index" || !rep.Synthetic {
		t.Errorf("report %+v", rep)
	}
	got := map[string]float64{}
	for _, r := range rep.Results {
		got[r.Name] = r.Value
	}
	for _, name := range []string{"build rate", "bytes per doc", "peak RSS", "search text p50"} {
		if !(got[name] > 0) {
			t.Errorf("%s = %v in %v", name, got[name], got)
		}
	}
	found := false
	for name := range got {
		if strings.HasPrefix(name, "candidates node ") && strings.HasSuffix(name, "cached p50") {
			found = true
		}
	}
	if !found {
		t.Errorf("no node-candidate figures in %v", got)
	}
}

func TestBenchUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want error
	}{
		{"no part", []string{"bench"}, errUsage},
		{"unknown part", []string{"bench", "nope"}, errUsage},
		{"bad count", []string{"bench", "index", "--enterprises", "0"}, errUsage},
		{"bad format", []string{"bench", "index", "--format", "xml"}, errUsage},
		{"help", []string{"bench", "index", "-h"}, errHelp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tc.args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
			if !errors.Is(err, tc.want) {
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
}
