package chainmatch

// CodeLabel names a code as users see it, in Chinese and English.
type CodeLabel struct {
	ID string `json:"id"`
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// TagLabels names every enterprise tag, in the order of Tags. The API serves them
// (GET /api/v1/features), and the web UI and the exports read them there.
var TagLabels = []CodeLabel{
	{string(TagListed), "上市公司", "listed"},
	{string(TagHighTech), "高新技术企业", "high-tech"},
	{string(TagSpecialized), "专精特新", "specialised (SRDI)"},
	{string(TagLittleGiant), "专精特新“小巨人”", "little giant"},
	{string(TagForeignFunded), "外资企业", "foreign-funded"},
	{string(TagLeader), "龙头/链主", "chain leader"},
	{string(TagHighGrowth), "高成长", "high growth"},
	{string(TagSOE), "国企/央企", "state-owned"},
	{string(TagTop500), "500强（或其成员）", "top 500 (or a member)"},
}

// StatusLabels names every list-item status, in the order of Statuses; the exports
// write the Chinese ones and their imports read either.
var StatusLabels = []CodeLabel{
	{string(StatusCandidate), "候选", "candidate"},
	{string(StatusContacted), "已联系", "contacted"},
	{string(StatusVisited), "已拜访", "visited"},
	{string(StatusNegotiating), "洽谈中", "negotiating"},
	{string(StatusSigned), "已签约", "signed"},
	{string(StatusLanded), "已落地", "landed"},
	{string(StatusDropped), "已放弃", "dropped"},
}

// ChannelLabels names every channel type.
var ChannelLabels = []CodeLabel{
	{string(LiaisonStation), "招商联络站", "liaison station"},
	{string(Chamber), "商会", "chamber of commerce"},
	{string(Ambassador), "招商大使", "ambassador"},
	{string(OverseasAssoc), "侨团/海外联络点", "overseas association"},
	{string(Fund), "产业基金", "industry fund"},
	{string(LeaderNetwork), "链主企业上下游", "chain leader's suppliers and buyers"},
	{string(DirectVisit), "上门招商", "direct visit"},
}

// StageLabels names the three stages of a chain.
var StageLabels = []CodeLabel{
	{string(Upstream), "上游", "upstream"},
	{string(Midstream), "中游", "midstream"},
	{string(Downstream), "下游", "downstream"},
}

// GapPartLabels names the parts of a node's gap priority (the keys of
// Weights.Gap), in the order of GapParts.
var GapPartLabels = []CodeLabel{
	{GapPartGap, "缺口（重要性×缺失度）", "gap (importance × absence)"},
	{GapPartAbsence, "缺失度", "absence"},
	{GapPartImportance, "重要性", "importance"},
	{GapPartFeasibility, "可行性（关联密度）", "feasibility (relatedness)"},
	{GapPartEmphasis, "定位侧重", "positioning emphasis"},
}

// GapLevel is how present a chain node is in a county, as a chain map colours it.
type GapLevel struct {
	CodeLabel
	// MinAbsence is the least absence of the level (a node is at the first level
	// whose MinAbsence its absence reaches); no_local_data has none.
	MinAbsence *float64 `json:"min_absence,omitempty"`
}

func ptr(v float64) *float64 { return &v }

// GapLevels are the levels a node's observed absence falls into, most absent
// first, and the level of a node without local data (which claims no absence).
var GapLevels = []GapLevel{
	{CodeLabel{"missing", "缺失", "missing"}, ptr(0.67)},
	{CodeLabel{"weak", "薄弱", "weak"}, ptr(0.33)},
	{CodeLabel{"strong", "较强", "strong"}, ptr(0)},
	{CodeLabel{"no_local_data", "无本地数据", "no local data"}, nil},
}

// LabelOf returns the label of id in ls, or a label that repeats id.
func LabelOf(ls []CodeLabel, id string) CodeLabel {
	for _, l := range ls {
		if l.ID == id {
			return l
		}
	}
	return CodeLabel{ID: id, ZH: id, EN: id}
}
