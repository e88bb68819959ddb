package server

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/xuri/excelize/v2"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

// Export columns. 编号 is the item id, which an edited sheet is matched back by.
var exportHeaders = []string{"编号", "名称", "统一社会信用代码", "所在地", "环节", "得分", "各项贡献", "推荐理由", "对接渠道", "状态", "负责人", "备注"}

// statusZH names a status in Chinese, as exported (chainmatch.StatusLabels);
// imports take either form.
func statusZH(st chainmatch.Status) string {
	return chainmatch.LabelOf(chainmatch.StatusLabels, string(st)).ZH
}

// featureZH names a scored feature in Chinese (chainmatch.FeatureTable).
func featureZH(id string) string {
	if f, ok := chainmatch.Feature(id); ok {
		return f.Label
	}
	return id
}

// exportRow renders one item as the export's cells; 得分 stays a number.
func (s *Server) exportRow(it *store.Item) []any {
	t := &it.Target
	var name, uscc, where string
	switch {
	case t.Enterprise != nil:
		name, uscc = t.Enterprise.Name, t.Enterprise.USCC
		where = s.placeName(t.Enterprise.Province, t.Enterprise.City, t.Enterprise.County)
	case t.Talent != nil:
		name = t.Talent.Name
		if t.Talent.Institution != "" {
			name += "（" + t.Talent.Institution + "）"
		}
		where = s.placeName("", "", t.Talent.Location)
	}
	node := t.NodeName
	if node == "" {
		node = t.Node
	}
	var contrib []string
	for _, f := range chainmatch.Features {
		if v, ok := t.Contributions[f]; ok {
			contrib = append(contrib, fmt.Sprintf("%s %.3f", featureZH(f), v))
		}
	}
	var reasons []string
	for _, r := range t.Reasons {
		reasons = append(reasons, r.ZH)
	}
	channel := ""
	if t.Channel != nil {
		channel = t.Channel.Name
		if zh := chainmatch.LabelOf(chainmatch.ChannelLabels, string(t.Channel.Type)).ZH; zh != channel {
			channel += "（" + zh + "）"
		}
	}
	status := statusZH(it.Status)
	return []any{it.ID, name, uscc, where, node, roundScore(t.Score), strings.Join(contrib, "；"),
		strings.Join(reasons, "；"), channel, status, it.Owner, it.Notes}
}

func roundScore(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 4, 64), 64)
	return f
}

// placeName spells a location as 省 市 区县 names when the county is known to the
// engine, else as the codes given.
func (s *Server) placeName(province, city, county string) string {
	if county != "" {
		if c, err := s.deps.Engine.County(county); err == nil {
			return strings.Join(nonEmpty(c.ProvinceName, c.CityName, c.Name), " ")
		}
	}
	return strings.Join(nonEmpty(province, city, county), " ")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for i, s := range ss {
		if s != "" && (i == 0 || s != ss[i-1]) {
			out = append(out, s)
		}
	}
	return out
}

// exportList answers the list as CSV (UTF-8 with a BOM, which Excel needs for
// Chinese) or XLSX, one row per target.
func (s *Server) exportList(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "xlsx"
	}
	if format != "csv" && format != "xlsx" {
		return malformed("format", "must be csv or xlsx")
	}
	l, err := s.deps.Store.List(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	filename := fmt.Sprintf("%s-%s.%s", l.Name, l.ID, format)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(filename))
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Write([]byte("\uFEFF"))
		cw := csv.NewWriter(w)
		cw.Write(exportHeaders)
		for i := range l.Items {
			row := s.exportRow(&l.Items[i])
			rec := make([]string, len(row))
			for j, v := range row {
				rec[j] = fmt.Sprint(v)
				if _, text := v.(string); text {
					rec[j] = neutralizeFormula(rec[j])
				}
			}
			cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "目标清单"
	f.SetSheetName("Sheet1", sheet)
	f.SetSheetRow(sheet, "A1", &exportHeaders)
	for i := range l.Items {
		row := s.exportRow(&l.Items[i])
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	f.SetRowStyle(sheet, 1, 1, bold)
	for col, width := range map[string]float64{"A": 8, "B": 32, "C": 22, "D": 22, "E": 16, "F": 8, "G": 40, "H": 50, "I": 24, "J": 10, "K": 10, "L": 30} {
		f.SetColWidth(sheet, col, col, width)
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	return f.Write(w)
}

// neutralizeFormula keeps a spreadsheet from running a text cell as a formula
// (OWASP "CSV injection"): a value that starts with =, +, -, @, a tab or a
// carriage return gets a leading apostrophe, which Excel and LibreOffice show as
// text and do not display. Numbers (得分, 编号) are written as numbers and never
// pass through here.
func neutralizeFormula(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + v
	}
	// Full-width forms that spreadsheet apps may also take as a formula start.
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(v, p) {
			return "'" + v
		}
	}
	return v
}

