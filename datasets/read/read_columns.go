package read

import (
	"strings"
	"unicode"
)

// The keys a column can map to besides the canonical keys of the import format
// (design.md §5). Those marked "extra" have no field in the record and are kept in
// Enterprise.Extra under the key, without a warning.
const (
	keyKind             = "kind"
	keyStatus           = "status"               // 经营状态: 注销/吊销 rows are not imported
	keyListed           = "listed"               // 上市: yes/no, 已上市/未上市, or a stock code
	keyListingStatus    = "listing_status"       // L listed, D delisted, P paused (exchange lists)
	keyLegalRep         = "legal_representative" // extra
	keyPaidIn           = "paid_in_capital"      // extra, as given
	keyCompanyType      = "company_type"         // extra
	keyStaffRange       = "staff_range"          // extra: 人员规模 is a band, not a count
	keyPhone            = "phone"                // extra
	keyEmail            = "email"                // extra
	keyWebsite          = "website"              // extra
	keyRegisteredCapWan = "registered_capital_wan"
	keyAliases          = "aliases"     // 简称, 曾用名, 股票简称: other names of the firm
	keyDelistDate       = "delist_date" // with a delisted status: the risk's date
	keyScale            = "scale"       // 35000+人, 1000-5000人: employees at least, the band kept in extra
	keyMarket           = "market"      // extra: 主板, 创业板, 科创板
	keyExtra            = "extra"       // a known column kept in extra under its header
)

// extraKeys are known columns without a record field.
var extraKeys = map[string]bool{
	keyLegalRep: true, keyPaidIn: true, keyCompanyType: true, keyStaffRange: true,
	keyPhone: true, keyEmail: true, keyWebsite: true, "list_date": true, "symbol": true, keyMarket: true,
}

// canonicalKeys are the keys of the import format plus the ones above that a
// column may carry literally.
var canonicalKeys = []string{
	"uscc", "id", "name", "name_en", "province", "city", "county", "address", "lat", "lon", "founded",
	"registered_capital_wan", "employees", "revenue_wan", "industry_code", "industry", "scope", "products",
	"tags", "exchange", "ticker", "patents", "signals", "risks", "branches", "source", "as_of",
	"kind", "degree", "title", "field", "expertise", "institution", "location", "hometown", "honours",
	"papers", "team",
	keyStatus, keyListed, keyListingStatus, keyLegalRep, keyPaidIn, keyCompanyType, keyStaffRange,
	keyPhone, keyEmail, keyWebsite, "list_date", "symbol", keyAliases, keyDelistDate, keyScale,
	"high_tech", "specialized", "little_giant", "foreign_funded", "leader", "high_growth", "soe", "top500",
}

