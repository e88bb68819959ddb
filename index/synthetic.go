package index

import (
	"math"
	"math/rand/v2"
	"strings"

	"github.com/chainmatch/chainmatch"
)

// This file generates SYNTHETIC documents for benchmarks (go test -bench and
// chainmatch bench index). Names, scopes, places and numbers are made up from
// the small vocabulary below; none of it describes a real enterprise.

// synthNode is a node of the synthetic vocabulary.
type synthNode struct {
	chain, node string
	zh, en      []string
}

var synthVocab = []synthNode{
	{"short-distance-transport", "e-bike", []string{"电动自行车", "电动车", "电瓶车"}, []string{"e-bike", "electric bicycle"}},
	{"short-distance-transport", "hub-motor", []string{"轮毂电机", "无刷电机"}, []string{"hub motor"}},
	{"short-distance-transport", "controller", []string{"电机控制器", "电动车控制器"}, []string{"motor controller"}},
	{"short-distance-transport", "frame", []string{"车架", "自行车零部件"}, []string{"bicycle frame"}},
	{"new-energy", "battery", []string{"锂电池", "锂离子电池", "动力电池"}, []string{"lithium battery", "battery pack"}},
	{"new-energy", "pv", []string{"光伏组件", "太阳能电池片"}, []string{"solar module", "photovoltaic"}},
	{"new-energy", "storage", []string{"储能系统", "储能电站"}, []string{"energy storage"}},
	{"new-energy", "charging", []string{"充电桩", "充电设备"}, []string{"charging pile", "ev charger"}},
	{"semiconductor", "wafer", []string{"晶圆", "硅片", "单晶硅片"}, []string{"wafer", "silicon wafer"}},
	{"semiconductor", "packaging", []string{"集成电路封装", "封装测试"}, []string{"chip packaging"}},
	{"semiconductor", "design", []string{"集成电路设计", "芯片设计"}, []string{"ic design", "chip design"}},
	{"semiconductor", "materials", []string{"电子化学品", "光刻胶", "电子特种气体"}, []string{"photoresist", "electronic chemicals"}},
	{"semiconductor", "equipment", []string{"半导体设备", "刻蚀设备"}, []string{"semiconductor equipment"}},
	{"biomedicine", "tcm", []string{"中成药", "中药饮片"}, []string{"traditional chinese medicine"}},
	{"biomedicine", "api", []string{"原料药", "医药中间体"}, []string{"active pharmaceutical ingredient"}},
	{"biomedicine", "device", []string{"医疗器械", "体外诊断试剂"}, []string{"medical device", "ivd reagent"}},
	{"biomedicine", "biologics", []string{"生物制品", "疫苗"}, []string{"biologics", "vaccine"}},
	{"auto-parts", "ac", []string{"汽车空调", "空调压缩机"}, []string{"automotive air conditioning"}},
	{"auto-parts", "brake", []string{"制动系统", "刹车片"}, []string{"brake pad", "braking system"}},
	{"auto-parts", "wheel", []string{"铝合金轮毂", "汽车轮毂"}, []string{"alloy wheel"}},
	{"equipment", "cnc", []string{"数控机床", "加工中心"}, []string{"cnc machine tool"}},
	{"equipment", "robot", []string{"工业机器人", "机械手"}, []string{"industrial robot"}},
	{"equipment", "valve", []string{"阀门", "泵阀"}, []string{"valve", "pump"}},
	{"equipment", "bearing", []string{"轴承", "精密轴承"}, []string{"bearing"}},
	{"smart-appliances", "kitchen", []string{"厨房电器", "电饭煲", "吸油烟机"}, []string{"kitchen appliance", "rice cooker"}},
	{"smart-appliances", "small", []string{"小家电", "电风扇", "电暖器"}, []string{"small appliance"}},
	{"new-materials", "fluoro", []string{"氟化工", "含氟材料"}, []string{"fluorochemical"}},
	{"new-materials", "composite", []string{"碳纤维", "复合材料"}, []string{"carbon fiber", "composite material"}},
	{"health", "food", []string{"保健食品", "功能食品"}, []string{"health food"}},
	{"health", "elderly", []string{"养老服务", "康复器具"}, []string{"elderly care", "rehabilitation aid"}},
}

var (
	synthPlaces   = []string{"杭州", "宁波", "温州", "丽水", "金华", "湖州", "苏州", "无锡", "深圳", "东莞", "青岛", "济南", "合肥", "成都", "武汉", "西安"}
	synthTrades   = []string{"华", "泰", "瑞", "丰", "源", "恒", "达", "新", "中", "宏", "信", "盛", "隆", "安", "嘉", "鑫", "通", "明", "远", "康", "德", "海", "天", "博"}
	synthSuffixes = []string{"科技有限公司", "实业有限公司", "股份有限公司", "制造有限公司", "有限公司", "集团有限公司"}
	synthGeneric  = []string{"技术开发、技术咨询、技术服务、技术转让", "货物进出口", "技术进出口", "机械设备销售", "五金产品批发",
		"电子产品销售", "软件开发", "普通货物仓储服务", "住房租赁", "企业管理咨询", "信息咨询服务（不含许可类信息咨询服务）",
		"金属材料销售", "塑料制品制造", "日用百货销售", "再生资源回收（除生产性废旧金属）", "包装服务", "非居住房地产租赁",
		"第二类医疗器械销售", "食品销售（仅销售预包装食品）", "家用电器销售"}
	synthVerbs    = []string{"的研发、生产、销售", "制造", "的生产和销售", "研发；", "销售", "的设计、制造及技术服务"}
	synthEnTrades = []string{"Apex", "Nova", "Orient", "Summit", "Pacific", "Lumen", "Vertex", "Harbor", "Crest", "Zenith"}
	synthEnForms  = []string{"Co., Ltd.", "Inc.", "GmbH", "Technologies Ltd.", "Industries Corp."}
	synthProvs    = []string{"11", "12", "13", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "50", "51", "61"}
)

