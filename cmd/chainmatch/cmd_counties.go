package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
)

const countiesSummary = `List the counties (区县) the engine knows: every county-level division of
China (GB/T 2260, about 2,978) and platforms such as the Lishui Economic
Development Zone (331100-edz), with the profiles of the counties the seed reports
cover: positioning (chains with weights and emphasised nodes), characteristic
industries and channels (liaison stations, chambers of commerce, ambassadors,
overseas associations), each with its source.

What is shown:
  table (default)   the profiled counties, and a count of all; --all lists every
                    county (code, name, city, province, centre; ~ marks a centre
                    that is the city's, not the county's own)
  --county CODE     one county in full: positioning, industries, channels, sources
                    (a code, a platform id or a name: 331181, 龙泉市, 丽水龙泉)
  --format json     an array of county objects (code, name, name_en, city,
                    city_name, province, province_name, lat, lon, centroid_approx,
                    platform, seat_county, positioning, industries, channels);
                    every county unless --profiled is given
--province filters by province: a two-digit code or a name (浙江, 浙江省, 33).

examples: chainmatch counties
          chainmatch counties --province 33 --all
          chainmatch counties --county 331181
          chainmatch counties --county 龙泉
          chainmatch counties --format json --profiled`

func cmdCounties() command {
	return command{name: "counties", summary: "list the counties, their positioning and channels", run: runCounties}
}

func runCounties(ctx context.Context, e env) error {
	fs := newFlags(e, "counties", "[--format table|json] [--all | --profiled] [--province CODE] [--county CODE]", countiesSummary)
	format := fs.String("format", "table", "output format: table or json")
	all := fs.Bool("all", false, "list every county, not only the profiled ones (table)")
	profiled := fs.Bool("profiled", false, "only counties with a profile (positioning, industries or channels)")
	province := fs.String("province", "", "only this province: two-digit code or name")
	one := fs.String("county", "", "show one county (code, platform id or name) in full")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: counties: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := checkFormat("counties", *format, "table", "json"); err != nil {
		return err
	}
	if *all && *profiled {
		return fmt.Errorf("%w: counties: --all and --profiled exclude each other", errUsage)
	}
	regions, err := datasets.LoadRegions()
	if err != nil {
		return fmt.Errorf("counties: %w", err)
	}
	if *one != "" {
		c, err := regions.Find(*one)
		if err != nil {
			return fmt.Errorf("counties: %w", err)
		}
		if *format == "json" {
			return writeCountiesJSON(e.stdout, c)
		}
		writeCountyDetail(e.stdout, c)
		return nil
	}
	prov := ""
	if *province != "" {
		loc, un := regions.Resolve(*province, "", "")
		if len(un) > 0 || loc.Province == "" {
			return fmt.Errorf("%w: counties: --province %q is not a province", errUsage, *province)
		}
		prov = loc.Province
	}
	onlyProfiled := *profiled || (*format == "table" && !*all)
	every := regions.Counties()
	picked := make([]chainmatch.County, 0, len(every))
	inProvince := 0
	for _, c := range every {
		if prov != "" && c.Province != prov {
			continue
		}
		inProvince++
		if onlyProfiled && !hasProfile(&c) {
			continue
		}
		picked = append(picked, c)
	}
	if *format == "json" {
		return writeCountiesJSON(e.stdout, picked)
	}
	writeCountiesTable(e.stdout, picked, !onlyProfiled)
	where := "in all"
	if prov != "" {
		where = "in " + regions.ProvinceName(prov)
	}
	if onlyProfiled {
		fmt.Fprintf(e.stdout, "\n%d profiled of %d counties and platforms %s; --all lists them all, --county CODE shows one in full.\n",
			len(picked), inProvince, where)
	} else {
		fmt.Fprintf(e.stdout, "\n%d counties and platforms %s (~: centre is the city's).\n", len(picked), where)
	}
	return nil
}

func hasProfile(c *chainmatch.County) bool {
	return len(c.Positioning) > 0 || len(c.Industries) > 0 || len(c.Channels) > 0
}

func writeCountiesJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func positioningText(c *chainmatch.County) string {
	parts := make([]string, len(c.Positioning))
	for i, p := range c.Positioning {
		parts[i] = fmt.Sprintf("%s %.1f", p.Chain, p.Weight)
	}
	return strings.Join(parts, ", ")
}

func centreText(c *chainmatch.County) string {
	s := fmt.Sprintf("%.2f,%.2f", c.Lat, c.Lon)
	if c.CentroidApprox {
		s = "~" + s
	}
	return s
}

func writeCountiesTable(w io.Writer, cs []chainmatch.County, plain bool) {
	if plain {
		rows := [][]string{{"CODE", "名称", "CITY", "PROVINCE", "CENTRE", "POSITIONING"}}
		for i := range cs {
			c := &cs[i]
			rows = append(rows, []string{c.Code, c.Name, c.CityName, c.ProvinceName, centreText(c), positioningText(c)})
		}
		writeTable(w, rows)
		return
	}
	rows := [][]string{{"CODE", "名称", "NAME", "CITY", "POSITIONING", "INDUSTRIES", "CHANNELS"}}
	for i := range cs {
		c := &cs[i]
		rows = append(rows, []string{c.Code, c.Name, c.NameEN, c.CityName, positioningText(c),
			fmt.Sprint(len(c.Industries)), channelCounts(c)})
	}
	writeTable(w, rows)
}

func channelCounts(c *chainmatch.County) string {
	n := map[chainmatch.ChannelType]int{}
	for _, ch := range c.Channels {
		n[ch.Type]++
	}
	types := make([]string, 0, len(n))
	for t := range n {
		types = append(types, string(t))
	}
	sort.Strings(types)
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = fmt.Sprintf("%s %d", t, n[chainmatch.ChannelType(t)])
	}
	return strings.Join(parts, ", ")
}

func sourceText(s *chainmatch.Source) string {
	if s == nil {
		return "no source"
	}
	return s.Name
}

func writeCountyDetail(w io.Writer, c *chainmatch.County) {
	fmt.Fprintf(w, "%s %s", c.Code, c.Name)
	if c.NameEN != "" {
		fmt.Fprintf(w, " (%s)", c.NameEN)
	}
	fmt.Fprintf(w, "\n%s %s · %s %s · centre %s\n", c.ProvinceName, c.Province, c.CityName, c.City, centreText(c))
	if c.Platform {
		fmt.Fprintf(w, "platform; its enterprises sit in %s\n", c.SeatCounty)
	}
	if len(c.Positioning) > 0 {
		fmt.Fprintln(w, "\npositioning:")
		for _, p := range c.Positioning {
			fmt.Fprintf(w, "  %-26s weight %.1f", p.Chain, p.Weight)
			if len(p.Emphasis) > 0 {
				nodes := make([]string, 0, len(p.Emphasis))
				for n := range p.Emphasis {
					nodes = append(nodes, n)
				}
				sort.Strings(nodes)
				for i, n := range nodes {
					nodes[i] = fmt.Sprintf("%s %.1f", n, p.Emphasis[n])
				}
				fmt.Fprintf(w, "  emphasis: %s", strings.Join(nodes, ", "))
			}
			fmt.Fprintf(w, "\n    %s\n    source: %s\n", p.Note, sourceText(p.Source))
		}
	}
	if len(c.Industries) > 0 {
		fmt.Fprintln(w, "\nindustries:")
		for _, f := range c.Industries {
			fmt.Fprintf(w, "  %s\n    %s\n    source: %s\n", f.Text, f.TextEN, sourceText(f.Source))
		}
	}
	if len(c.Channels) > 0 {
		fmt.Fprintln(w, "\nchannels:")
		for _, ch := range c.Channels {
			where := ""
			if ch.Where != "" {
				where = " @" + ch.Where
			}
			fmt.Fprintf(w, "  [%s] %s%s\n    %s\n    source: %s\n", ch.Type, ch.Name, where, ch.NameEN, sourceText(ch.Source))
		}
	}
	if !hasProfile(c) {
		fmt.Fprintln(w, "\nno profile: the seed reports do not cover this county.")
	}
}
