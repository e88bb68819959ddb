package match

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chainmatch/chainmatch"
)

// target builds one explained target from a scored row. Explanations are built only
// for the returned rows.
func (x *rankCtx) target(rank int, i, j int32, row, beta, mean []float64, score float64,
	unk uint8, node int, gaps *Gaps, ch *chainmatch.Chain) chainmatch.Target {
	p := x.p
	conf, _ := x.nodeTag(j, node)
	sum := p.summary(int(i))
	sum.Tags = tagsOf(x.s.c[j].flags) // with a merged twin's (addToSet)
	t := chainmatch.Target{Rank: rank, Enterprise: sum, Score: score,
		Node: ch.Nodes[node].ID, NodeName: ch.Nodes[node].Name, NodeConfidence: round3(conf),
		Contributions: make(map[string]float64, nFeatures)}
	for f := 0; f < nFeatures; f++ {
		t.Contributions[featureNames[f]] = beta[f]*row[f] + 0 // + 0 turns −0 into 0
		if unk&(1<<f) != 0 {
			t.Unknown = append(t.Unknown, featureNames[f])
		}
	}
	t.Reasons = append(t.Reasons, x.gapReason(i, j, node, gaps, ch, row[fText]))
	type lift struct {
		f int
		v float64
	}
	var lifts []lift
	for _, f := range []int{fQuality, fGrowth, fIntent, fProximity, fTies} {
		if unk&(1<<f) != 0 {
			continue
		}
		if v := beta[f] * (row[f] - mean[f]); v > 0 {
			lifts = append(lifts, lift{f, v})
		}
	}
	sort.SliceStable(lifts, func(a, b int) bool { return lifts[a].v > lifts[b].v })
	for _, l := range lifts[:min(3, len(lifts))] {
		if r, ok := x.reason(l.f, i, j, node, ch); ok {
			t.Reasons = append(t.Reasons, r)
		}
	}
	if row[fRisk] > 0 {
		if r, ok := x.reason(fRisk, i, j, node, ch); ok {
			t.Reasons = append(t.Reasons, r)
		}
	}
	if len(t.Unknown) > 0 {
		zh := make([]string, len(t.Unknown))
		for k, f := range t.Unknown {
			zh[k] = featureLabel(f)
		}
		t.Reasons = append(t.Reasons, chainmatch.Reason{
			ZH: fmt.Sprintf("数据缺失（%s），按链内平均值计分", strings.Join(zh, "、")),
			EN: fmt.Sprintf("Missing data (%s): scored at the chain average", strings.Join(t.Unknown, ", "))})
	}
	t.Channel, t.ChannelReason = x.channel(i, j, node)
	t.Flags = x.flags(i)
	return t
}

// nodeTag returns the confidence of set candidate j at node and the evidence
// it rests on (evidenceText), 0 and "" when it has no tag there.
func (x *rankCtx) nodeTag(j int32, node int) (float64, string) {
	s := x.s
	for k := s.tOff[j]; k < s.tOff[j+1]; k++ {
		if int(s.tNode[k]) == node {
			return float64(s.tConf[k]), x.p.strAt(x.p.tagEv[s.tPool[k]])
		}
	}
	return 0, ""
}

// round3 rounds a confidence to three decimals, as the tagger gives it.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// featureLabel is the Chinese label of feature id (chainmatch.FeatureTable).
func featureLabel(id string) string {
	f, _ := chainmatch.Feature(id)
	return f.Label
}