// SyntheticChains returns the chains of the synthetic vocabulary, for the query
// expansion of a benchmark index. They are SYNTHETIC: a small made-up cut of the
// real chains, not the embedded ones.
func SyntheticChains() []chainmatch.Chain {
	var out []chainmatch.Chain
	for _, v := range synthVocab {
		if len(out) == 0 || out[len(out)-1].ID != v.chain {
			out = append(out, chainmatch.Chain{ID: v.chain, Name: v.chain, NameEN: v.chain})
		}
		c := &out[len(out)-1]
		c.Nodes = append(c.Nodes, chainmatch.Node{ID: v.node, Name: v.zh[0], NameEN: v.en[0], Stage: chainmatch.Midstream,
			Keywords: v.zh, KeywordsEN: v.en})
	}
	return out
}

// SyntheticDocs returns a generator of n SYNTHETIC enterprise documents with
// seqs 1..n for benchmarks, deterministic for seed. About 75 % are tagged at one
// or two nodes, node popularity falls off as 1/(rank+6) (the most common node
// holds about 7 % of all documents), 5 % are written in English, and a Chinese
// business scope averages about 75 characters. Real registry scopes are often
// longer (100–300 characters), so real indexes are larger per document.
func SyntheticDocs(n int, seed uint64) func() (Doc, bool, error) {
	weights := make([]float64, len(synthVocab))
	total := 0.0
	for i := range weights {
		total += 1 / float64(i+6)
		weights[i] = total
	}
	i := 0
	return func() (Doc, bool, error) {
		if i >= n {
			return Doc{}, false, nil
		}
		i++
		r := rand.New(rand.NewPCG(seed, uint64(i)))
		return synthDoc(r, uint32(i), weights, total), true, nil
	}
}

func synthDoc(r *rand.Rand, seq uint32, weights []float64, total float64) Doc {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	pickNode := func() int {
		x := r.Float64() * total
		for j, w := range weights {
			if x < w {
				return j
			}
		}
		return len(weights) - 1
	}
	d := Doc{Seq: seq, Kind: KindEnterprise, CapitalWan: math.NaN(), Employees: math.NaN(), RevenueWan: math.NaN()}
	var nodes []int
	if r.Float64() < 0.75 {
		nodes = append(nodes, pickNode())
		if r.Float64() < 0.3 {
			if k := pickNode(); k != nodes[0] {
				nodes = append(nodes, k)
			}
		}
	}
	for _, k := range nodes {
		d.Nodes = append(d.Nodes, synthVocab[k].chain+"/"+synthVocab[k].node)
	}
	english := r.Float64() < 0.05
	var sb strings.Builder
	if english {
		d.NameEN = pick(synthEnTrades) + " " + pick(synthEnTrades) + " " + pick(synthEnForms)
		d.Name = d.NameEN
		sb.WriteString("Manufacture and sale of ")
		for j, k := range nodes {
			if j > 0 {
				sb.WriteString(" and ")
			}
			sb.WriteString(pick(synthVocab[k].en))
		}
		if len(nodes) == 0 {
			sb.WriteString("industrial products")
		}
		sb.WriteString("; import and export of goods; technical consulting services.")
	} else {
		d.Name = pick(synthPlaces) + pick(synthTrades) + pick(synthTrades)
		if len(nodes) > 0 {
			d.Name += string([]rune(synthVocab[nodes[0]].zh[0])[:2])
		}
		d.Name += pick(synthSuffixes)
		if r.Float64() < 0.5 {
			sb.WriteString("一般项目：")
		}
		for _, k := range nodes {
			sb.WriteString(pick(synthVocab[k].zh))
			if r.Float64() < 0.5 {
				sb.WriteString("、")
				sb.WriteString(pick(synthVocab[k].zh))
			}
			sb.WriteString(pick(synthVerbs))
			sb.WriteString("；")
		}
		for g := 4 + r.IntN(6); g > 0; g-- {
			sb.WriteString(pick(synthGeneric))
			sb.WriteString("；")
		}
		if r.Float64() < 0.3 && len(nodes) > 0 {
			d.Products = pick(synthVocab[nodes[0]].zh) + "、" + pick(synthVocab[nodes[len(nodes)-1]].zh)
		}
	}
	d.Scope = sb.String()
	d.Province = pick(synthProvs)
	d.City = d.Province + twoDigits(1+r.IntN(12)) + "00"
	d.County = d.City[:4] + twoDigits(1+r.IntN(15))
	for _, t := range chainmatch.Tags {
		if r.Float64() < 0.06 {
			d.Tags = append(d.Tags, string(t))
		}
	}
	if r.Float64() < 0.9 {
		d.CapitalWan = math.Round(math.Exp(r.NormFloat64()*1.5 + 6))
	}
	if r.Float64() < 0.6 {
		d.Employees = math.Round(math.Exp(r.NormFloat64()*1.2 + 3.5))
	}
	if r.Float64() < 0.3 {
		d.RevenueWan = math.Round(math.Exp(r.NormFloat64()*1.8 + 7))
	}
	d.FoundedYear = 1985 + r.IntN(41)
	if r.Float64() < 0.7 {
		d.HasGeo = true
		d.Lat = 22 + r.Float64()*18
		d.Lon = 102 + r.Float64()*20
	}
	d.IndustryCode = "C" + twoDigits(13+r.IntN(30)) + twoDigits(r.IntN(100))
	return d
}

func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10%10), byte('0' + n%10)})
}
