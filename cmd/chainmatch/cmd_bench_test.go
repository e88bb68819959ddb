package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
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
		{"unknown peer", []string{"bench", "match", "--data", "x", "--peer", "mysql"}, errUsage},
		{"dsn without peer", []string{"bench", "match", "--data", "x", "--peer-dsn", "postgres://x"}, errUsage},
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

// TestBenchMatchPeer runs bench match with the PostgreSQL peer on a small
// synthetic pool: through the database of CHAINMATCH_TEST_POSTGRES, and through
// a private server when the server binaries are installed. It checks the
// summary's keys and that the peer ranks as the engine does (overlap@k), never
// the timings.
func TestBenchMatchPeer(t *testing.T) {
	dsn := os.Getenv("CHAINMATCH_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("CHAINMATCH_TEST_POSTGRES not set")
	}
	data := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"dsn", []string{"--peer-dsn", dsn}},
		{"private server", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.args == nil {
				if _, err := postgresBin(); err != nil {
					t.Skip(err)
				}
			}
			args := append([]string{"bench", "match", "--data", data, "--enterprises", "3000", "--rounds", "2",
				"--top", "50", "--peer", "postgres", "--format", "json"}, tc.args...)
			var out, errOut bytes.Buffer
			if err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut); err != nil {
				t.Fatalf("%v\n%s", err, errOut.String())
			}
			var rep struct {
				Enterprises      int      `json:"enterprises"`
				IndexBytesPerDoc *float64 `json:"index_bytes_per_doc"`
				PeakRSSBytes     int64    `json:"peak_rss_bytes"`
				Match            struct {
					P50 float64            `json:"p50_ms"`
					P95 float64            `json:"p95_ms"`
					P99 float64            `json:"p99_ms"`
					QPS map[string]float64 `json:"qps"`
				} `json:"match"`
				Peer *struct {
					Name       string  `json:"name"`
					P50        float64 `json:"p50_ms"`
					P99        float64 `json:"p99_ms"`
					OverlapAtK float64 `json:"overlap_at_k"`
				} `json:"peer"`
				SpeedupP50 *float64 `json:"speedup_p50"`
				Warnings   []string `json:"warnings"`
			}
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if rep.Enterprises != 3000 || rep.IndexBytesPerDoc == nil || rep.PeakRSSBytes <= 0 || rep.Match.P50 <= 0 {
				t.Errorf("summary %+v", rep)
			}
			for _, k := range []string{"1", "4", "16"} {
				if !(rep.Match.QPS[k] > 0) {
					t.Errorf("qps %q missing in %v", k, rep.Match.QPS)
				}
			}
			if rep.Peer == nil || rep.Peer.Name != "postgres" || rep.Peer.P50 <= 0 || rep.SpeedupP50 == nil {
				t.Fatalf("peer %+v, speedup %v", rep.Peer, rep.SpeedupP50)
			}
			// The same inputs and formulas: the lists agree but for float32
			// rounding at equal scores.
			if rep.Peer.OverlapAtK < 0.98 || len(rep.Warnings) > 0 {
				t.Errorf("overlap@k %v, warnings %v", rep.Peer.OverlapAtK, rep.Warnings)
			}
		})
	}
}

func TestOverlapAtK(t *testing.T) {
	for _, tc := range []struct {
		a, b []uint32
		want float64
	}{
		{nil, nil, 1},
		{[]uint32{1, 2, 3, 4}, []uint32{4, 3, 2, 1}, 1},
		{[]uint32{1, 2, 3, 4}, []uint32{1, 2, 5, 6}, .5},
		{[]uint32{1, 2, 3, 4}, []uint32{1, 2}, .5},
		{[]uint32{1, 2}, []uint32{7, 8}, 0},
	} {
		if got := overlapAtK(tc.a, tc.b); got != tc.want {
			t.Errorf("overlapAtK(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
