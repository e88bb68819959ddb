package read

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
)

// LocateFunc places a location given by province, city and county, each a GB/T
// 2260 code or a Chinese name with or without suffix or a short form, and returns
// the codes it could place (province two digits, city and county six) and the
// names of the arguments ("province", "city", "county") it could not. The importer
// passes (*Regions).Resolve wrapped to this shape.
type LocateFunc func(province, city, county string) (prov, cityCode, countyCode string, unresolved []string)

// PlaceFunc reads the place a name begins with (a province, a city or both,
// whole names only) and returns their codes and the rest of the name; ok is
// false when it begins with none. The importer passes (*Regions).LeadingPlace.
type PlaceFunc func(name string) (province, city, rest string, ok bool)

// ParseOptions say how rows become records.
type ParseOptions struct {
	// Locate resolves locations; nil accepts well-formed codes only and reports
	// every name as unresolved.
	Locate LocateFunc
	// Place reads the place a registered name begins with, to give the record
	// its short name as an alias (杭州华东医药股份有限公司 → 华东医药); nil: none.
	Place PlaceFunc
	// Rename maps a header (as written, or normalised) to a key of the import
	// format, for files whose headers are not known, e.g. {"area": "province"}.
	Rename map[string]string
	// Kind is the record kind of rows without a kind column: "" (enterprise) or
	// "talent". A header 姓名 without a company-name column implies talent.
	Kind string
	// Preset names the columns of a known export; nil picks one from the header
	// (DetectPreset). A JSON reader's caller passes DetectPreset(rr.Fields()).
	Preset *Preset
	// Source is given to records without a source column: the preset's source
	// when it has one, else this (the importer passes the file's name).
	Source string
}

// Warning says that a value was dropped or changed on import; the record was kept.
type Warning struct {
	Line   int    `json:"line"`
	Field  string `json:"field"`
	Value  string `json:"value,omitempty"`
	Reason string `json:"reason"`
}

// Reject says why a row was not imported.
type Reject struct {
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Code   string `json:"code"` // one of the Reject* codes, for counting
	Reason string `json:"reason"`
}

// The reasons a row is not imported.
const (
	RejectMalformed = "malformed"    // the row is not a CSV row or JSON object
	RejectUSCC      = "invalid_uscc" // a wrong code means a wrong record
	RejectName      = "missing_name" // a name is required
	RejectInvalid   = "invalid"      // a required check of Validate failed
	RejectKind      = "unknown_kind" // kind is neither enterprise nor talent
)

// Result is what one row yields: a record (with warnings) or a reject.
type Result struct {
	Raw        RawRow
	Enterprise *chainmatch.Enterprise
	Talent     *chainmatch.Talent
	Warnings   []Warning
	Reject     *Reject
}

// column is one column of a CSV or XLSX header.
type column struct {
	key    string // "" for an unknown column
	header string
	unit   string
	skip   bool // a later column with the same key: used when the first is blank
}

// Parser turns rows into records. It is safe for concurrent use by the workers
// of an import.
type Parser struct {
	opts     ParseOptions
	preset   *Preset
	cols     []column
	hwarn    []Warning
	kind     string
	mu       sync.Mutex
	seenKeys map[string]bool // JSONL keys already reported unknown
}