// gapReason says which gap node the candidate fills, how sure the tagging is, and
// what it rests on: the words its own text names the node with (the text feature,
// quoted) or the broad label it was inferred from.
func (x *rankCtx) gapReason(i, j int32, node int, gaps *Gaps, ch *chainmatch.Chain, text float64) chainmatch.Reason {
	n, g := &ch.Nodes[node], &gaps.Nodes[node]
	zhVerb, enVerb := "填补缺口环节", "Fills gap node"
	switch {
	case g.Absence == nil:
		zhVerb, enVerb = "目标环节（无本地数据，按重要性与定位排序）", "Target node (no local data: ranked by importance and positioning)"
	case g.Evidence == EvidenceRecords && g.LocalWeight < .5:
		zhVerb, enVerb = "目标环节（本地记录少，存在度多按所在地区估计）", "Target node (few local records: presence mostly estimated from the region)"
	case *g.Absence < .5:
		zhVerb, enVerb = "强化环节", "Strengthens node"
	}
	conf, ev := x.nodeTag(j, node)
	r := chainmatch.Reason{Feature: chainmatch.FeatureGapFit,
		ZH: fmt.Sprintf("%s：%s（优先级%.2f，归属置信度%.2f）", zhVerb, n.Name, g.Priority, conf),
		EN: fmt.Sprintf("%s: %s (priority %.2f, confidence %.2f)", enVerb, n.NameEN, g.Priority, conf)}
	if sh := placementShare(conf); sh < 1 {
		pct := strconv.Itoa(int(100*sh+.5)) + "%"
		r.ZH += "；归属证据弱，区位、质量等其余各项按" + pct + "计"
		r.EN += "; weak placement: location, quality and the rest count at " + pct
	}
	label := strings.HasPrefix(ev, "~")
	field, words, ok := strings.Cut(strings.TrimPrefix(ev, "~"), ":")
	switch {
	case !ok || words == "":
	case label:
		r.ZH += fmt.Sprintf("；仅由%s“%s”推断，未见具体环节证据", fieldZH(field), words)
		r.EN += fmt.Sprintf("; inferred from the %s “%s” alone, no node named", field, words)
		if zh, en := x.otherNodes(j, node, conf, ch); zh != "" {
			r.ZH += "；亦可能在" + zh
			r.EN += "; it may as well be at " + en
		}
	case text > 0 && (field == FieldIndustry || field == FieldIndustryCode):
		// The text score matched the record's own words, which the tagger did
		// not count at this node (evidenceText puts own words first).
		r.ZH += fmt.Sprintf("，依据%s含“%s”；自身文本与本环节相关（文本相关度%.2f）", fieldZH(field), words, text)
		r.EN += fmt.Sprintf("; %s mentions “%s”; its own text relates to the node (text relevance %.2f)", field, words, text)
	case text > 0:
		r.ZH += fmt.Sprintf("；%s命中：%s（文本相关度%.2f）", fieldZH(field), words, text)
		r.EN += fmt.Sprintf("; %s names %s (text relevance %.2f)", field, words, text)
	default:
		r.ZH += fmt.Sprintf("，依据%s含“%s”", fieldZH(field), words)
		r.EN += fmt.Sprintf("; %s mentions “%s”", field, words)
	}
	return r
}

// otherNodes names, for a candidate placed at node by a broad label, the chain's
// other nodes it is at least three quarters as likely to be at (at most three,
// most likely first, with their confidences): a label is a spread over nodes,
// and the node chosen for it is only the one that scores best.
func (x *rankCtx) otherNodes(j int32, node int, conf float64, ch *chainmatch.Chain) (zh, en string) {
	s := x.s
	type alt struct {
		node int
		conf float32
	}
	var alts []alt
	for k := s.tOff[j]; k < s.tOff[j+1]; k++ {
		if n := int(s.tNode[k]); n != node && float64(s.tConf[k]) >= .75*conf {
			alts = append(alts, alt{n, s.tConf[k]})
		}
	}
	slices.SortStableFunc(alts, func(a, b alt) int { return cmp.Compare(b.conf, a.conf) })
	var zs, es []string
	for _, a := range alts[:min(3, len(alts))] {
		c := strconv.FormatFloat(float64(a.conf), 'f', 2, 32)
		zs = append(zs, ch.Nodes[a.node].Name+"（"+c+"）")
		es = append(es, ch.Nodes[a.node].NameEN+" ("+c+")")
	}
	return strings.Join(zs, "、"), strings.Join(es, ", ")
}

func fieldZH(f string) string {
	switch f {
	case "scope":
		return "经营范围"
	case "products":
		return "主营产品"
	case "name":
		return "企业名称"
	case "industry_code":
		return "国标行业代码"
	case "industry":
		return "行业"
	}
	return f
}

var tagNames = []struct {
	bit    uint16
	zh, en string
}{
	{bitLeader, "龙头企业", "industry leader"},
	{bitTop500, "500强（成员）企业", "top-500 group member"},
	{bitListed, "上市公司", "listed"},
	{bitSOE, "国有企业", "state-owned"},
	{bitLittleGiant, "专精特新“小巨人”", "specialised 'little giant'"},
	{bitSpecialized, "专精特新企业", "specialised SME"},
	{bitHighTech, "高新技术企业", "high-tech enterprise"},
	{bitForeign, "外资企业", "foreign-funded"},
}

func wanText(w float64) (zh, en string) {
	if w >= 10000 {
		zh = fmt.Sprintf("%.1f亿元", w/10000)
	} else {
		zh = fmt.Sprintf("%.0f万元", w)
	}
	return zh, fmt.Sprintf("CNY %.1f million", w/100)
}

var signalZH = map[uint8]string{sigFinancing: "融资", sigBranch: "新设分支机构", sigExpansion: "扩产/扩张项目", sigHiring: "招聘", sigOther: "其他动态"}
var signalEN = map[uint8]string{sigFinancing: "financing", sigBranch: "new branch", sigExpansion: "expansion project", sigHiring: "hiring", sigOther: "other"}

