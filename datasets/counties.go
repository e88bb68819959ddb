package datasets

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/chainmatch/chainmatch"
)

//go:generate go run ./internal/gendivisions -out divisions

// regionFiles holds the generated division table and the county profiles.
//
//go:embed divisions/divisions.csv divisions/provinces.csv profiles.json
var regionFiles embed.FS

// Counties returns every county-level division of China (GB/T 2260, from the
// embedded divisions/divisions.csv) plus the platforms of profiles.json (such as
// 331100-edz), with the profiles merged in, sorted by code. Every returned county
// validates.
func Counties() ([]chainmatch.County, error) {
	return ReadCounties(regionFiles, "divisions/divisions.csv", "profiles.json")
}

// ReadCounties reads a division table in the format gendivisions writes and a
// profiles file (a JSON array of counties: a division's code with the fields to
// add, or a whole platform) from fsys, merges them and validates the result.
// Errors name the file and the line or the entry.
func ReadCounties(fsys fs.FS, divisionsFile, profilesFile string) ([]chainmatch.County, error) {
	b, err := fs.ReadFile(fsys, divisionsFile)
	if err != nil {
		return nil, fmt.Errorf("read counties: %w", err)
	}
	counties, err := parseDivisions(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", divisionsFile, err)
	}
	pb, err := fs.ReadFile(fsys, profilesFile)
	if err != nil {
		return nil, fmt.Errorf("read county profiles: %w", err)
	}
	var profiles []chainmatch.County
	if err := json.Unmarshal(pb, &profiles); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", profilesFile, chainmatch.ErrInvalid, err)
	}
	counties, err = mergeProfiles(counties, profiles)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", profilesFile, err)
	}
	for i := range counties {
		if err := counties[i].Validate(); err != nil {
			return nil, fmt.Errorf("counties: %w", err)
		}
	}
	return counties, nil
}

var divisionHeader = []string{"code", "name", "city_code", "city_name", "province_code", "province_name", "lat", "lon", "centroid_approx"}

func parseDivisions(b []byte) ([]chainmatch.County, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.Comment = '#'
	r.FieldsPerRecord = len(divisionHeader)
	r.ReuseRecord = true
	h, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if strings.Join(h, ",") != strings.Join(divisionHeader, ",") {
		return nil, fmt.Errorf("header %q: %w: want %q", strings.Join(h, ","), chainmatch.ErrInvalid, strings.Join(divisionHeader, ","))
	}
	out := make([]chainmatch.County, 0, 3000)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		lat, err1 := strconv.ParseFloat(rec[6], 64)
		lon, err2 := strconv.ParseFloat(rec[7], 64)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("line %d: %w: %v", line, chainmatch.ErrInvalid, err)
		}
		out = append(out, chainmatch.County{
			Code: rec[0], Name: rec[1],
			City: rec[2], CityName: rec[3],
			Province: rec[4], ProvinceName: rec[5],
			Lat: lat, Lon: lon, CentroidApprox: rec[8] == "1",
		})
	}
	return out, nil
}

// mergeProfiles adds each profile's positioning, industries, channels and English
// name to the division of its code; a platform profile is added as a county of its
// own, placed (city, province, centre) at its seat county unless it says otherwise.
func mergeProfiles(counties []chainmatch.County, profiles []chainmatch.County) ([]chainmatch.County, error) {
	idx := make(map[string]int, len(counties))
	for i, c := range counties {
		if _, dup := idx[c.Code]; dup {
			return nil, fmt.Errorf("%w: duplicate division %s", chainmatch.ErrInvalid, c.Code)
		}
		idx[c.Code] = i
	}
	seen := map[string]bool{}
	for i, p := range profiles {
		if seen[p.Code] {
			return nil, fmt.Errorf("[%d]: %w: duplicate profile %q", i, chainmatch.ErrInvalid, p.Code)
		}
		seen[p.Code] = true
		if p.Platform {
			seat, ok := idx[p.SeatCounty]
			if !ok {
				return nil, fmt.Errorf("[%d] %s: %w: seat county %q is not a division", i, p.Code, chainmatch.ErrInvalid, p.SeatCounty)
			}
			s := counties[seat]
			if p.City == "" {
				p.City, p.CityName = s.City, s.CityName
			}
			if p.Province == "" {
				p.Province, p.ProvinceName = s.Province, s.ProvinceName
			}
			if p.Lat == 0 && p.Lon == 0 {
				p.Lat, p.Lon, p.CentroidApprox = s.Lat, s.Lon, true
			}
			counties = append(counties, p)
			continue
		}
		j, ok := idx[p.Code]
		if !ok {
			return nil, fmt.Errorf("[%d]: %w: %q is not a division", i, chainmatch.ErrInvalid, p.Code)
		}
		c := &counties[j]
		if p.Name != "" && p.Name != c.Name {
			return nil, fmt.Errorf("[%d] %s: %w: name %q, the division is %q", i, p.Code, chainmatch.ErrInvalid, p.Name, c.Name)
		}
		if p.NameEN != "" {
			c.NameEN = p.NameEN
		}
		c.Positioning = p.Positioning
		c.Industries = p.Industries
		c.Channels = p.Channels
		c.Enterprises = p.Enterprises
		c.ListPresets = p.ListPresets
	}
	sort.Slice(counties, func(i, j int) bool { return counties[i].Code < counties[j].Code })
	return counties, nil
}
