package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestCountiesCommand(t *testing.T) {
	type county struct {
		Code        string `json:"code"`
		Name        string `json:"name"`
		Province    string `json:"province"`
		Positioning []struct {
			Chain  string  `json:"chain"`
			Weight float64 `json:"weight"`
		} `json:"positioning"`
	}
	tests := []struct {
		name    string
		args    []string
		want    []string // substrings of the output
		notWant []string
		check   func(t *testing.T, out string)
		err     error
	}{
		{name: "default table shows the profiled counties and a count",
			want:    []string{"331122", "缙云县", "short-distance-transport 1.0", "331100-edz", "liaison_station 3", "profiled of 2979"},
			notWant: []string{"110101"}},
		{name: "all", args: []string{"--all"}, want: []string{"110101", "东城区", "北京市", "331122", "2979 counties"}},
		{name: "province by name", args: []string{"--all", "--province", "浙江"},
			want: []string{"331181", "浙江省"}, notWant: []string{"110101", "370522"}},
		{name: "one county in full", args: []string{"--county", "331181"},
			want: []string{"龙泉市", "ac-compressors", "广州龙泉商会", "@440100", "seeds/000_"}},
		{name: "one county by name", args: []string{"--county", "松阳县"}, want: []string{"331124", "unmanned-delivery"}},
		{name: "json is every county with positioning",
			args: []string{"--format", "json"},
			check: func(t *testing.T, out string) {
				var cs []county
				if err := json.Unmarshal([]byte(out), &cs); err != nil {
					t.Fatal(err)
				}
				if len(cs) < 2900 {
					t.Errorf("%d counties", len(cs))
				}
				for _, c := range cs {
					if c.Code == "331124" && (len(c.Positioning) == 0 || c.Positioning[0].Chain != "intelligent-transport") {
						t.Errorf("Songyang positioning %+v", c.Positioning)
					}
				}
			}},
		{name: "json profiled in a province",
			args: []string{"--format", "json", "--profiled", "--province", "37"},
			check: func(t *testing.T, out string) {
				var cs []county
				if err := json.Unmarshal([]byte(out), &cs); err != nil {
					t.Fatal(err)
				}
				if len(cs) != 1 || cs[0].Code != "370522" {
					t.Errorf("got %+v, want Lijin only", cs)
				}
			}},
		{name: "help", args: []string{"-h"}, want: []string{"usage: chainmatch counties", "--profiled", "--all"}, err: errHelp},
		{name: "unknown county", args: []string{"--county", "999999"}, err: chainmatch.ErrNotFound},
		{name: "bad province", args: []string{"--province", "火星"}, err: errUsage},
		{name: "bad format", args: []string{"--format", "xml"}, err: errUsage},
		{name: "all and profiled", args: []string{"--all", "--profiled"}, err: errUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCmd(t, append([]string{"counties"}, tc.args...)...)
			if tc.err == nil && err != nil || tc.err != nil && !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(out, w) {
					t.Errorf("output has %q", w)
				}
			}
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
}