func (x *rankCtx) reason(f int, i, j int32, node int, ch *chainmatch.Chain) (chainmatch.Reason, bool) {
	p := x.p
	r := chainmatch.Reason{Feature: featureNames[f]}
	var zh, en []string
	switch f {
	case fQuality:
		for _, t := range tagNames {
			if t.bit != bitForeign && p.flags[i]&t.bit != 0 {
				zh, en = append(zh, t.zh), append(en, t.en)
			}
		}
		if c := p.capital[i]; c == c && c > 0 {
			z, e := wanText(float64(c))
			zh, en = append(zh, "注册资本"+z), append(en, "registered capital "+e)
		}
		if e := p.employ[i]; e == e && e > 0 {
			zh, en = append(zh, fmt.Sprintf("员工%.0f人", e)), append(en, fmt.Sprintf("%.0f employees", e))
		}
		if len(zh) == 0 {
			return r, false
		}
		r.ZH, r.EN = "企业质量："+strings.Join(zh, "、"), "Quality: "+strings.Join(en, ", ")
	case fGrowth:
		if p.flags[i]&bitHighGrowth != 0 {
			zh, en = append(zh, "高成长企业"), append(en, "high-growth")
		}
		if fd := p.founded[i]; fd != 0 {
			zh, en = append(zh, fmt.Sprintf("成立于%d年", fd/10000)), append(en, fmt.Sprintf("founded %d", fd/10000))
		}
		if len(zh) == 0 {
			zh, en = append(zh, "资本密集度较高"), append(en, "capital-intensive")
		}
		r.ZH, r.EN = "成长性："+strings.Join(zh, "，"), "Growth: "+strings.Join(en, ", ")
	case fIntent:
		best, bd := -1, int32(math.MinInt32)
		for k := p.sigOff[i]; k < p.sigOff[i+1]; k++ {
			if signalWeight[p.sigType[k]] > 0 && p.sigType[k] != sigHiring && p.sigDay[k] > bd && p.sigDay[k] <= x.day {
				best, bd = int(k), p.sigDay[k]
			}
		}
		if best < 0 {
			return r, false
		}
		d := time.Unix(int64(bd)*86400, 0).UTC().Format("2006-01-02")
		detail := p.strAt(p.sigText[best])
		r.ZH = fmt.Sprintf("投资意向：%s %s", d, signalZH[p.sigType[best]])
		r.EN = fmt.Sprintf("Intent: %s on %s", signalEN[p.sigType[best]], d)
		if detail != "" {
			r.ZH += "（" + detail + "）"
			r.EN += " (" + detail + ")"
		}
	case fProximity:
		if !x.hasPt || p.pt[i].X != p.pt[i].X {
			return r, false
		}
		if p.provinceOnly(i) {
			// A province centroid is no place: say only what is known.
			if p.prov[i] != x.prov {
				return r, false
			}
			r.ZH, r.EN = "区位：同省（省以下位置未知）", "Location: same province (location below province unknown)"
			break
		}
		km := distanceKm(p.pt[i], x.cpt)
		approx := ""
		if !p.ptExact[i] {
			approx = "约"
		}
		r.ZH = fmt.Sprintf("区位：距本县%s%.0f公里", approx, km)
		r.EN = fmt.Sprintf("Location: about %.0f km away", km)
		if p.prov[i] == x.prov {
			if p.city[i] == x.city {
				r.ZH, r.EN = r.ZH+"，同市", r.EN+", same city"
			} else {
				r.ZH, r.EN = r.ZH+"，同省", r.EN+", same province"
			}
		}
	case fTies:
		for k := p.brOff[i]; k < p.brOff[i+1]; k++ {
			if p.br[k] == x.home {
				zh, en = append(zh, "已在本地设有分支机构"), append(en, "already has a branch in the county")
				break
			}
			if uint8(p.br[k]/10000) == x.prov {
				zh, en = append(zh, "已在本省设有分支机构"), append(en, "already has a branch in the province")
				break
			}
		}
		if c := x.channelMatch(i, false); c != nil {
			zh, en = append(zh, "可经"+c.Name+"对接"), append(en, "reachable through "+orName(c.NameEN, c.Name))
		}
		if x.overseas && p.flags[i]&bitForeign != 0 {
			zh, en = append(zh, "外资企业，可经海外联络渠道对接"), append(en, "foreign-funded, reachable through the overseas association")
		}
		if l, ok := x.leaderLink(j); ok {
			name := p.str(int(l), strName)
			zh, en = append(zh, "与本地链主"+name+"上下游配套"), append(en, "supplies or buys from local chain leader "+name)
		}
		if len(zh) == 0 {
			return r, false
		}
		r.ZH, r.EN = "关系纽带："+strings.Join(zh, "；"), "Ties: "+strings.Join(en, "; ")
	case fRisk:
		b := p.riskBits[i]
		if b&riskBitDishonest != 0 {
			zh, en = append(zh, "失信被执行人"), append(en, "dishonest judgment debtor")
		}
		if b&riskBitAbnormal != 0 {
			zh, en = append(zh, "经营异常"), append(en, "abnormal operation")
		}
		if b&riskBitLitigation != 0 {
			zh, en = append(zh, "涉诉"), append(en, "litigation")
		}
		if b&riskBitST != 0 {
			zh, en = append(zh, "证券简称带ST（退市风险警示或其他风险警示）"), append(en, "ST-flagged listing (risk warning)")
		}
		if b&riskBitGone != 0 {
			zh, en = append(zh, "已退市或吊销、注销"), append(en, "delisted, revoked or deregistered")
		}
		r.ZH, r.EN = "风险提示："+strings.Join(zh, "、"), "Risk: "+strings.Join(en, ", ")
	default:
		return r, false
	}
	return r, true
}

