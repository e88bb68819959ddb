package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type evalMetrics struct {
	Recall      float64 `json:"recall"`
	RecallAt100 float64 `json:"recall_at_100"`
	MAP         float64 `json:"map"`
	MRR         float64 `json:"mrr"`
	NDCG        float64 `json:"ndcg"`
}

func (m evalMetrics) get(key string) float64 {
	return map[string]float64{"recall": m.Recall, "recall_at_100": m.RecallAt100, "map": m.MAP, "mrr": m.MRR, "ndcg": m.NDCG}[key]
}

type evalDiff struct {
	Diff, Low, High, P float64
	Wins, Losses, Ties int
}

type evalReport struct {
	Queries   []json.RawMessage                                 `json:"queries"`
	Metrics   evalMetrics                                       `json:"metrics"`
	Baselines map[string]evalMetrics                            `json:"baselines"`
	Intervals map[string]map[string]struct{ Low, High float64 } `json:"intervals"`
	Versus    map[string]map[string]evalDiff                    `json:"versus"`
	Against   *struct {
		Weights, Against string
		Metrics          evalMetrics         `json:"metrics"`
		Change           map[string]evalDiff `json:"change"`
	} `json:"against"`
}

var evalKeys = []string{"ndcg", "recall", "recall_at_100", "map", "mrr"}

