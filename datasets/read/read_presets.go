package read

// Preset is a set of column names of one kind of export, picked from the header
// (or the keys of the first JSON record) so that the file imports without
// --rename. The import summary names the preset it used.
type Preset struct {
	ID    string `json:"id"`
	Label string `json:"label"` // Chinese and English, for the summary
	// Require are normalised headers (normalizeHeader) all present in a file of
	// this kind.
	Require []string `json:"-"`
	// AnyOf, when set, are headers at least one of which is present.
	AnyOf []string `json:"-"`
	// Rename maps normalised headers to keys, before the common header aliases.
	Rename map[string]string `json:"-"`
	// Source is the record source given to rows without a source column.
	Source string `json:"-"`
}

// PresetImportFormat is the preset of files in the import format or with the
// common Chinese headers only.
const PresetImportFormat = "import-format"

// Presets are the exports chainmatch knows, tried in order.
var Presets = []Preset{
	{
		// Tushare pro stock_basic: ts_code,symbol,name,area,industry,list_date,delist_date,status
		// (and optionally fullname, enname, market, exchange, list_status, ...). area is a
		// province, except for a few cities listed on their own (深圳); Regions.Resolve
		// places either. status (or list_status) L listed, D delisted, P paused.
		ID: "tushare-stock-basic", Label: "Tushare stock_basic（A股上市公司列表）",
		Require: []string{"ts_code", "symbol", "name"}, AnyOf: []string{"list_date", "area", "list_status", "status"},
		Rename: map[string]string{
			"ts_code": "ticker", "symbol": "symbol", "area": "province", "industry": "industry",
			"list_date": "list_date", "delist_date": keyDelistDate, "status": keyListingStatus,
			"list_status": keyListingStatus, "enname": "name_en", "exchange": "exchange",
			"market": "market", "curr_type": "extra", "is_hs": "extra", "act_name": "extra", "cnspell": "extra",
		},
		Source: "Tushare stock_basic",
	},
	{
		// 企查查 and 天眼查 exports: the registered name with its USCC, 登记状态 or
		// 经营状态, 曾用名, 股票简称, 英文名, 所属省份/城市/区县, 参保人数, ...
		ID: "qcc-tyc", Label: "企查查/天眼查导出（Qichacha / Tianyancha export）",
		Require: []string{"企业名称", "统一社会信用代码"},
		AnyOf:   []string{"登记状态", "经营状态", "经营范围", "参保人数", "成立日期", "注册资本"},
		Rename: map[string]string{
			"曾用名": keyAliases, "股票简称": keyAliases, "证券简称": keyAliases, "简称": keyAliases,
			"所属行业": "industry", "所属省份": "province", "所属城市": "city", "所属区县": "county",
			"纳税人识别号": "extra", "注册号": "extra", "组织机构代码": "extra", "核准日期": "extra",
			"营业期限": "extra", "登记机关": "extra", "进出口企业代码": "extra", "英文名": "name_en",
		},
	},
	{
		// The technology-company list (standup-coder-database, MIT): JSON records with
		// name, alias, businessArea, products, coreProduct, industry, city,
		// listingStatus (深交所：002594, 港交所：1810, 已上市(300496), 未上市), scale
		// (35000+人, 1000-5000人), foundedYear (2010年), address, website; "-" is empty.
		ID: "tech-companies", Label: "技术公司名录（standup-coder technology-company list）",
		Require: []string{"name", "alias", "businessarea", "listingstatus"},
		Rename: map[string]string{
			"alias": keyAliases, "businessarea": "scope", "coreproduct": "products", "products": "products",
			"listingstatus": keyListed, "scale": keyScale, "foundedyear": "founded", "city": "city",
			"website": keyWebsite, "funding": "extra", "opensource": "extra", "financialreport": "extra",
			"sourcefile": "extra",
		},
	},
}

// DetectPreset picks the preset whose columns fields has (a header, or the keys
// of a JSON record), or nil.
func DetectPreset(fields []string) *Preset {
	have := make(map[string]bool, len(fields))
	for _, f := range fields {
		h, _ := normalizeHeader(f)
		have[h] = true
	}
	for i := range Presets {
		p := &Presets[i]
		ok := true
		for _, r := range p.Require {
			if !have[r] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		any := len(p.AnyOf) == 0
		for _, r := range p.AnyOf {
			any = any || have[r]
		}
		if any {
			q := *p
			if p.ID == "tushare-stock-basic" && have["fullname"] {
				// name is the short name (证券简称) when the full name is there too.
				q.Rename = map[string]string{"fullname": "name", "name": keyAliases}
				for k, v := range p.Rename {
					q.Rename[k] = v
				}
			}
			return &q
		}
	}
	return nil
}

// PresetName is the id of a preset for a summary: PresetImportFormat for nil.
func PresetName(p *Preset) string {
	if p == nil {
		return PresetImportFormat
	}
	return p.ID
}