// headerAliases maps the headers of common Chinese enterprise-data exports (and a
// few English ones) to keys. Headers are compared after normalizeHeader.
var headerAliases = map[string]string{
	"统一社会信用代码": "uscc", "社会信用代码": "uscc", "信用代码": "uscc", "统一代码": "uscc", "credit_code": "uscc",
	"企业名称": "name", "公司名称": "name", "名称": "name", "企业名": "name", "单位名称": "name", "company": "name",
	"company_name": "name", "姓名": "name",
	"英文名": "name_en", "曾用名": keyAliases, "股票简称": keyAliases, "证券简称": keyAliases, "企业简称": keyAliases,
	"简称": keyAliases, "别名": keyAliases, "英文名称": "name_en", "企业英文名": "name_en", "英文名字": "name_en",
	"所属省份": "province", "省份": "province", "省": "province", "所在省份": "province", "登记省份": "province", "省份名称": "province",
	"所属城市": "city", "城市": "city", "市": "city", "所在城市": "city", "地市": "city",
	"所属区县": "county", "区县": "county", "县区": "county", "区/县": "county", "所在区县": "county", "district": "county",
	"注册地址": "address", "地址": "address", "企业地址": "address", "通信地址": "address", "办公地址": "address",
	"纬度": "lat", "latitude": "lat", "经度": "lon", "lng": "lon", "longitude": "lon",
	"成立日期": "founded", "成立时间": "founded", "注册日期": "founded", "成立日": "founded", "founded_date": "founded",
	"注册资本": keyRegisteredCapWan, "注册资金": keyRegisteredCapWan, "registered_capital": keyRegisteredCapWan,
	"实缴资本": keyPaidIn, "实缴资金": keyPaidIn,
	"参保人数": "employees", "员工人数": "employees", "职工人数": "employees", "从业人数": "employees", "staff": "employees",
	"人员规模": keyStaffRange,
	"营业收入": "revenue_wan", "营收": "revenue_wan", "年营业额": "revenue_wan", "营业额": "revenue_wan", "revenue": "revenue_wan",
	"国标行业代码": "industry_code", "行业代码": "industry_code",
	"国标行业": "industry", "所属行业": "industry", "行业": "industry", "行业名称": "industry",
	"行业门类": "industry", "行业大类": "industry", "行业中类": "industry", "行业小类": "industry",
	"国标行业门类": "industry", "国标行业大类": "industry", "国标行业中类": "industry", "国标行业小类": "industry",
	"经营范围": "scope", "business_scope": "scope",
	"主营产品": "products", "主要产品": "products", "产品": "products", "主营业务": "products",
	"标签": "tags", "企业标签": "tags", "资质": "tags",
	"交易所":  "exchange",
	"股票代码": "ticker", "证券代码": "ticker", "ts_code": "ticker", "stock_code": "ticker",
	"上市": keyListed, "是否上市": keyListed, "上市状态": keyListed, "上市情况": keyListed,
	"专利数": "patents", "专利数量": "patents", "专利": "patents", "专利信息": "patents",
	"融资信息": "signals", "信号": "signals", "风险": "risks", "风险信息": "risks",
	"分支机构": "branches", "数据来源": "source", "来源": "source", "数据日期": "as_of", "更新日期": "as_of",
	"经营状态": keyStatus, "登记状态": keyStatus, "企业状态": keyStatus, "存续状态": keyStatus,
	"法定代表人": keyLegalRep, "法人": keyLegalRep, "法人代表": keyLegalRep, "legal_rep": keyLegalRep,
	"企业类型": keyCompanyType, "公司类型": keyCompanyType, "企业性质": keyCompanyType, "企业(机构)类型": keyCompanyType,
	"电话": keyPhone, "联系电话": keyPhone, "邮箱": keyEmail, "网址": keyWebsite, "官网": keyWebsite,
	"高新技术企业": "high_tech", "是否高新技术企业": "high_tech", "高新企业": "high_tech", "国家高新技术企业": "high_tech",
	"专精特新": "specialized", "是否专精特新": "specialized", "专精特新企业": "specialized",
	"小巨人": "little_giant", "专精特新小巨人": "little_giant", "是否小巨人": "little_giant",
	"外资": "foreign_funded", "是否外资": "foreign_funded", "外资企业": "foreign_funded",
	"龙头企业": "leader", "链主": "leader", "链主企业": "leader", "是否龙头": "leader",
	"高成长": "high_growth", "瞪羚企业": "high_growth", "高成长企业": "high_growth",
	"国企": "soe", "是否国企": "soe", "国有企业": "soe",
	"500强": "top500", "是否500强": "top500",
	"学历": "degree", "学位": "degree", "最高学历": "degree",
	"职称": "title", "职务": "title",
	"领域": "field", "研究领域": "field", "专业领域": "field", "专业": "field",
	"研究方向": "expertise", "专长": "expertise", "擅长": "expertise",
	"单位": "institution", "工作单位": "institution", "所在单位": "institution", "任职单位": "institution", "机构": "institution",
	"所在地": "location", "现居地": "location", "工作地": "location",
	"籍贯": "hometown", "家乡": "hometown", "出生地": "hometown",
	"人才称号": "honours", "荣誉": "honours", "人才计划": "honours", "honors": "honours",
	"论文数": "papers", "论文数量": "papers", "论文": "papers",
	"团队": "team", "是否团队": "team",
	"上市日期": "list_date", "退市日期": keyDelistDate,
}

// normalizeHeader folds a header for lookup: trims spaces, BOMs and marks of
// required columns (*), lower-cases, and splits off a unit in brackets at the end
// ("注册资本（万元）" → "注册资本", "万元").
func normalizeHeader(h string) (key, unit string) {
	h = strings.TrimFunc(h, func(r rune) bool { return unicode.IsSpace(r) || r == 0xFEFF || r == '*' || r == '　' })
	h = strings.ToLower(h)
	for _, pair := range [][2]string{{"(", ")"}, {"（", "）"}, {"[", "]"}, {"【", "】"}} {
		if strings.HasSuffix(h, pair[1]) {
			if i := strings.LastIndex(h, pair[0]); i > 0 {
				unit = strings.TrimSpace(h[i+len(pair[0]) : len(h)-len(pair[1])])
				h = strings.TrimSpace(h[:i])
				break
			}
		}
	}
	h = strings.Join(strings.Fields(h), "_")
	return h, unit
}

// columnKey maps a header to its key, or "" when the column is unknown: the
// user's renames first, then the preset's, then the common header aliases, then
// the canonical keys.
func columnKey(header string, rename map[string]string, preset *Preset) (key, unit string) {
	if k, ok := rename[strings.TrimSpace(header)]; ok {
		return k, ""
	}
	h, unit := normalizeHeader(header)
	if k, ok := rename[h]; ok {
		return k, unit
	}
	if preset != nil {
		if k, ok := preset.Rename[h]; ok {
			return k, unit
		}
	}
	if k, ok := headerAliases[h]; ok {
		return k, unit
	}
	if k := strings.ReplaceAll(h, "-", "_"); isCanonical(k) {
		return k, unit
	}
	return "", unit
}

// canonicalSet holds canonicalKeys.
var canonicalSet = func() map[string]bool {
	m := make(map[string]bool, len(canonicalKeys))
	for _, k := range canonicalKeys {
		m[k] = true
	}
	return m
}()

func isCanonical(k string) bool { return canonicalSet[k] }
