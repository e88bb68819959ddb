package index

import (
	"math"

	"github.com/chainmatch/chainmatch"
)

// testChains is a hand-made slice of three chains, enough vocabulary for the
// cross-language tests. Real chains come from datasets, which index does not import.
func testChains() []chainmatch.Chain {
	return []chainmatch.Chain{
		{ID: "short-distance-transport", Name: "智能短交通", NameEN: "Short-distance transport", Nodes: []chainmatch.Node{
			{ID: "e-bike", Name: "电动自行车整车", NameEN: "E-bike assembly", Stage: chainmatch.Downstream,
				Keywords: []string{"电动自行车", "电动车", "电瓶车"}, KeywordsEN: []string{"e-bike", "electric bicycle", "electric bike"}},
			{ID: "hub-motor", Name: "轮毂电机", NameEN: "Hub motor", Stage: chainmatch.Midstream,
				Keywords: []string{"轮毂电机"}, KeywordsEN: []string{"hub motor", "in-wheel motor"}},
			{ID: "battery", Name: "动力电池", NameEN: "Traction battery", Stage: chainmatch.Upstream,
				Keywords: []string{"锂电池", "锂离子电池", "动力电池", "电池"}, KeywordsEN: []string{"lithium battery", "lithium-ion battery", "battery"},
				Negative: []string{"电池回收", "battery recycling"}},
		}},
		{ID: "semiconductor", Name: "半导体", NameEN: "Semiconductors", Nodes: []chainmatch.Node{
			{ID: "wafer", Name: "晶圆制造", NameEN: "Wafer fabrication", Stage: chainmatch.Upstream,
				Keywords: []string{"晶圆", "硅片", "单晶硅片"}, KeywordsEN: []string{"wafer", "silicon wafer"}},
			{ID: "packaging", Name: "封装测试", NameEN: "Packaging and test", Stage: chainmatch.Midstream,
				Keywords: []string{"封装测试", "半导体封装", "封测"}, KeywordsEN: []string{"semiconductor packaging", "chip packaging", "IC packaging"}},
		}},
		{ID: "biomedicine", Name: "生物医药", NameEN: "Biomedicine", Nodes: []chainmatch.Node{
			{ID: "tcm", Name: "中药", NameEN: "Traditional Chinese medicine", Stage: chainmatch.Midstream,
				Keywords: []string{"中成药", "中药饮片"}, KeywordsEN: []string{"traditional chinese medicine", "TCM", "proprietary chinese medicine"}},
		}},
	}
}

var nan = math.NaN()