// NewParser returns a parser for rows under header (nil for JSONL). Unknown
// columns and duplicated ones are reported once, by HeaderWarnings.
func NewParser(header []string, opts ParseOptions) *Parser {
	p := &Parser{opts: opts, kind: opts.Kind, seenKeys: map[string]bool{}, preset: opts.Preset}
	if p.preset == nil && header != nil {
		p.preset = DetectPreset(header)
	}
	if p.preset != nil && p.preset.Source != "" {
		p.opts.Source = p.preset.Source
	}
	first := map[string]int{}
	hasCompany := false
	for i, h := range header {
		key, unit := columnKey(h, opts.Rename, p.preset)
		c := column{key: key, header: strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")), unit: unit}
		nh, _ := normalizeHeader(h)
		if key == "name" && nh != "姓名" {
			hasCompany = true
		}
		if key == "name" && nh == "姓名" && p.kind == "" {
			p.kind = "talent?"
		}
		switch {
		case key == "":
			p.hwarn = append(p.hwarn, Warning{Field: c.header, Reason: "unknown column: kept in extra"})
		case key == keyExtra || key == keyAliases || key == "industry": // every column adds to these
		case first[key] > 0:
			c.skip = true
			p.hwarn = append(p.hwarn, Warning{Field: c.header, Reason: fmt.Sprintf(
				"column %d maps to %s like column %d: used only where that one is blank", i+1, key, first[key])})
		default:
			first[key] = i + 1
		}
		p.cols = append(p.cols, c)
	}
	if p.kind == "talent?" {
		p.kind = ""
		if !hasCompany {
			p.kind = chainmatch.KindTalent
		}
	}
	return p
}

// Preset is the preset the parser reads columns by, or nil.
func (p *Parser) Preset() *Preset { return p.preset }

// HeaderWarnings are the warnings about the header: unknown and duplicated columns.
func (p *Parser) HeaderWarnings() []Warning { return p.hwarn }

// cell is one non-blank value of a row with its key.
type cell struct {
	key, header, unit, value string
}

// Parse turns one row into a record or a reject.
func (p *Parser) Parse(row RawRow) Result {
	res := Result{Raw: row}
	if row.Err != nil {
		res.Reject = &Reject{Line: row.Line, Code: RejectMalformed, Reason: row.Err.Error()}
		return res
	}
	var cells []cell
	if row.Cells == nil && row.Text != "" {
		var err error
		cells, err = p.jsonCells(row, &res)
		if err != nil {
			res.Reject = &Reject{Line: row.Line, Code: RejectMalformed, Reason: err.Error()}
			return res
		}
	} else {
		cells = p.csvCells(row, &res)
		if res.Reject != nil {
			return res
		}
	}
	kind := p.kind
	for _, c := range cells {
		if c.key == keyKind {
			kind = strings.ToLower(c.value)
		}
	}
	b := builder{p: p, line: row.Line, res: &res}
	switch kind {
	case "", "enterprise", "company", "企业":
		b.enterprise(cells)
	case chainmatch.KindTalent, "人才":
		b.talent(cells)
	default:
		res.Reject = &Reject{Line: row.Line, Field: "kind", Code: RejectKind,
			Reason: fmt.Sprintf("kind %q is neither enterprise nor talent", kind)}
	}
	return res
}

func (p *Parser) csvCells(row RawRow, res *Result) []cell {
	n := len(row.Cells)
	for n > len(p.cols) && strings.TrimSpace(row.Cells[n-1]) == "" {
		n--
	}
	if n > len(p.cols) {
		res.Reject = &Reject{Line: row.Line, Code: RejectMalformed,
			Reason: fmt.Sprintf("row has %d cells, header has %d", n, len(p.cols))}
		return nil
	}
	cells := make([]cell, 0, n)
	have := map[string]bool{}
	for i := 0; i < n; i++ {
		c := p.cols[i]
		v := cleanText(row.Cells[i])
		if isBlank(v) || c.skip && have[c.key] {
			continue
		}
		if c.key != "" {
			have[c.key] = true
		}
		cells = append(cells, cell{key: c.key, header: c.header, unit: c.unit, value: v})
	}
	return cells
}

// jsonCells reads a JSONL object into cells: strings unquoted, numbers and
// booleans as written, arrays and objects as JSON text. Keys that are neither
// canonical nor known headers are reported once per file and kept in extra.
func (p *Parser) jsonCells(row RawRow, res *Result) ([]cell, error) {
	kvs, err := jsonObject(row.Text)
	if err != nil {
		return nil, err
	}
	cells := make([]cell, 0, len(kvs))
	for _, kv := range kvs {
		k := kv.key
		v := cleanText(kv.value)
		if isBlank(v) {
			continue
		}
		key, unit := k, ""
		if _, renamed := p.opts.Rename[k]; !canonicalSet[k] || renamed || p.preset != nil && p.preset.Rename[strings.ToLower(k)] != "" {
			key, unit = columnKey(k, p.opts.Rename, p.preset)
		}
		if key == "" {
			p.mu.Lock()
			if !p.seenKeys[k] {
				p.seenKeys[k] = true
				res.Warnings = append(res.Warnings, Warning{Line: row.Line, Field: k, Reason: "unknown key: kept in extra"})
			}
			p.mu.Unlock()
		}
		cells = append(cells, cell{key: key, header: k, unit: unit, value: v})
	}
	return cells, nil
}

type keyValue struct{ key, value string }

// jsonObject splits a JSON object into its keys and values: strings unquoted,
// numbers and booleans as written, arrays and objects as JSON text; null values
// are left out and of a repeated key the last value counts. It validates the
// whole text first, so the splitting below can trust the structure.
func jsonObject(text string) ([]keyValue, error) {
	b := []byte(text)
	if !json.Valid(b) {
		var v any
		err := json.Unmarshal(b, &v)
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	i := skipSpace(text, 0)
	if i >= len(text) || text[i] != '{' {
		return nil, errors.New("not a JSON object")
	}
	i++
	var kvs []keyValue
	for {
		i = skipSpace(text, i)
		if text[i] == '}' {
			break
		}
		if text[i] == ',' {
			i = skipSpace(text, i+1)
		}
		end := stringEnd(text, i)
		key, err := unquote(text[i:end])
		if err != nil {
			return nil, err
		}
		i = skipSpace(text, end)
		i = skipSpace(text, i+1) // the colon
		vend := valueEnd(text, i)
		raw := text[i:vend]
		i = vend
		var v string
		switch raw[0] {
		case 'n': // null: unknown, also over an earlier value of the key
			for j := range kvs {
				if kvs[j].key == key {
					kvs = append(kvs[:j], kvs[j+1:]...)
					break
				}
			}
			continue
		case '"':
			if v, err = unquote(raw); err != nil {
				return nil, err
			}
		default:
			v = raw
		}
		replaced := false
		for j := range kvs {
			if kvs[j].key == key {
				kvs[j].value, replaced = v, true
			}
		}
		if !replaced {
			kvs = append(kvs, keyValue{key, v})
		}
	}
	return kvs, nil
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index after the string starting at s[i] == '"'.
func stringEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(s)
}

// valueEnd returns the index after the JSON value starting at s[i].
func valueEnd(s string, i int) int {
	switch s[i] {
	case '"':
		return stringEnd(s, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(s); j++ {
			switch s[j] {
			case '"':
				j = stringEnd(s, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(s)
	}
	j := i
	for j < len(s) && s[j] != ',' && s[j] != '}' && s[j] != ']' && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' {
		j++
	}
	return j
}

func unquote(q string) (string, error) {
	if !strings.ContainsRune(q, '\\') && utf8.ValidString(q) {
		return q[1 : len(q)-1], nil
	}
	var v string
	if err := json.Unmarshal([]byte(q), &v); err != nil {
		return "", err
	}
	return v, nil
}

// builder builds one record from the cells of a row.
type builder struct {
	p    *Parser
	line int
	res  *Result

	province, city, county string
	branches               []string
	delisted               bool
	listingRisk            string // 退市 or 暂停上市 from a listing status
	delistDate             string
}

func (b *builder) warn(field, value, reason string) {
	b.res.Warnings = append(b.res.Warnings, Warning{Line: b.line, Field: field, Value: value, Reason: reason})
}

func (b *builder) reject(field, code, reason string) {
	if b.res.Reject == nil {
		b.res.Reject = &Reject{Line: b.line, Field: field, Code: code, Reason: reason}
	}
}

// tagKeys are the yes/no columns of tags.
var tagKeys = map[string]chainmatch.Tag{
	"high_tech": chainmatch.TagHighTech, "specialized": chainmatch.TagSpecialized,
	"little_giant": chainmatch.TagLittleGiant, "foreign_funded": chainmatch.TagForeignFunded,
	"leader": chainmatch.TagLeader, "high_growth": chainmatch.TagHighGrowth, "soe": chainmatch.TagSOE,
	"top500": chainmatch.TagTop500,
}

// talentKeys are keys only a talent has.
var talentKeys = map[string]bool{
	"degree": true, "title": true, "field": true, "expertise": true, "institution": true,
	"location": true, "hometown": true, "honours": true, "papers": true, "team": true,
}

func (b *builder) enterprise(cells []cell) {
	e := &chainmatch.Enterprise{}
	extra := map[string]string{}
	for _, c := range cells {
		v := c.value
		switch c.key {
		case keyKind:
		case "uscc":
			u, err := ParseUSCC(v)
			if err != nil {
				b.reject("uscc", RejectUSCC, fmt.Sprintf("uscc %q: %v", v, err))
				continue
			}
			e.USCC = u
		case "id":
			e.ID = v
		case "name":
			e.Name = v
		case "name_en":
			e.NameEN = v
		case keyAliases:
			for _, a := range splitNames(v) {
				if !containsName(e.Aliases, a) {
					e.Aliases = append(e.Aliases, a)
				}
			}
		case "address":
			e.Address = v
		case "industry":
			e.Industry = joinLevels(e.Industry, v)
		case "scope":
			e.Scope = joinText(e.Scope, v)
		case "products":
			e.Products = joinText(e.Products, v)
		case "source":
			e.Source = v
		case "province":
			b.province = v
		case "city":
			b.city = v
		case "county":
			b.county = v
		case "industry_code":
			code := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
			if !validIndustryCode(code) {
				b.warn(c.key, v, "not a GB/T 4754 code: dropped")
				continue
			}
			e.IndustryCode = code
		case "lat", "lon":
			f, err := ParseFloat(v)
			lim := 90.0
			if c.key == "lon" {
				lim = 180
			}
			switch {
			case err != nil:
				b.warn(c.key, v, err.Error()+": dropped")
			case f < -lim || f > lim:
				b.warn(c.key, v, fmt.Sprintf("out of range [-%g, %g]: dropped", lim, lim))
			case c.key == "lat":
				e.Lat = &f
			default:
				e.Lon = &f
			}
		case "founded", "as_of":
			parse := ParseDate
			if c.key == "founded" {
				parse = parseFounded
			}
			d, err := parse(v)
			if err != nil {
				b.warn(c.key, v, err.Error()+": dropped")
				continue
			}
			if c.key == "founded" {
				e.Founded = d
			} else {
				e.AsOf = d
			}
		case keyRegisteredCapWan, "revenue_wan":
			wan, cur, err := b.money(c)
			if err != nil {
				b.warn(c.key, v, err.Error()+": dropped")
				continue
			}
			if c.key == "revenue_wan" {
				e.RevenueWan = &wan
				continue
			}
			e.RegisteredCapitalWan = &wan
			if cur != "CNY" {
				e.Currency = cur
			}
		case keyScale:
			v := v
			if i := strings.IndexAny(v, "(（"); i > 0 { // 10000+人(全校)
				v = strings.TrimSpace(v[:i])
			}
			n, err := ParseCount(v)
			if err != nil {
				band, ok := parseBand(v)
				if !ok {
					b.warn(c.header, v, "not a head count or band: dropped")
					continue
				}
				n = band
			}
			e.Employees = &n
			extra[keyStaffRange] = c.value
		case keyDelistDate:
			d, err := ParseDate(v)
			if err != nil {
				b.warn(c.key, v, err.Error()+": dropped")
				continue
			}
			b.delistDate = d
		case "list_date":
			if d, err := ParseDate(v); err == nil {
				v = d
			}
			extra[c.key] = v
		case keyWebsite:
			extra[c.key] = markdownLink(v)
		case "employees", "patents":
			n, err := ParseCount(v)
			if err != nil {
				b.warn(c.key, v, err.Error()+": dropped")
				continue
			}
			if c.key == "employees" {
				e.Employees = &n
			} else {
				e.Patents = &n
			}
		case "tags":
			tags, unknown := ParseTags(v)
			for _, t := range tags {
				e.Tags = addTag(e.Tags, t)
			}
			for _, u := range unknown {
				b.warn(c.key, u, "unknown tag: dropped")
			}
		case "exchange":
			ex := strings.ToUpper(v)
			if m, ok := exchanges[ex]; ok {
				ex = m
			}
			if e.Exchange == "" {
				e.Exchange = ex
			}
		case "ticker":
			b.ticker(e, c.key, v)
		case keyListed:
			switch yes, err := ParseBool(v); {
			case err == nil && yes:
				e.Tags = addTag(e.Tags, chainmatch.TagListed)
			case err == nil:
			case v == "已上市" || v == "上市" || v == "上市公司":
				e.Tags = addTag(e.Tags, chainmatch.TagListed)
			case v == "未上市" || v == "退市" || v == "已退市" || v == "非上市":
				b.delisted = v == "退市" || v == "已退市"
				if b.delisted {
					b.listingRisk = "退市"
				}
			default:
				listed, t, ex, ok := ParseListing(v)
				if !ok {
					b.warn(c.header, v, "not a listing status: kept in extra")
					extra[keyListed] = v
					continue
				}
				if listed {
					e.Tags = addTag(e.Tags, chainmatch.TagListed)
				}
				if t != "" && e.Ticker == "" {
					e.Ticker, e.Exchange = t, ex
				}
				if t == "" || strings.ContainsAny(v, "/、<;") {
					extra[keyListed] = v
				}
			}
		case keyListingStatus:
			switch strings.ToUpper(v) {
			case "L", "上市":
				e.Tags = addTag(e.Tags, chainmatch.TagListed)
			case "P", "暂停上市":
				e.Tags = addTag(e.Tags, chainmatch.TagListed)
				b.listingRisk = "暂停上市"
			case "D", "退市":
				b.delisted = true
				b.listingRisk = "退市"
			default:
				b.warn(c.key, v, "not a listing status (L, D, P): dropped")
			}
			extra[c.key] = v
		case keyStatus:
			// 吊销 (licence revoked; 吊销，未注销 too), 注销 or 撤销 (the firm is gone):
			// kept, with a risk the ranker reads, so that a user sees why it falls.
			extra[c.key] = v
			switch {
			case strings.Contains(v, "吊销"):
				e.Risks = append(e.Risks, chainmatch.Event{Type: chainmatch.RiskRevoked, Detail: c.header + "：" + v})
			case strings.Contains(v, "注销") || strings.Contains(v, "撤销"):
				e.Risks = append(e.Risks, chainmatch.Event{Type: chainmatch.RiskDeregistered, Detail: c.header + "：" + v})
			}
		case "signals", "risks":
			var evs []chainmatch.Event
			if err := json.Unmarshal([]byte(v), &evs); err != nil {
				b.warn(c.key, v, "not a JSON array of events: dropped")
				continue
			}
			ok := evs[:0]
			for i, ev := range evs {
				if ev.Type == "" {
					b.warn(fmt.Sprintf("%s[%d]", c.key, i), "", "event without type: dropped")
					continue
				}
				if ev.Date != "" {
					d, err := ParseDate(ev.Date)
					if err != nil {
						b.warn(fmt.Sprintf("%s[%d].date", c.key, i), ev.Date, err.Error()+": dropped")
					}
					ev.Date = d
				}
				if c.key == "risks" && !chainmatch.ValidRiskType(ev.Type) {
					b.warn(fmt.Sprintf("%s[%d].type", c.key, i), ev.Type, "unknown risk type: dropped")
					continue
				}
				ok = append(ok, ev)
			}
			if c.key == "signals" {
				e.Signals = ok
			} else {
				e.Risks = append(ok, e.Risks...)
			}
		case "branches":
			b.branches = listCell(v)
		default:
			if tag, ok := tagKeys[c.key]; ok {
				b.tagColumn(e, c, tag)
				continue
			}
			switch {
			case c.key == "":
				extra[c.header] = v
			case extraKeys[c.key]:
				extra[c.key] = v
			case talentKeys[c.key]:
				b.warn(c.key, v, "a talent field on an enterprise row: kept in extra")
				extra[c.key] = v
			default:
				extra[c.header] = v
			}
		}
	}
	if b.res.Reject != nil {
		return
	}
	if e.Name == "" {
		b.reject("name", RejectName, "name is required")
		return
	}
	if b.listingRisk != "" {
		e.Risks = append(e.Risks, chainmatch.Event{Type: chainmatch.RiskDelisted, Date: b.delistDate, Detail: b.listingRisk})
	}
	if e.Source == "" {
		e.Source = b.p.opts.Source
	}
	if len(e.Aliases) > 0 {
		own := map[string]bool{chainmatch.NormalizeName(e.Name): true, chainmatch.NormalizeName(e.NameEN): true}
		aliases := e.Aliases[:0]
		for _, a := range e.Aliases {
			if !own[chainmatch.NormalizeName(a)] {
				aliases = append(aliases, a)
			}
		}
		e.Aliases = aliases
		if len(aliases) == 0 {
			e.Aliases = nil
		}
	}
	if b.delisted {
		tags := e.Tags[:0]
		for _, t := range e.Tags {
			if t != chainmatch.TagListed {
				tags = append(tags, t)
			}
		}
		e.Tags = tags
	}
	b.locateEnterprise(e)
	b.placeShortName(e)
	if len(extra) > 0 {
		e.Extra = extra
	}
	if e.ID == "" && e.USCC != "" {
		e.ID = e.USCC // the store gives other new records their id
	}
	if err := e.Validate(); err != nil {
		fe := chainmatch.Fields(err)
		if fe == nil {
			b.reject("", RejectInvalid, err.Error())
			return
		}
		for _, f := range sortedKeys(fe) {
			b.reject(f, RejectInvalid, fmt.Sprintf("%s: %s", f, fe[f]))
		}
		return
	}
	b.res.Enterprise = e
}

// joinText adds text to a text field, unless it is already there.
func joinText(have, v string) string {
	switch {
	case have == "" || strings.Contains(v, have):
		return v
	case strings.Contains(have, v):
		return have
	}
	return have + "；" + v
}

// joinLevels joins the industry columns of one export (行业门类, 行业大类, 行业中类,
// 行业小类; 所属行业 beside 国标行业) into one path through the classification's
// levels, in column order, as the tagger reads it (制造业 > 汽车制造业 > 汽车零部件及
// 配件制造: at its most specific level that names a node); a level the path
// already ends with is not repeated.
func joinLevels(have, v string) string {
	const mark = " > "
	switch {
	case have == "":
		return v
	case have == v || strings.HasSuffix(have, mark+v):
		return have
	}
	return have + mark + v
}

// containsName reports whether names holds name, compared normalised.
func containsName(names []string, name string) bool {
	k := chainmatch.NormalizeName(name)
	for _, n := range names {
		if chainmatch.NormalizeName(n) == k {
			return true
		}
	}
	return false
}

// money parses an amount, honouring a unit in the header: 注册资本(元) holds yuan,
// 注册资本(亿元) holds 亿.
func (b *builder) money(c cell) (float64, string, error) {
	wan, cur, err := ParseMoney(c.value)
	if err != nil {
		return 0, "", err
	}
	if _, perr := ParseFloat(c.value); perr == nil { // a plain number: the header's unit applies
		switch c.unit {
		case "元", "元人民币", "yuan", "cny":
			wan /= 1e4
		case "亿", "亿元":
			wan *= 1e4
		}
		wan = round6(wan)
	}
	return wan, cur, nil
}

func (b *builder) ticker(e *chainmatch.Enterprise, field, v string) {
	t, ex, err := ParseTicker(v)
	if err != nil {
		b.warn(field, v, err.Error()+": dropped")
		return
	}
	e.Ticker, e.Exchange = t, ex
	e.Tags = addTag(e.Tags, chainmatch.TagListed)
}

func (b *builder) tagColumn(e *chainmatch.Enterprise, c cell, tag chainmatch.Tag) {
	yes, err := ParseBool(c.value)
	if err != nil {
		// Exports often repeat the label instead of 是: 高新技术企业, 国家级专精特新“小巨人”.
		t, ok := tagWords[strings.ToLower(c.value)]
		switch {
		case strings.Contains(c.value, "小巨人"):
			e.Tags = addTag(e.Tags, chainmatch.TagSpecialized)
			e.Tags = addTag(e.Tags, chainmatch.TagLittleGiant)
			if tag != chainmatch.TagSpecialized && tag != chainmatch.TagLittleGiant {
				e.Tags = addTag(e.Tags, tag)
			}
		case ok && t == tag || strings.Contains(c.value, "专精特新") && tag == chainmatch.TagSpecialized ||
			strings.Contains(c.value, "高新") && tag == chainmatch.TagHighTech:
			e.Tags = addTag(e.Tags, tag)
		default:
			b.warn(c.header, c.value, "not yes or no: dropped")
		}
		return
	}
	if yes {
		e.Tags = addTag(e.Tags, tag)
		if tag == chainmatch.TagLittleGiant {
			e.Tags = addTag(e.Tags, chainmatch.TagSpecialized)
		}
	}
}

func (b *builder) locate(province, city, county string) (string, string, string, []string) {
	if b.p.opts.Locate != nil {
		return b.p.opts.Locate(province, city, county)
	}
	return locateCodes(province, city, county)
}

// locateCodes places well-formed codes without a division table; names are unresolved.
func locateCodes(province, city, county string) (p, c, k string, unresolved []string) {
	switch {
	case province == "":
	case len(province) == 2 && isDigits(province):
		p = province
	case chainmatch.IsDivisionCode(province) && strings.HasSuffix(province, "0000"):
		p = province[:2]
	default:
		unresolved = append(unresolved, "province")
	}
	switch {
	case city == "":
	case chainmatch.IsDivisionCode(city) && strings.HasSuffix(city, "00"):
		c = city
	default:
		unresolved = append(unresolved, "city")
	}
	switch {
	case county == "":
	case chainmatch.IsDivisionCode(county) && !strings.HasSuffix(county, "00"):
		k = county
	default:
		unresolved = append(unresolved, "county")
	}
	return p, c, k, unresolved
}

func (b *builder) locateEnterprise(e *chainmatch.Enterprise) {
	if b.province != "" || b.city != "" || b.county != "" {
		p, c, k, unresolved := b.locate(b.province, b.city, b.county)
		e.Province, e.City, e.County = p, c, k
		for _, f := range unresolved {
			v := map[string]string{"province": b.province, "city": b.city, "county": b.county}[f]
			b.warn(f, v, "location not found: left unknown")
		}
		if e.Province == "" && e.City == "" && e.County == "" && len(unresolved) == 0 {
			b.warn("location", b.province+"/"+b.city+"/"+b.county, "location not found: left unknown")
		}
	}
	if e.USCC != "" && e.County == "" {
		div := chainmatch.USCCDivision(e.USCC)
		p, c, k, _ := b.locate("", "", div)
		if k != "" && (e.Province == "" || e.Province == p) && (e.City == "" || e.City == c) {
			e.Province, e.City, e.County = p, c, k
			b.warn("county", k, "no county given: taken from the USCC's registration division")
		}
	}
	for _, br := range b.branches {
		_, _, k, _ := b.locate("", "", br)
		if k == "" {
			b.warn("branches", br, "branch location not found: dropped")
			continue
		}
		e.Branches = append(e.Branches, k)
	}
}

// placeShortName gives a registered name that begins with a place in the
// record's own province (杭州华东医药股份有限公司, 浙江同花顺网络信息股份有限公司)
// its short name without the place (华东医药) as an alias, so that a listed
// firm's short name from another source finds the same firm (MatchKeys). A
// Chinese enterprise name is 行政区划 + 字号 + 行业 + 组织形式 (企业名称登记管理规定):
// the place is no part of the firm's own name. The record's province must be
// known (two firms of one group, 贵州… and 西安…, share the rest), and at least
// three characters must remain besides a word such as 集团 (上海银行 and
// 广州汽车集团 keep their place: 银行 and 汽车集团 name no firm).
func (b *builder) placeShortName(e *chainmatch.Enterprise) {
	if b.p.opts.Place == nil || !strings.HasSuffix(e.Name, "公司") {
		return // not a registered name: a short name already
	}
	prov, _, rest, ok := b.p.opts.Place(chainmatch.NameCore(e.Name))
	if !ok || prov != e.Province || utf8.RuneCountInString(orgTrim(rest)) < 3 {
		return
	}
	if !containsName(e.Aliases, rest) {
		e.Aliases = append(e.Aliases, rest)
	}
}

// orgTrim drops a trailing word that says how a firm is organised, not what it
// is called: 汽车集团 is an industry and 集团, no firm's name.
func orgTrim(s string) string {
	for _, w := range []string{"集团", "控股", "实业", "股份"} {
		if t, ok := strings.CutSuffix(s, w); ok {
			return t
		}
	}
	return s
}

// countries maps common Chinese country names to ISO 3166 codes for talents abroad.
var countries = map[string]string{
	"美国": "US", "英国": "GB", "德国": "DE", "法国": "FR", "日本": "JP", "韩国": "KR", "加拿大": "CA",
	"澳大利亚": "AU", "新加坡": "SG", "瑞士": "CH", "荷兰": "NL", "瑞典": "SE", "以色列": "IL", "意大利": "IT",
	"俄罗斯": "RU", "新西兰": "NZ", "比利时": "BE", "丹麦": "DK", "芬兰": "FI", "挪威": "NO",
}

func (b *builder) talent(cells []cell) {
	t := &chainmatch.Talent{Kind: chainmatch.KindTalent}
	var location, hometown string
	for _, c := range cells {
		v := c.value
		switch c.key {
		case keyKind:
		case "id":
			t.ID = v
		case "name":
			t.Name = v
		case "degree":
			t.Degree = v
		case "title":
			t.Title = v
		case "field":
			t.Field = v
		case "expertise":
			t.Expertise = v
		case "institution":
			t.Institution = v
		case "source":
			t.Source = v
		case "location":
			location = v
		case "hometown":
			hometown = v
		case "honours":
			t.Honours = listCell(v)
		case "patents", "papers":
			n, err := ParseCount(v)
			if err != nil {
				b.warn(c.key, v, err.Error()+": dropped")
				continue
			}
			if c.key == "patents" {
				t.Patents = &n
			} else {
				t.Papers = &n
			}
		case "team":
			yes, err := ParseBool(v)
			if err != nil {
				b.warn(c.key, v, err.Error()+": dropped")
				continue
			}
			t.Team = yes
		case "as_of":
			d, err := ParseDate(v)
			if err != nil {
				b.warn(c.key, v, err.Error()+": dropped")
				continue
			}
			t.AsOf = d
		default:
			name := c.key
			if name == "" {
				name = c.header
			}
			b.warn(name, v, "not a talent field: dropped")
		}
	}
	if t.Name == "" {
		b.reject("name", RejectName, "name is required")
		return
	}
	if location != "" {
		t.Location = b.talentPlace("location", location, true)
	}
	if hometown != "" {
		t.Hometown = b.talentPlace("hometown", hometown, false)
	}
	if err := t.Validate(); err != nil {
		b.reject("", RejectInvalid, err.Error())
		return
	}
	b.res.Talent = t
}

// talentPlace turns a talent's place into a county code or, when abroad is
// allowed, an ISO country code.
func (b *builder) talentPlace(field, v string, abroad bool) string {
	if abroad {
		if c, ok := countries[v]; ok {
			return c
		}
		if u := strings.ToUpper(v); len(u) == 2 && u[0] >= 'A' && u[0] <= 'Z' && u[1] >= 'A' && u[1] <= 'Z' {
			return u
		}
	}
	if _, _, k, _ := b.locate("", "", v); k != "" {
		return k
	}
	if p, c, k := splitPlace(v); c != "" && k != "" {
		if _, _, code, _ := b.locate(p, c, k); code != "" {
			return code
		}
	}
	b.warn(field, v, "not a county or country: left unknown")
	return ""
}

// splitPlace splits a place written in one piece, 浙江省杭州市西湖区 or 杭州市西湖区,
// after its province and city suffixes.
func splitPlace(v string) (province, city, county string) {
	rest := v
	for _, suf := range []string{"自治区", "省"} {
		if i := strings.Index(rest, suf); i > 0 {
			province, rest = rest[:i+len(suf)], rest[i+len(suf):]
			break
		}
	}
	for _, suf := range []string{"自治州", "地区", "市", "州", "盟"} {
		if i := strings.Index(rest, suf); i > 0 && i+len(suf) < len(rest) {
			return province, rest[:i+len(suf)], rest[i+len(suf):]
		}
	}
	return province, rest, ""
}

// listCell splits a list cell: a JSON array of strings, else words separated by
// , ; 、 | or spaces.
func listCell(v string) []string {
	if strings.HasPrefix(v, "[") {
		var out []string
		if json.Unmarshal([]byte(v), &out) == nil {
			return out
		}
	}
	return splitList(v)
}

// validIndustryCode accepts a GB/T 4754 code: a section letter, or two to four
// digits with an optional section letter in front (C3670).
func validIndustryCode(s string) bool {
	if len(s) == 1 {
		return s[0] >= 'A' && s[0] <= 'T'
	}
	if s != "" && s[0] >= 'A' && s[0] <= 'T' {
		s = s[1:]
	}
	return len(s) >= 2 && len(s) <= 4 && isDigits(s)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ReadAll reads every row of r and parses it: a convenience for small files and tests.
func ReadAll(r io.Reader, ropts ReadOptions, popts ParseOptions) (results []Result, headerWarnings []Warning, err error) {
	rr, err := NewRowReader(r, ropts)
	if err != nil {
		return nil, nil, err
	}
	defer rr.Close()
	if popts.Preset == nil {
		popts.Preset = DetectPreset(rr.Fields())
	}
	p := NewParser(rr.Header(), popts)
	for {
		row, err := rr.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return results, p.HeaderWarnings(), nil
			}
			return results, p.HeaderWarnings(), err
		}
		results = append(results, p.Parse(row))
	}
}

// RegionsPlace is (*datasets.Regions).LeadingPlace as a PlaceFunc.
func RegionsPlace(r *datasets.Regions) PlaceFunc { return r.LeadingPlace }

// RegionsLocator adapts (*datasets.Regions).Resolve to a LocateFunc.
func RegionsLocator(r *datasets.Regions) LocateFunc {
	return func(province, city, county string) (string, string, string, []string) {
		loc, unresolved := r.Resolve(province, city, county)
		return loc.Province, loc.City, loc.County, unresolved
	}
}
