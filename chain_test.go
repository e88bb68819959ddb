package chainmatch

import (
	"errors"
	"strings"
	"testing"
)

func TestChainValidateLabels(t *testing.T) {
	base := func() Chain {
		return Chain{ID: "c", Name: "链", NameEN: "Chain",
			Nodes: []Node{
				{ID: "a", Name: "甲", NameEN: "A", Stage: Upstream, Keywords: []string{"甲"}, KeywordsEN: []string{"a"}},
				{ID: "b", Name: "乙", NameEN: "B", Stage: Downstream, Keywords: []string{"乙"}, KeywordsEN: []string{"b"},
					Contextual: []string{"丙"}, Contrary: []string{"丁"}},
			},
			Labels: []Label{{Words: []string{"甲乙"}, Nodes: map[string]float64{"a": .5, "b": .3}}}}
	}
	tests := []struct {
		name  string
		mut   func(c *Chain)
		field string // "" valid
	}{
		{"valid", func(c *Chain) {}, ""},
		{"unknown node", func(c *Chain) { c.Labels[0].Nodes["z"] = .1 }, "labels[0].nodes.z"},
		{"share above one", func(c *Chain) { c.Labels[0].Nodes["a"] = 1.5 }, "labels[0].nodes.a"},
		{"zero share", func(c *Chain) { c.Labels[0].Nodes["a"] = 0 }, "labels[0].nodes.a"},
		{"shares sum above one", func(c *Chain) { c.Labels[0].Nodes["b"] = .6 }, "labels[0].nodes"},
		{"no words", func(c *Chain) { c.Labels[0].Words = nil }, "labels[0].words"},
		{"empty word", func(c *Chain) { c.Labels[0].Words = []string{""} }, "labels[0].words[0]"},
		{"no nodes", func(c *Chain) { c.Labels[0].Nodes = nil }, "labels[0].nodes"},
		{"empty contextual", func(c *Chain) { c.Nodes[1].Contextual = []string{""} }, "nodes[1].contextual[0]"},
		{"empty contrary", func(c *Chain) { c.Nodes[1].Contrary = []string{""} }, "nodes[1].contrary[0]"},
		{"context", func(c *Chain) { c.Nodes[1].Context = []string{"戊"} }, ""},
		{"empty context", func(c *Chain) { c.Nodes[1].Context = []string{""} }, "nodes[1].context[0]"},
		{"context without contextual words", func(c *Chain) { c.Nodes[1].Contextual, c.Nodes[1].Context = nil, []string{"戊"} }, "nodes[1].context"},
		{"parts node", func(c *Chain) { c.Parts = "a" }, ""},
		{"unknown parts node", func(c *Chain) { c.Parts = "z" }, "parts"},
		{"trade node", func(c *Chain) { c.Trade = "b" }, ""},
		{"unknown trade node", func(c *Chain) { c.Trade = "z" }, "trade"},
		{"service node", func(c *Chain) { c.Service = "b" }, ""},
		{"unknown service node", func(c *Chain) { c.Service = "z" }, "service"},
		{"heads", func(c *Chain) { c.Heads = []Head{{Node: "a", Words: []string{"电机"}}} }, ""},
		{"unknown head node", func(c *Chain) { c.Heads = []Head{{Node: "z", Words: []string{"电机"}}} }, "heads[0].node"},
		{"head without words", func(c *Chain) { c.Heads = []Head{{Node: "a"}} }, "heads[0].words"},
		{"empty head word", func(c *Chain) { c.Heads = []Head{{Node: "a", Words: []string{" "}}} }, "heads[0].words[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.mut(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if _, ok := Fields(err)[tt.field]; !ok {
				t.Fatalf("fields %v lack %q", Fields(err), tt.field)
			}
		})
	}
}

func TestOutcomeDates(t *testing.T) {
	for d, ok := range map[string]bool{"2023": true, "2023-05": true, "2023-05-17": true, "": true,
		"2023/05": false, "20x3": false, "2023-13": false} {
		o := Outcome{County: "331122", Name: "某公司", Type: StatusSigned, Date: d}
		if err := o.Validate(); (err == nil) != ok {
			t.Errorf("date %q: err %v", d, err)
		}
	}
	if tm, ok := OutcomeTime("2023-05"); !ok || !strings.HasPrefix(tm.String(), "2023-05-01") {
		t.Errorf("OutcomeTime(2023-05) = %v, %v", tm, ok)
	}
}