// testCorpus is a small corpus in the styles real records come in: registry
// scopes with semicolons and 一般项目/许可项目, product lists, English company
// descriptions, and distractors that share characters with the queries. Nodes
// are set only where a tagger would set them, so tests show both paths.
func testCorpus() []Doc {
	return []Doc{
		{Seq: 1, Name: "浙江绿源电动车有限公司", Scope: "一般项目：电动自行车、电动摩托车及零部件的研发、制造、销售；货物进出口。",
			Province: "33", City: "331100", County: "331122", Nodes: []string{"short-distance-transport/e-bike"}, Tags: []string{"leader", "high_tech"},
			CapitalWan: 12000, Employees: 850, RevenueWan: nan, FoundedYear: 1997, Lat: 28.66, Lon: 120.09, HasGeo: true, IndustryCode: "C3770"},
		{Seq: 2, Name: "Greenway Mobility Ltd", NameEN: "Greenway Mobility Ltd", Scope: "Design and manufacture of electric bicycles, e-bike frames and folding commuter bikes.",
			Province: "44", City: "440300", County: "440305", CapitalWan: nan, Employees: 120, RevenueWan: nan, Tags: []string{"foreign_funded"}},
		{Seq: 3, Name: "金华轮毂动力科技有限公司", Products: "轮毂电机；电动机控制器", Scope: "电机及其控制系统研发；电机制造；电机销售",
			Province: "33", City: "330700", County: "330702", Nodes: []string{"short-distance-transport/hub-motor"}, Tags: []string{"specialized"},
			CapitalWan: 3000, Employees: 210, RevenueWan: 25000, FoundedYear: 2012},
		{Seq: 4, Name: "天能锂电科技（湖州）有限公司", Scope: "许可项目：锂离子电池、电池管理系统的研发、生产、销售；新能源技术推广服务",
			Province: "33", City: "330500", County: "330522", Nodes: []string{"short-distance-transport/battery"}, Tags: []string{"listed", "leader"},
			CapitalWan: 50000, Employees: 3200, RevenueWan: 980000, FoundedYear: 2004},
		{Seq: 5, Name: "Volta Cells GmbH", NameEN: "Volta Cells GmbH", Scope: "Manufacturer of lithium-ion battery cells and battery packs for light electric vehicles.",
			CapitalWan: nan, Employees: nan, RevenueWan: nan, Tags: []string{"foreign_funded"}},
		{Seq: 6, Name: "丽水再生资源回收有限公司", Scope: "废旧电池回收；再生资源回收（除生产性废旧金属）；再生资源加工",
			Province: "33", City: "331100", County: "331102", CapitalWan: 500, Employees: 30, RevenueWan: nan},
		{Seq: 7, Name: "中芯集成电路（宁波）有限公司", Scope: "8英寸、12英寸晶圆制造；集成电路芯片设计及服务",
			Province: "33", City: "330200", County: "330206", Nodes: []string{"semiconductor/wafer"}, Tags: []string{"soe", "top500"},
			CapitalWan: 1000000, Employees: 5000, RevenueWan: nan, FoundedYear: 2018},
		{Seq: 8, Name: "丽水中欣晶圆半导体科技有限公司", Products: "单晶硅片、多晶硅片", Scope: "半导体材料的生产和销售",
			Province: "33", City: "331100", County: "331102", Nodes: []string{"semiconductor/wafer"}, Tags: []string{"high_tech"},
			CapitalWan: 200000, Employees: 900, RevenueWan: nan, FoundedYear: 2017},
		{Seq: 9, Name: "Polaris Silicon Inc", NameEN: "Polaris Silicon Inc", Scope: "Silicon wafer polishing, reclaim and epitaxy services for foundries.",
			CapitalWan: nan, Employees: 400, RevenueWan: nan, Tags: []string{"foreign_funded"}},
		{Seq: 10, Name: "江苏长电封测有限公司", Scope: "集成电路封装测试；半导体器件封装；电子元器件销售",
			Province: "32", City: "320200", County: "320281", Nodes: []string{"semiconductor/packaging"}, Tags: []string{"listed"},
			CapitalWan: 80000, Employees: 4000, RevenueWan: nan, FoundedYear: 1998},
		{Seq: 11, Name: "青田本草堂药业有限公司", Scope: "药品生产（中成药、中药饮片）；药品批发",
			Province: "33", City: "331100", County: "331121", Nodes: []string{"biomedicine/tcm"},
			CapitalWan: 2000, Employees: nan, RevenueWan: nan, FoundedYear: 2009},
		{Seq: 12, Name: "永康市锋利电动工具有限公司", Scope: "电动工具、园林机械、五金制品制造",
			Province: "33", City: "330700", County: "330784", CapitalWan: 800, Employees: 150, RevenueWan: nan, FoundedYear: 2006},
		{Seq: 13, Name: "青岛四方动车配件有限公司", Scope: "高速动车组配件、轨道交通设备制造；车门系统销售",
			Province: "37", City: "370200", County: "370214", CapitalWan: 6000, Employees: 700, RevenueWan: nan, FoundedYear: 2002},
		{Seq: 14, Name: "缙云县好味食品有限公司", Scope: "食品销售（仅销售预包装食品）；农副产品销售",
			Province: "33", City: "331100", County: "331122", CapitalWan: 50, Employees: 8, RevenueWan: nan},
		{Seq: 15, Name: "Hangzhou Herbal Remedies Co", NameEN: "Hangzhou Herbal Remedies Co", Scope: "Producer of proprietary Chinese medicine and herbal extracts.",
			Province: "33", City: "330100", County: "330106", CapitalWan: nan, Employees: nan, RevenueWan: nan},
		// shares the bigrams 电动 and 动车 with 电动车 in two unrelated phrases: the
		// known false positive of bigram analysis (doc.go)
		{Seq: 16, Name: "青岛宏达轨道车辆部件有限公司", Scope: "车辆电动门系统制造；高速动车组配件销售",
			Province: "37", City: "370200", County: "370211", CapitalWan: 3000, Employees: nan, RevenueWan: nan, FoundedYear: 2011},
		// new-material words a segmenter's dictionary may not know
		{Seq: 17, Name: "杭州芯能半导体有限公司", Scope: "碳化硅功率器件、氮化镓外延片的研发、生产；半导体分立器件销售",
			Province: "33", City: "330100", County: "330110", CapitalWan: 5000, Employees: 60, RevenueWan: nan, FoundedYear: 2021},
		{Seq: 18, Name: "衢州光能科技有限公司", Scope: "钙钛矿太阳能电池片、光伏组件的研发与制造",
			Province: "33", City: "330800", County: "330802", CapitalWan: 8000, Employees: 120, RevenueWan: nan, FoundedYear: 2022},
		{Seq: 1, Kind: chainmatch.KindTalent, Name: "张伟", Scope: "半导体封装 先进封装工艺 倒装芯片", Products: "清华大学",
			Nodes: []string{"semiconductor/packaging"}, CapitalWan: nan, Employees: nan, RevenueWan: nan},
		{Seq: 2, Kind: chainmatch.KindTalent, Name: "Li Na", Scope: "Power electronics, hub motor control", Products: "TU Munich",
			CapitalWan: nan, Employees: nan, RevenueWan: nan},
	}
}