// TestEvalSureness backtests a synthetic pool against outcomes made from its own
// rankings: every measure comes with a bootstrap interval around it, the model is
// compared with each baseline query by query, and --weights/--against compare two
// weight profiles (a file, the default, a fitted and saved profile).
func TestEvalSureness(t *testing.T) {
	dir := t.TempDir()
	pool := filepath.Join(dir, "pool.jsonl")
	if _, stderr, err := runCmd(t, "gen", "--enterprises", "9000", "--talents", "0", "--seed", "5", "--out", pool); err != nil {
		t.Fatalf("gen: %v\n%s", err, stderr)
	}
	data := filepath.Join(dir, "data")
	if _, stderr, err := runCmd(t, "import", "--data", data, pool); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	// Signers at several depths of the default ranking of five queries, so the
	// measures vary from query to query.
	csv := "county,chain,uscc,name,date,outcome\n"
	for i, q := range []devQuery{{"331122", "short-distance-transport"}, {"331124", "intelligent-transport"},
		{"331181", "auto-parts"}, {"331123", "new-energy"}, {"330127", "health"}} {
		ts := devMatch(t, data, q, 200)
		ranks := [][]int{{2}, {12, 130}, {40}, {7, 90}, {150}}[i]
		if len(ts) < slices.Max(ranks) {
			t.Fatalf("%v: %d targets, want %d", q, len(ts), slices.Max(ranks))
		}
		for _, r := range ranks {
			csv += q.county + "," + q.chain + ",," + ts[r-1].Enterprise.Name + ",2024,signed\n"
		}
	}
	outcomes := filepath.Join(dir, "outcomes.csv")
	wfile := filepath.Join(dir, "near.json")
	if err := os.WriteFile(outcomes, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	// A profile that ignores location.
	if err := os.WriteFile(wfile, []byte(`{"name":"no-proximity","beta":{"gap_fit":0.4,"growth":0.05,"intent":0.1,"proximity":0,"quality":0.1,"risk":-0.25,"text":0.3,"ties":0.1},"gap":{"absence":0.1,"emphasis":0.2,"feasibility":0.2,"gap":0.4,"importance":0.1}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	eval := func(args ...string) evalReport {
		t.Helper()
		out, stderr, err := runCmd(t, append([]string{"eval", "--data", data, "--outcomes", outcomes, "--format", "json"}, args...)...)
		if err != nil {
			t.Fatalf("eval %v: %v\n%s", args, err, stderr)
		}
		var r evalReport
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Queries) != 5 {
			t.Fatalf("eval %v: %d queries, want 5", args, len(r.Queries))
		}
		return r
	}

	def := eval()
	for m, ms := range map[string]evalMetrics{"model": def.Metrics, "text_only": def.Baselines["text"], "random": def.Baselines["random"]} {
		for _, k := range evalKeys {
			iv, v := def.Intervals[m][k], ms.get(k)
			if iv.Low > v+1e-9 || iv.High < v-1e-9 {
				t.Errorf("%s %s = %.4f outside its interval [%.4f, %.4f]", m, k, v, iv.Low, iv.High)
			}
		}
	}
	if iv := def.Intervals["model"]["mrr"]; iv.High-iv.Low < 0.01 {
		t.Errorf("MRR differs from query to query, yet its interval is [%.4f, %.4f]", iv.Low, iv.High)
	}
	for _, b := range []string{"largest", "text", "random"} {
		for _, k := range evalKeys {
			d := def.Versus[b][k]
			if want := def.Metrics.get(k) - def.Baselines[b].get(k); math.Abs(d.Diff-want) > 1e-9 {
				t.Errorf("model against %s, %s: difference %.4f, want %.4f", b, k, d.Diff, want)
			}
			if d.Wins+d.Losses+d.Ties != 5 || d.P <= 0 || d.P > 1 || d.Low > d.Diff+1e-9 || d.High < d.Diff-1e-9 {
				t.Errorf("model against %s, %s: %+v", b, k, d)
			}
		}
	}

	same := eval("--weights", "default", "--against", "default")
	for _, k := range evalKeys {
		if d := same.Against.Change[k]; d.Diff != 0 || d.P != 1 || d.Ties != 5 {
			t.Errorf("default against default, %s: %+v", k, d)
		}
	}
	alt := eval("--weights", wfile, "--against", "default")
	if alt.Against == nil || alt.Against.Against != "default" || alt.Against.Metrics != def.Metrics {
		t.Fatalf("--against default: %+v, want the default's metrics %+v", alt.Against, def.Metrics)
	}
	moved := false
	for _, k := range evalKeys {
		d := alt.Against.Change[k]
		if want := alt.Metrics.get(k) - def.Metrics.get(k); math.Abs(d.Diff-want) > 1e-9 {
			t.Errorf("change of %s: %.4f, want %.4f", k, d.Diff, want)
		}
		moved = moved || d.Diff != 0
	}
	if !moved {
		t.Error("a profile without proximity ranks exactly as the default")
	}

	// A fitted profile is saved and found by name and by version.
	if out, stderr, err := runCmd(t, "weights", "fit", "--data", data, "--outcomes", outcomes, "--name", "tuned"); err != nil {
		t.Fatalf("weights fit: %v\n%s", err, stderr)
	} else if !strings.Contains(out, "fitted minus prior") || !strings.Contains(out, "--weights tuned") {
		t.Errorf("weights fit output lacks the change or how to use the profile:\n%s", out)
	}
	if eval("--weights", "tuned@1").Metrics != eval("--weights", "tuned").Metrics {
		t.Error("tuned@1 and tuned (its latest version) differ")
	}

	out, _, err := runCmd(t, "eval", "--data", data, "--outcomes", outcomes, "--weights", wfile, "--against", "default")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"95% intervals", "the model against each baseline", wfile + " against default", "WON/LOST/TIED"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"beta":{"risk":0.5}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.json")
	if err := os.WriteFile(huge, bytes.Repeat([]byte(" "), 2<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--weights", "nosuch"}, `no weight profile "nosuch"`},
		{[]string{"--against", "tuned@9"}, `no version 9 of the weight profile "tuned"`},
		{[]string{"--weights", "tuned@x"}, "positive number"},
		{[]string{"--weights", bad}, "bad.json"},
		{[]string{"--against", huge}, "not a weight profile"},
		{[]string{"--weights", "tuned", "--split-date", "2023"}, "--split-date fits its own weights"},
	} {
		_, stderr, err := runCmd(t, append([]string{"eval", "--data", data, "--outcomes", outcomes}, c.args...)...)
		if err == nil || !strings.Contains(err.Error()+stderr, c.want) {
			t.Errorf("eval %v: %v %s, want an error with %q", c.args, err, stderr, c.want)
		}
		if strings.Contains(c.want, "split-date") && !errors.Is(err, errUsage) {
			t.Errorf("eval %v: %v is no usage error", c.args, err)
		}
	}
	if _, _, err := runCmd(t, "match", "--data", data, "--county", "331122", "--chain", "health", "--weights", "nosuch"); err == nil {
		t.Error("match --weights nosuch: no error")
	}
}

// TestEvalTies: four listed firms with the same label and province tie; the
// signer's measures are the mean over every order of the tie, whichever place of
// it the list serves the signer in, and the report shows the ranks the tie spans.
func TestEvalTies(t *testing.T) {
	dir := t.TempDir()
	pool, outcomes := filepath.Join(dir, "pool.jsonl"), filepath.Join(dir, "outcomes.csv")
	var lines []string
	for _, name := range []string{"华川科技", "明川科技", "东川科技", "西川科技"} {
		lines = append(lines, `{"name":"`+name+`","industry":"专用机械","province":"浙江","tags":["listed"]}`)
	}
	if err := os.WriteFile(pool, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outcomes, []byte("county,chain,uscc,name,date,outcome\n330825,equipment,,东川科技,2024,signed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if _, stderr, err := runCmd(t, "import", "--data", data, pool); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	out, stderr, err := runCmd(t, "eval", "--data", data, "--outcomes", outcomes, "--k", "1", "--format", "json")
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr)
	}
	var r struct {
		Queries []struct {
			Candidates int      `json:"candidates"`
			Ranks      []int    `json:"ranks"`
			Tied       [][2]int `json:"tied"`
			Below      []struct {
				Name string `json:"name"`
			} `json:"below"`
		} `json:"queries"`
		Metrics   evalMetrics            `json:"metrics"`
		Baselines map[string]evalMetrics `json:"baselines"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Queries) != 1 || r.Queries[0].Candidates != 4 || len(r.Queries[0].Tied) != 1 || r.Queries[0].Tied[0] != [2]int{1, 4} {
		t.Fatalf("want one query of 4 candidates with the signer tied over ranks 1–4: %s", out)
	}
	// Below the top 1 in three orders of four: its shortfall is listed.
	if b := r.Queries[0].Below; len(b) != 1 || b[0].Name != "东川科技" {
		t.Errorf("below the top 1: %+v, want the signer", b)
	}
	// In a random order of four, the signer is first with chance 1/4 and its
	// reciprocal rank averages (1 + 1/2 + 1/3 + 1/4)/4.
	want := evalMetrics{Recall: 0.25, RecallAt100: 1, MRR: (1 + 1.0/2 + 1.0/3 + 1.0/4) / 4}
	want.MAP = want.MRR
	for _, m := range []evalMetrics{r.Metrics, r.Baselines["random"]} {
		for _, k := range []string{"recall", "recall_at_100", "map", "mrr"} {
			if math.Abs(m.get(k)-want.get(k)) > 1e-9 {
				t.Errorf("%s = %v, want %v (the mean over the orders of the tie)", k, m.get(k), want.get(k))
			}
		}
	}
	table, _, err := runCmd(t, "eval", "--data", data, "--outcomes", outcomes, "--k", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table, "东川科技 "+itoa(r.Queries[0].Ranks[0])+" of 1–4") {
		t.Errorf("the table does not show the tie:\n%s", table)
	}
}

// TestEvalByNames reads outcomes that name the county, chain and status the way
// people write them (温州市瓯海区, 生物医药, 已签约): they count as the codes do,
// and a county name that several counties share is left out with them listed.
func TestEvalByNames(t *testing.T) {
	dir := t.TempDir()
	pool := filepath.Join(dir, "pool.jsonl")
	if err := os.WriteFile(pool, []byte(`{"name":"华川药业","scope":"化学药品制剂制造","province":"浙江"}
{"name":"明川药业","scope":"化学药品制剂制造、原料药","province":"江苏"}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if _, stderr, err := runCmd(t, "import", "--data", data, pool); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	eval := func(rows string) string {
		t.Helper()
		f := filepath.Join(t.TempDir(), "outcomes.csv")
		if err := os.WriteFile(f, []byte("county,chain,uscc,name,date,outcome\n"+rows), 0o644); err != nil {
			t.Fatal(err)
		}
		out, stderr, err := runCmd(t, "eval", "--data", data, "--outcomes", f, "--format", "json")
		if err != nil {
			t.Fatalf("eval: %v\n%s", err, stderr)
		}
		return out
	}
	var byCode, byName struct {
		Queries []struct {
			County string `json:"county"`
			Chain  string `json:"chain"`
			Ranks  []int  `json:"ranks"`
		} `json:"queries"`
		Unresolved []struct {
			County, Reason string
		} `json:"unresolved"`
	}
	if err := json.Unmarshal([]byte(eval("330304,biomedicine,,明川药业,2024,signed\n")), &byCode); err != nil {
		t.Fatal(err)
	}
	out := eval("温州市瓯海区,生物医药,,明川药业,2024,已签约\n朝阳区,Biomedicine,,华川药业,2024,Signed\n")
	if err := json.Unmarshal([]byte(out), &byName); err != nil {
		t.Fatal(err)
	}
	if len(byName.Queries) != 1 || byName.Queries[0].County != "330304" || byName.Queries[0].Chain != "biomedicine" ||
		!slices.Equal(byName.Queries[0].Ranks, byCode.Queries[0].Ranks) {
		t.Errorf("by names: %+v, want the query by codes %+v", byName.Queries, byCode.Queries)
	}
	if u := byName.Unresolved; len(u) != 1 || !strings.Contains(u[0].Reason, "110105 北京市朝阳区") {
		t.Errorf("unresolved %+v, want 朝阳区 left out with its counties", u)
	}
}
