package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// localPool is a small synthetic import (test data): two firms the Jinyun profile
// names (涛涛车业 and 华洋赛车, records giving only their province, as the A-share
// list does), one Jinyun firm by its address with an expansion project, and outside
// firms in Zhejiang and elsewhere, one of them named only in English and filed
// under Shenzhen by its list.
const localPool = `{"id":"t-taotao","name":"涛涛车业","province":"浙江","scope":"摩托车、全地形车"}
{"id":"t-huayang","name":"华洋赛车","province":"浙江","scope":"摩托车"}
{"id":"t-addr","name":"缙云某电动车有限公司","address":"浙江省丽水市缙云县新碧街道新元路9号","scope":"电动自行车制造","signals":[{"type":"expansion","date":"2026-10-01","detail":"年产50万辆电动自行车扩产项目"}]}
{"id":"t-out-zj","name":"台州某摩托车有限公司","province":"浙江","city":"台州","scope":"摩托车制造"}
{"id":"t-out-gd","name":"广州某电池有限公司","province":"广东","city":"广州","county":"天河区","scope":"锂电池 电池包"}
{"id":"t-out-js","name":"江苏某电动车有限公司","province":"江苏","scope":"电动自行车 电动摩托车"}
{"id":"t-foreign","name":"Voltway Mobility AB","province":"广东","city":"深圳","scope":"电动自行车 电动摩托车"}
`

func TestLocalBaseEndToEnd(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := filepath.Join(dir, "pool.jsonl")
	if err := os.WriteFile(in, []byte(localPool), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "import", "--data", data, in); err != nil {
		t.Fatalf("import: %v", err)
	}
	type target struct {
		Enterprise struct {
			ID       string `json:"id"`
			Province string `json:"province"`
		} `json:"enterprise"`
		Channel *struct {
			Type string `json:"type"`
		} `json:"channel"`
		ChannelReason *struct {
			ZH string `json:"zh"`
		} `json:"channel_reason"`
		Flags []struct {
			Code string `json:"code"`
		} `json:"flags"`
		Reasons []struct {
			ZH string `json:"zh"`
		} `json:"reasons"`
	}
	var outside, local struct {
		Targets []target `json:"targets"`
	}
	out, _, err := runCmd(t, "match", "--data", data, "--county", "331122", "--chain", "short-distance-transport", "--format", "json")
	if err != nil || json.Unmarshal([]byte(out), &outside) != nil {
		t.Fatalf("match: %v\n%s", err, out)
	}
	ids := map[string]target{}
	for _, tg := range outside.Targets {
		ids[tg.Enterprise.ID] = tg
		if tg.Channel == nil || tg.ChannelReason == nil || tg.ChannelReason.ZH == "" {
			t.Errorf("%s: no channel reason", tg.Enterprise.ID)
		}
	}
	for _, id := range []string{"t-taotao", "t-huayang", "t-addr"} {
		if _, ok := ids[id]; ok {
			t.Errorf("local firm %s offered as an outside target", id)
		}
	}
	if _, ok := ids["t-out-zj"]; !ok {
		t.Fatalf("outside targets %v lack t-out-zj", ids)
	}
	js := ids["t-out-js"]
	if len(js.Flags) == 0 || js.Flags[0].Code != "location_province_only" {
		t.Errorf("t-out-js flags %+v, want location_province_only", js.Flags)
	}
	for _, r := range js.Reasons {
		if strings.Contains(r.ZH, "公里") {
			t.Errorf("t-out-js reason claims a distance: %q", r.ZH)
		}
	}
	// A name only in English is no registration: its list's city is not its place.
	if f := ids["t-foreign"]; f.Enterprise.Province != "" || len(f.Flags) == 0 || f.Flags[0].Code != "foreign_name" {
		t.Errorf("t-foreign in province %q, flags %+v; want no place and foreign_name", f.Enterprise.Province, f.Flags)
	}
	if table, _, err := runCmd(t, "match", "--data", data, "--county", "331122", "--chain", "short-distance-transport"); err != nil ||
		!strings.Contains(table, "Voltway Mobility AB") || !strings.Contains(table, "未知 unknown") {
		t.Errorf("match table: %v\n%s", err, table)
	}

	out, _, err = runCmd(t, "match", "--data", data, "--county", "331122", "--chain", "short-distance-transport", "--local", "--format", "json")
	if err != nil || json.Unmarshal([]byte(out), &local) != nil {
		t.Fatalf("match --local: %v\n%s", err, out)
	}
	if len(local.Targets) != 3 || local.Targets[0].Enterprise.ID != "t-addr" {
		t.Fatalf("local list %+v, want the three local firms with the expanding t-addr first", local.Targets)
	}
	for _, tg := range local.Targets {
		if len(tg.Flags) == 0 || tg.Flags[0].Code != "local_base" {
			t.Errorf("%s flags %+v, want local_base", tg.Enterprise.ID, tg.Flags)
		}
	}
	table, _, err := runCmd(t, "match", "--data", data, "--county", "331122", "--chain", "short-distance-transport", "--local")
	if err != nil || !strings.Contains(table, "local base: 3 of 3 local firms") || !strings.Contains(table, "缙云某电动车有限公司") {
		t.Errorf("match --local table: %v\n%s", err, table)
	}

	// gaps: the local base by node, evidence per node, absence only where observed.
	out, _, err = runCmd(t, "gaps", "--data", data, "--county", "331122", "--chain", "short-distance-transport", "--format", "json")
	if err != nil {
		t.Fatalf("gaps: %v", err)
	}
	var g struct {
		County     string         `json:"county"`
		LocalTotal int            `json:"local_total"`
		Located    map[string]int `json:"located"`
		Nodes      []struct {
			ID        string   `json:"id"`
			Evidence  string   `json:"evidence"`
			Absence   *float64 `json:"absence"`
			LocalBase []struct {
				ID string `json:"id"`
			} `json:"local_base"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatal(err)
	}
	if g.Located["address"] != 1 || g.Located["profile"] != 2 {
		t.Errorf("located %v, want 1 by address and 2 by profile", g.Located)
	}
	base := map[string]bool{}
	for _, n := range g.Nodes {
		if n.Evidence == "no_local_data" && n.Absence != nil {
			t.Errorf("%s: absence %v without local data", n.ID, *n.Absence)
		}
		for _, f := range n.LocalBase {
			base[f.ID] = true
		}
	}
	if !base["t-taotao"] || !base["t-addr"] {
		t.Errorf("local base %v lacks the profile-named and the address-placed firm", base)
	}
	table, _, err = runCmd(t, "gaps", "--data", data, "--county", "331122", "--chain", "short-distance-transport")
	if err != nil || !strings.Contains(table, "无本地数据") || !strings.Contains(table, "涛涛车业") {
		t.Errorf("gaps table: %v\n%s", err, table)
	}
}