func orName(en, zh string) string {
	if en != "" {
		return en
	}
	return zh
}

// leaderLink returns a local chain leader whose node is adjacent to one of set
// position j's nodes (x.leaderFor, built with the request).
func (x *rankCtx) leaderLink(j int32) (int32, bool) {
	if x.leaderFor == nil {
		return 0, false
	}
	s := x.s
	for k := s.tOff[j]; k < s.tOff[j+1]; k++ {
		if l := x.leaderFor[s.tNode[k]]; l >= 0 && l != s.rec[j] {
			return l, true
		}
	}
	return 0, false
}

// flags marks what a reader of target i must know: a firm whose listed record is
// merged into it (twins.go), a name only in a foreign script (foreignName), a
// location known only to its province, a firm in the county's own city.
func (x *rankCtx) flags(i int32) []chainmatch.Flag {
	p := x.p
	var out []chainmatch.Flag
	if t, ok := p.twins[i]; ok && p.flags[i]&flagTicker == 0 {
		name := p.str(int(t), strName)
		out = append(out, chainmatch.Flag{Code: chainmatch.FlagSameFirm,
			ZH: "与上市简称“" + name + "”为同一企业，两条记录合并计分",
			EN: "the same firm as the listed short name " + name + "; its two records are scored as one"})
	}
	if p.flags[i]&flagForeignName != 0 {
		zh, en := "仅有外文名称、无统一社会信用代码（可能为境外企业）", "named only in a foreign script, with no USCC (possibly a foreign company)"
		if p.locFrom[i] == locNone {
			zh, en = zh+"：名单所列省市不作为其所在地，位置未知", en+": the province and city a list gives are not taken as where it is; location unknown"
		}
		out = append(out, chainmatch.Flag{Code: chainmatch.FlagForeignName, ZH: zh, EN: en})
	}
	if parent, ok := chainmatch.BranchOf(p.str(int(i), strName)); ok {
		zh, en := "分支机构（非独立法人），投资通常由其总公司决定", "a branch, not a legal person: its company usually decides on investment"
		if parent != "" {
			zh, en = zh+"："+parent, en+": "+parent
		}
		out = append(out, chainmatch.Flag{Code: chainmatch.FlagBranch, ZH: zh, EN: en})
	}
	namedHere := false
	if p.locFrom[i] == locNamed {
		out = append(out, chainmatch.Flag{Code: chainmatch.FlagCityFromName,
			ZH: "所在城市据企业名称推断（记录仅有省份）", EN: "city read from the firm's name (the record gives only its province)"})
		// 缙云县某某 or 浙江缙云县某某 ranked for 缙云县: the name never gives the
		// county (locate), so the firm is not set aside as local; say so
		if p.loc.countyPrefix(p.loc.afterProvince(p.str(int(i), strName), p.prov[i])) == x.county.Name {
			namedHere = true
			out = append(out, chainmatch.Flag{Code: chainmatch.FlagNamedCounty,
				ZH: "名称以本县（区）名开头，可能是本地企业（记录仅有省份，未按本地企业排除）",
				EN: "the name begins with this county's: possibly a local firm (the record gives only its province, so it is not set aside as local)"})
		}
	}
	if p.provinceOnly(i) {
		out = append(out, chainmatch.Flag{Code: chainmatch.FlagProvinceOnly,
			ZH: "位置仅知省份，省以下未知", EN: "location below province unknown"})
	}
	if p.city[i] != 0 && p.city[i] == x.city && !namedHere {
		out = append(out, chainmatch.Flag{Code: chainmatch.FlagSameCity,
			ZH: "同市企业（本市其他县区）", EN: "same city (another county of the county's city)"})
	}
	return out
}