// importList reads an exported XLSX a user edited and applies its 状态, 负责人 and
// 备注 columns to the list's items, matched by 编号 (else by 统一社会信用代码, else
// by 名称). Nothing is applied when any row is wrong: the answer names each bad
// cell as "row N.列".
func (s *Server) importList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	listID := chi.URLParam(r, "id")
	l, err := s.deps.Store.List(ctx, listID)
	if err != nil {
		return err
	}
	path, _, _, cleanup, err := s.upload(w, withFormat(r, "xlsx"))
	if err != nil {
		return err
	}
	defer cleanup()
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	f, err := excelize.OpenReader(fh, xlsxLimits)
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") { // excelize has no sentinel for it
			return fmt.Errorf("%w: the workbook unzips to more than %d bytes", errTooLarge, xlsxLimits.UnzipSizeLimit)
		}
		return malformed("file", "not an XLSX workbook: "+err.Error())
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return malformed("file", "the workbook has no sheet")
	}
	// The rows are streamed: an edited list is a few thousand rows, and a sheet
	// past Deps.MaxListRows is refused without reading it all.
	iter, err := f.Rows(sheets[0])
	if err != nil {
		return malformed("file", err.Error())
	}
	defer iter.Close()
	nextRow := func() ([]string, bool, error) {
		if !iter.Next() {
			return nil, false, iter.Error()
		}
		row, err := iter.Columns()
		return row, err == nil, err
	}
	header, ok, err := nextRow()
	if err != nil {
		return malformed("file", err.Error())
	}
	if !ok {
		return malformed("file", "the first sheet is empty")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	if _, ok := col["状态"]; !ok {
		if _, ok := col["备注"]; !ok {
			return malformed("file", "no 状态 or 备注 column in the first row")
		}
	}
	byID, byUSCC, byName := map[int64]*store.Item{}, map[string]*store.Item{}, map[string]*store.Item{}
	for i := range l.Items {
		it := &l.Items[i]
		byID[it.ID] = it
		if t := it.Target.Enterprise; t != nil {
			if t.USCC != "" {
				byUSCC[t.USCC] = it
			}
			byName[chainmatch.NormalizeName(t.Name)] = it
		}
	}
	cell := func(row []string, name string) (string, bool) {
		i, ok := col[name]
		if !ok || i >= len(row) {
			return "", ok
		}
		return strings.TrimSpace(row[i]), true
	}
	type change struct {
		item *store.Item
		u    store.ItemUpdate
	}
	var changes []change
	fe := chainmatch.FieldErrors{}
	badCells := 0
	// addFE keeps the first Deps.MaxFieldErrors errors and counts the rest: a
	// sheet of a million bad rows is answered in a few KB.
	addFE := func(field, reason string) {
		badCells++
		if len(fe) < s.deps.MaxFieldErrors {
			fe.Add(field, reason)
		}
	}
	unchanged := 0
	line, read := 1, 0
	for {
		row, ok, err := nextRow()
		if err != nil {
			return malformed("file", fmt.Sprintf("row %d: %v", line+1, err))
		}
		if !ok {
			break
		}
		line++
		read++
		if read > s.deps.MaxListRows {
			return fmt.Errorf("import list %s: %w: a list sheet may have at most %d rows", listID, errTooLarge, s.deps.MaxListRows)
		}
		var it *store.Item
		if v, _ := cell(row, "编号"); v != "" {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil {
				it = byID[id]
			}
		}
		if v, _ := cell(row, "统一社会信用代码"); it == nil && v != "" {
			it = byUSCC[v]
		}
		if v, _ := cell(row, "名称"); it == nil && v != "" {
			it = byName[chainmatch.NormalizeName(v)]
		}
		if it == nil {
			if strings.TrimSpace(strings.Join(row, "")) != "" {
				addFE(fmt.Sprintf("row %d", line), "matches no item of this list (by 编号, 统一社会信用代码 or 名称)")
			}
			continue
		}
		var u store.ItemUpdate
		if v, ok := cell(row, "状态"); ok && v != "" {
			st, valid := chainmatch.ParseStatus(v)
			switch {
			case !valid:
				addFE(fmt.Sprintf("row %d.状态", line), fmt.Sprintf("%q is not a status", v))
			case st != it.Status && !chainmatch.CanTransition(it.Status, st):
				addFE(fmt.Sprintf("row %d.状态", line), fmt.Sprintf("%s cannot become %s", statusZH(it.Status), statusZH(st)))
			case st != it.Status:
				u.Status = &st
			}
		}
		if v, ok := cell(row, "备注"); ok && v != it.Notes {
			u.Notes = &v
		}
		if v, ok := cell(row, "负责人"); ok && v != it.Owner {
			u.Owner = &v
		}
		if u.Status == nil && u.Notes == nil && u.Owner == nil {
			unchanged++
			continue
		}
		changes = append(changes, change{it, u})
	}
	if badCells > 0 {
		return fmt.Errorf("import list %s: %w", listID, countedFields{fe, badCells})
	}
	by := who(ctx)
	for _, c := range changes {
		if _, err := s.deps.Store.UpdateItem(ctx, listID, c.item.ID, c.u, by); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, map[string]int{"rows": read, "updated": len(changes), "unchanged": unchanged})
	return nil
}

// xlsxLimits bound what opening an uploaded workbook may unzip: 256 MiB in all
// (excelize's default is 16 GB, which let a 5.7 MB file expand a 1.8 GiB sheet
// into the temporary directory), and up to 16 MiB of a sheet in memory.
var xlsxLimits = excelize.Options{UnzipSizeLimit: 256 << 20, UnzipXMLSizeLimit: 16 << 20}

// withFormat sets ?format= on a copy of r unless it has one.
func withFormat(r *http.Request, format string) *http.Request {
	if r.URL.Query().Get("format") != "" {
		return r
	}
	r2 := r.Clone(r.Context())
	q := r2.URL.Query()
	q.Set("format", format)
	r2.URL.RawQuery = q.Encode()
	return r2
}
