package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestTagCommand(t *testing.T) {
	t.Run("text", func(t *testing.T) {
		out, _, err := runCmd(t, "tag", "年产50万台电动自行车轮毂电机")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"short-distance-transport", "hub-motors", "轮毂电机", "scope:轮毂电机 (keyword)"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("industry json", func(t *testing.T) {
		out, _, err := runCmd(t, "tag", "--industry", "医疗器械", "--format", "json", "一次性使用输液器、注射器")
		if err != nil {
			t.Fatal(err)
		}
		var tags []chainmatch.NodeTag
		if err := json.Unmarshal([]byte(out), &tags); err != nil {
			t.Fatal(err)
		}
		if len(tags) == 0 || tags[0].Chain != "health" || tags[0].Node != "medical-consumables" {
			t.Fatalf("tags = %+v, want health/medical-consumables first", tags)
		}
	})
	t.Run("set aside", func(t *testing.T) {
		out, _, err := runCmd(t, "tag", "一般项目：五金产品批发；轴承销售；紧固件销售")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"no chain node", "set aside 未计入", "transmission-parts", "scope:轴承 (keyword)", "只销售此链产品", "only sells this chain's goods"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("no node", func(t *testing.T) {
		out, _, err := runCmd(t, "tag", "餐饮服务；住宿服务")
		if err != nil || !strings.Contains(out, "no chain node") {
			t.Fatalf("err %v, out %q", err, out)
		}
	})
	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{"tag"}, {"tag", "--check", "x.tsv", "轮毂电机"}, {"tag", "--format", "xml", "轮毂电机"}} {
			if _, _, err := runCmd(t, args...); !errors.Is(err, errUsage) {
				t.Errorf("%q: err %v, want a usage error", args, err)
			}
		}
	})
}

func TestTagCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.tsv")
	lines := "# hand-labelled\n" +
		"年产50万台电动自行车轮毂电机\tshort-distance-transport\thub-motors\n" + // right
		"年产50万台电动自行车轮毂电机\tshort-distance-transport\tcontrollers\n" + // the node is wrong
		"汽车零部件及配件制造\t一般项目：汽车座椅、仪表板及门护板制造\tauto-parts\tbody-interior\n" + // right, with an industry column
		"轮毂电机\tnone\tnone\n" + // a line of no chain the tagger places
		"\n" +
		"餐饮服务；住宿服务\tnone\t\n" + // no chain, left untagged
		"一般项目：五金产品批发；轴承销售\tequipment\ttransmission-parts\n" + // a trader: set aside
		"浙江某某轴承有限公司\t\t\tequipment\ttransmission-parts\n" // a name alone, right
	if err := os.WriteFile(good, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "tag", "--check", good, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var c tagCheckOut
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if c.Lines != 7 || c.WithChain != 5 || c.TopChain != 4 || c.NoneClean != 1 {
		t.Errorf("counts %+v, want 7 lines, 5 with a chain, 4 top chains right, 1 clean none", c)
	}
	if c.NodeRecall != 3.0/5 || c.ChainRecall != 4.0/5 {
		t.Errorf("node recall %v, chain recall %v; want 3/5 and 4/5", c.NodeRecall, c.ChainRecall)
	}
	// the bins of confidence hold every placement once, the right ones among them
	var placed, right int
	for _, b := range c.Reliability {
		placed += b.Placed
		right += b.Right
	}
	if c.NodePrecision == 0 || float64(right)/float64(placed) != c.NodePrecision || len(c.Reliability) != 6 {
		t.Errorf("reliability %+v: %d of %d placements right, want node precision %v in 6 bins", c.Reliability, right, placed, c.NodePrecision)
	}
	kinds := map[int]string{}
	for _, m := range c.Misses {
		kinds[m.Line] = m.Kind
		if m.Line == 8 && (len(m.Aside) == 0 || m.Aside[0].Match != "轴承" || m.Aside[0].Reason != "trade_only") {
			t.Errorf("line 8 set aside %+v, want 轴承 trade_only", m.Aside)
		}
	}
	if kinds[3] != "node" || kinds[5] != "none" || kinds[8] != "chain" || len(kinds) != 3 {
		t.Errorf("misses %v, want line 3 node, line 5 none and line 8 chain", kinds)
	}
	table, _, err := runCmd(t, "tag", "--check", good)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"node recall 0.600 (3/5)", "short-distance-transport/controllers", "lines of no chain left untagged 1/2", "set aside: 轴承 trade_only", "CONFIDENCE 置信度"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}

	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("轮毂电机\tshort-distance-transport\thub-motors\n"+
		"轮毂电机\tno-such-chain\thub-motors\n"+
		"轮毂电机\tshort-distance-transport\twings\n"+
		"only one field\n"+
		" \t\t\tnone\tnone\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = runCmd(t, "tag", "--check", bad)
	if err == nil {
		t.Fatal("a file with bad lines was checked")
	}
	for _, want := range []string{"line 2: chain: \"no-such-chain\"", "line 3: nodes: \"wings\" is not a node of short-distance-transport", "line 4: 1 fields", "line 5: text: empty"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

// TestTagTalents: --kind talent tags a talent's expertise, field and
// institution, and checks the tagger on labelled talent lines.
func TestTagTalents(t *testing.T) {
	out, _, err := runCmd(t, "tag", "--kind", "talent", "--field", "电子科学与技术", "--format", "json", "功率半导体器件、SiC", "MOSFET")
	if err != nil {
		t.Fatal(err)
	}
	var tags []chainmatch.NodeTag
	if err := json.Unmarshal([]byte(out), &tags); err != nil {
		t.Fatal(err)
	}
	if len(tags) == 0 || tags[0].Chain != "semiconductor" || tags[0].Node != "power-devices" {
		t.Errorf("tags %+v, want semiconductor/power-devices first", tags)
	}
	for _, args := range [][]string{
		{"tag", "--kind", "talent", "--industry", "半导体", "功率器件"},
		{"tag", "--field", "电子科学与技术", "功率器件"},
		{"tag", "--kind", "person", "功率器件"},
	} {
		if _, _, err := runCmd(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}

	dir := t.TempDir()
	good := filepath.Join(dir, "talents.tsv")
	lines := "材料科学与工程\t固态电解质、高镍正极材料\t某大学材料学院\tnew-energy\tbattery-materials\n" + // right
		"工业机器人运动控制\tequipment\tmachine-tools\n" + // the node is wrong
		"法学\t知识产权法、专利诉讼\t某大学法学院\tnone\t\n" // no chain, left untagged
	if err := os.WriteFile(good, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "tag", "--kind", "talent", "--check", good, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var c tagCheckOut
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if c.Lines != 3 || c.WithChain != 2 || c.NodeRecall != 0.5 || c.NoneClean != 1 {
		t.Errorf("check %+v, want 3 lines, 2 with a chain, node recall 1/2, 1 clean none", c)
	}
	kinds := map[int]string{}
	for _, m := range c.Misses {
		kinds[m.Line] = m.Kind
		if m.Line == 1 && (m.Field != "材料科学与工程" || m.Text != "固态电解质、高镍正极材料" || m.Inst != "某大学材料学院") {
			t.Errorf("line 1's fields %+v", m)
		}
	}
	if kinds[2] != "node" || kinds[3] != "" {
		t.Errorf("misses %v, want line 2's node and line 3 clean", kinds)
	}
	// a firm's file read as talents names its bad lines
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("汽车零部件及配件制造\t座椅\tauto-parts\tbody-interior\n\t\t\tnone\t\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = runCmd(t, "tag", "--kind", "talent", "--check", bad)
	for _, want := range []string{"line 1: 4 fields", "line 2: expertise: empty"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}
