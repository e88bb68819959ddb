package main

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestChainsCommand(t *testing.T) {
	t.Run("table", func(t *testing.T) {
		out, _, err := runCmd(t, "chains")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"short-distance-transport", "智能短交通", "Semiconductors", "UP/MID/DOWN", "upstream"} {
			if !strings.Contains(out, want) {
				t.Errorf("table lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		out, _, err := runCmd(t, "chains", "--format", "json")
		if err != nil {
			t.Fatal(err)
		}
		var chains []struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			NameEN string `json:"name_en"`
			Nodes  []struct {
				ID    string `json:"id"`
				Stage string `json:"stage"`
			} `json:"nodes"`
		}
		if err := json.Unmarshal([]byte(out), &chains); err != nil {
			t.Fatal(err)
		}
		if len(chains) < 10 {
			t.Fatalf("%d chains", len(chains))
		}
		for _, c := range chains {
			if c.ID == "" || c.Name == "" || c.NameEN == "" || len(c.Nodes) < 10 || c.Nodes[0].ID == "" || c.Nodes[0].Stage == "" {
				t.Errorf("incomplete chain %+v", c)
			}
		}
	})
	t.Run("one chain", func(t *testing.T) {
		out, _, err := runCmd(t, "chains", "--chain", "auto-parts")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "ac-components") || strings.Contains(out, "semiconductor") {
			t.Errorf("unexpected:\n%s", out)
		}
		// The importance shown is the one the ranker uses: PageRank over the
		// supply edges when the chain file sets none (the embedded chains).
		if !strings.Contains(out, "1.00") || regexp.MustCompile(`\s0\.00\s`).MatchString(out) {
			t.Errorf("importance column is not the PageRank one:\n%s", out)
		}
	})
	t.Run("unknown chain", func(t *testing.T) {
		_, _, err := runCmd(t, "chains", "--chain", "nope")
		if !errors.Is(err, chainmatch.ErrNotFound) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("bad format", func(t *testing.T) {
		_, _, err := runCmd(t, "chains", "--format", "xml")
		if !errors.Is(err, errUsage) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("help", func(t *testing.T) {
		out, _, err := runCmd(t, "chains", "-h")
		if !errors.Is(err, errHelp) || !strings.Contains(out, "--format") {
			t.Errorf("got %v, %q", err, out)
		}
	})
}
