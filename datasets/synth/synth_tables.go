package synth

import "github.com/chainmatch/chainmatch"

// Reference tables of the synthetic pool generator: where each chain clusters, how
// big each province's economy is, the national rates of tags, and the vocabulary of
// names, signals and talents (business text is in synth_vocab.go). They describe the shape of real registrations; every
// record built from them is labelled "synthetic".

// area is a GB/T 2260 code prefix (two digits: province, four: city, six: county)
// with a relative weight.
type area struct {
	prefix string
	weight float64
}

// chainClusters lists where each chain's enterprises really concentrate (industry
// reports, well-known industrial bases). A chain id absent here is spread by
// economic size only. The counties of the seeds' profiles are not listed for being
// profiled: they get their economic share like any other.
var chainClusters = map[string][]area{
	"short-distance-transport": {
		{"12", 14}, {"120118", 4}, {"120113", 3}, // Tianjin: 静海, 北辰 e-bike bases
		{"3202", 10}, {"320205", 3}, // Wuxi 锡山 (Yadea, Aima bases)
		{"3310", 8}, {"331004", 3}, {"331081", 2}, // Taizhou: 路桥, 温岭
		{"3307", 6}, {"330784", 9}, // Jinhua, Yongkang (车业 capital)
		{"3204", 4}, {"3203", 3}, {"4403", 4}, {"4401", 2}, {"3302", 2}, {"3501", 1}, {"4101", 1}, {"37", 3},
	},
	"intelligent-transport": {
		{"11", 14}, {"4403", 12}, {"31", 10}, {"4401", 7}, {"3301", 7}, {"4201", 5},
		{"50", 5}, {"4301", 4}, {"3205", 4}, {"3201", 3}, {"5101", 3}, {"3702", 2},
	},
	"semiconductor": {
		{"31", 18}, {"310115", 8}, {"3205", 12}, {"3202", 9}, {"4403", 13}, {"11", 11}, {"110115", 3},
		{"3401", 7}, {"3201", 4}, {"6101", 3}, {"4201", 3}, {"5101", 3}, {"3502", 2}, {"3301", 3},
	},
	"new-energy": {
		{"32", 14}, {"3204", 5}, {"3205", 3}, {"33", 10}, {"3302", 2}, {"3509", 7}, {"350902", 4},
		{"34", 8}, {"3401", 4}, {"36", 4}, {"3609", 3}, {"3605", 2}, {"3611", 2},
		{"51", 4}, {"5115", 3}, {"5109", 2}, {"5111", 2}, {"63", 2}, {"6301", 2}, {"6328", 1}, {"4403", 5}, {"64", 1},
	},
	"new-materials": {
		{"3302", 7}, {"330211", 2}, {"3205", 5}, {"3204", 4}, {"3703", 4}, {"3706", 3}, {"1502", 3}, {"3607", 3},
		{"3502", 2}, {"31", 4}, {"3301", 3}, {"4406", 3}, {"4101", 2}, {"5101", 2}, {"2102", 2},
	},
	"biomedicine": {
		{"31", 16}, {"310115", 6}, {"3205", 8}, {"3212", 4}, {"3207", 3}, {"3201", 3}, {"3301", 7}, {"3310", 4},
		{"11", 12}, {"110114", 2}, {"110115", 2}, {"4401", 5}, {"4403", 5}, {"3702", 1}, {"3701", 2}, {"4201", 2}, {"5101", 3},
	},
	"auto-parts": {
		{"2201", 7}, {"4203", 5}, {"4502", 5}, {"3402", 5}, {"3302", 7}, {"330381", 3}, {"331083", 3},
		{"31", 6}, {"310114", 3}, {"50", 5}, {"4401", 4}, {"440114", 2}, {"4206", 2}, {"3205", 3}, {"3204", 2}, {"3707", 2}, {"4201", 3},
	},
	"equipment": {
		{"3205", 8}, {"4301", 6}, {"3203", 5}, {"2101", 4}, {"3301", 4}, {"3202", 4}, {"3204", 4}, {"3505", 3},
		{"3310", 4}, {"31", 6}, {"50", 3}, {"6101", 3}, {"3702", 3}, {"3701", 3}, {"4419", 4}, {"2102", 2},
	},
	"smart-appliances": {
		{"4406", 12}, {"440606", 10}, {"3702", 8}, {"3302", 6}, {"330282", 8}, {"4404", 5}, {"4420", 5},
		{"3401", 4}, {"330683", 3}, {"4403", 3}, {"3306", 2}, {"3304", 2},
	},
	"health": {
		{"3301", 6}, {"4401", 5}, {"11", 5}, {"31", 5}, {"3416", 4}, {"2205", 3},
		{"4403", 3}, {"3701", 2}, {"5101", 3}, {"53", 2}, {"4301", 2},
	},
}

// clusterShare is the share of a chain's enterprises placed by chainClusters; the
// rest follows economic size.
const clusterShare = 0.5

// provinceGDP is each province-level unit's gross regional product in 2023, in
// 100 million yuan, rounded: National Bureau of Statistics of China (国家统计局),
// 2023 年分省（区、市）地区生产总值 as published in the provinces' 2023 statistical
// communiqués (data.stats.gov.cn). Written here by us; the pool's counties weigh
// by it (placeWeights).
var provinceGDP = map[string]float64{
	"11": 43761, "12": 16737, "13": 43944, "14": 25698, "15": 24627, "21": 30209, "22": 13531, "23": 15884,
	"31": 47219, "32": 128222, "33": 82553, "34": 47051, "35": 54355, "36": 32200, "37": 92069, "41": 59132,
	"42": 55804, "43": 50013, "44": 135673, "45": 27202, "46": 7551, "50": 30146, "51": 60133, "52": 20913,
	"53": 30021, "54": 2393, "61": 33786, "62": 11864, "63": 3799, "64": 5315, "65": 19126,
}

// bigCities are the prefectures whose economy is far above their province's
// others (capitals get 3 unless listed): the factor replaces the default 1.
var bigCities = map[string]float64{
	"4403": 4, "4401": 4, "3205": 4, "3301": 3.5, "3302": 3, "3201": 3, "3202": 2.5, "3204": 2, "3206": 2,
	"3702": 3, "3701": 2.5, "3706": 2, "3502": 1.5, "3505": 2.5, "3501": 2.5, "4406": 2.5, "4419": 2.5,
	"2102": 2.5, "3303": 2, "3306": 1.5, "3304": 1.5, "4201": 4, "5101": 5, "6101": 4, "4301": 3.5, "3401": 3,
	"4101": 3, "2101": 2.5, "2201": 3, "2301": 3, "1302": 1.5, "1306": 1.3, "4502": 1.5, "1502": 1.5,
}

// tagRate is the share of firms with a tag, among chain firms and among the
// rest, and how strongly the tag follows the latent size (loading in [0, 1)).
//
// National references, for firms of all kinds: A-shares ≈ 5,400 of about 50
// million enterprises (0.011 %); 高新技术企业 ≈ 460,000 (≈ 0.9 %); 专精特新 ≈
// 140,000 (≈ 0.28 %); little giants ≈ 14,600 (≈ 0.03 %); foreign-invested ≈ 2 %.
// The pool's overall listed rate, ≈ 0.09 %, is about eight times the national one
// so that a demo pool of a few thousand firms holds a few listed ones; the others
// are at their national order of magnitude (high-tech ≈ 1.5 %, 专精特新 ≈ 0.3 %,
// little giants ≈ 0.03 %, leaders ≈ 0.04 %, SOEs ≈ 0.8 %, top-500 members ≈ 0.02 %).
type tagRate struct {
	tag          chainmatch.Tag
	chain, other float64
	loading      float64
}

var tagRates = []tagRate{
	{chainmatch.TagListed, 0.0032, 0.0003, 0.85},
	{chainmatch.TagLeader, 0.002, 0.00001, 0.8},
	{chainmatch.TagTop500, 0.0004, 0.0001, 0.9},
	{chainmatch.TagSOE, 0.012, 0.007, 0.5},
	{chainmatch.TagHighTech, 0.06, 0.004, 0.5},
	{chainmatch.TagSpecialized, 0.012, 0.0007, 0.6},
	{chainmatch.TagForeignFunded, 0.04, 0.013, 0.3},
	{chainmatch.TagHighGrowth, 0.05, 0.015, 0.2},
}

// littleGiantShare is the share of 专精特新 firms that are also little giants.
const littleGiantShare = 0.1

// hometownRate is the share of talents whose hometown is known.
const hometownRate = 0.3

// talentFirmWords are the 行业词 of the companies industry talents work for.
var talentFirmWords = []string{"科技", "实业", "技术", "智能科技", "电子", "机械", "工业"}

// divisionNames are GB/T 4754-2017 division (大类) names, the industry label of a record.
var divisionNames = map[string]string{
	"01": "农业", "13": "农副食品加工业", "14": "食品制造业", "15": "酒、饮料和精制茶制造业", "17": "纺织业",
	"22": "造纸和纸制品业", "26": "化学原料和化学制品制造业", "27": "医药制造业", "28": "化学纤维制造业",
	"29": "橡胶和塑料制品业", "30": "非金属矿物制品业", "31": "黑色金属冶炼和压延加工业",
	"32": "有色金属冶炼和压延加工业", "33": "金属制品业", "34": "通用设备制造业", "35": "专用设备制造业",
	"36": "汽车制造业", "37": "铁路、船舶、航空航天和其他运输设备制造业", "38": "电气机械和器材制造业",
	"39": "计算机、通信和其他电子设备制造业", "40": "仪器仪表制造业", "41": "其他制造业", "42": "废弃资源综合利用业",
	"43": "金属制品、机械和设备修理业", "44": "电力、热力生产和供应业", "45": "燃气生产和供应业",
	"47": "房屋建筑业", "48": "土木工程建筑业", "49": "建筑安装业", "50": "建筑装饰、装修和其他建筑业",
	"51": "批发业", "52": "零售业", "54": "道路运输业", "59": "装卸搬运和仓储业", "62": "餐饮业",
	"63": "电信、广播电视和卫星传输服务", "64": "互联网和相关服务", "65": "软件和信息技术服务业",
	"70": "房地产业", "71": "租赁业", "72": "商务服务业", "73": "研究和试验发展", "74": "专业技术服务业",
	"75": "科技推广和应用服务业", "84": "卫生", "89": "体育",
}

// brandChars make up 字号 (trade names), with their pinyin for English names.
var brandChars = []pinyinName{
	{"华", "hua"}, {"鑫", "xin"}, {"宏", "hong"}, {"达", "da"}, {"恒", "heng"}, {"瑞", "rui"}, {"泰", "tai"}, {"嘉", "jia"}, {"鼎", "ding"}, {"盛", "sheng"},
	{"博", "bo"}, {"丰", "feng"}, {"源", "yuan"}, {"通", "tong"}, {"海", "hai"}, {"天", "tian"}, {"新", "xin"}, {"安", "an"}, {"德", "de"}, {"信", "xin"},
	{"利", "li"}, {"元", "yuan"}, {"精", "jing"}, {"锐", "rui"}, {"创", "chuang"}, {"科", "ke"}, {"立", "li"}, {"兴", "xing"}, {"宇", "yu"}, {"正", "zheng"},
	{"明", "ming"}, {"光", "guang"}, {"辉", "hui"}, {"金", "jin"}, {"银", "yin"}, {"东", "dong"}, {"方", "fang"}, {"中", "zhong"}, {"联", "lian"}, {"万", "wan"},
	{"祥", "xiang"}, {"和", "he"}, {"顺", "shun"}, {"泽", "ze"}, {"汇", "hui"}, {"晶", "jing"}, {"腾", "teng"}, {"飞", "fei"}, {"翔", "xiang"}, {"凯", "kai"},
	{"隆", "long"}, {"昌", "chang"}, {"伟", "wei"}, {"远", "yuan"}, {"福", "fu"}, {"禄", "lu"}, {"寿", "shou"}, {"永", "yong"}, {"久", "jiu"}, {"美", "mei"},
	{"佳", "jia"}, {"润", "run"}, {"升", "sheng"}, {"荣", "rong"}, {"康", "kang"}, {"健", "jian"}, {"宝", "bao"}, {"力", "li"}, {"益", "yi"}, {"众", "zhong"},
	{"旭", "xu"}, {"帆", "fan"}, {"诚", "cheng"}, {"展", "zhan"}, {"峰", "feng"}, {"欣", "xin"}, {"亿", "yi"}, {"航", "hang"}, {"奥", "ao"}, {"晟", "sheng"},
	{"铭", "ming"}, {"睿", "rui"}, {"舜", "shun"}, {"钧", "jun"}, {"驰", "chi"}, {"蓝", "lan"}, {"弘", "hong"}, {"璟", "jing"},
}

// foreignBrands are invented foreign trade names for foreign-funded firms, with a
// Chinese transliteration.
var foreignBrands = [][2]string{
	{"Kelton", "凯尔顿"}, {"Vantec", "万泰克"}, {"Hoshino", "星野"}, {"Meyer", "迈耶"}, {"Brightway", "百瑞威"},
	{"Nordtek", "诺德泰克"}, {"Sanwa", "三和"}, {"Everon", "艾佛隆"}, {"Lumina", "卢米纳"}, {"Tecnova", "泰诺瓦"},
	{"Marlow", "马洛"}, {"Kobayashi", "小林"}, {"Aldrin", "奥德林"}, {"Selvan", "塞尔凡"}, {"Daewon", "大元"},
	{"Rheinwerk", "莱茵沃克"}, {"Polaris", "北辰星"}, {"Crestline", "克雷斯特"}, {"Fujimoto", "藤本"}, {"Halvorsen", "哈尔沃森"},
	{"Ostrava", "奥斯特拉"}, {"Bellmont", "贝尔蒙"}, {"Takemura", "竹村"}, {"Veridian", "维瑞迪安"}, {"Somerton", "萨默顿"},
	{"Arkwell", "阿克维尔"}, {"Lindqvist", "林德奎斯特"}, {"Hanseong", "汉城"}, {"Moravec", "莫拉维克"}, {"Cardell", "卡德尔"},
	{"Nishida", "西田"}, {"Eastbrook", "伊斯特布鲁克"}, {"Wexford", "韦克斯福德"}, {"Auerbach", "奥尔巴赫"}, {"Pemberly", "彭伯利"},
	{"Sorensen", "索伦森"}, {"Kinsale", "金赛尔"}, {"Matsuoka", "松冈"}, {"Tyrell", "泰瑞尔"}, {"Valdora", "瓦尔多拉"},
}

// cityPinyin names the cities foreign-funded firms most often put in brackets.
var cityPinyin = map[string][2]string{
	"3101": {"上海", "Shanghai"}, "3205": {"苏州", "Suzhou"}, "3202": {"无锡", "Wuxi"}, "4403": {"深圳", "Shenzhen"},
	"4401": {"广州", "Guangzhou"}, "1101": {"北京", "Beijing"}, "1201": {"天津", "Tianjin"}, "3302": {"宁波", "Ningbo"},
	"3301": {"杭州", "Hangzhou"}, "3201": {"南京", "Nanjing"}, "3702": {"青岛", "Qingdao"}, "4419": {"东莞", "Dongguan"},
	"3401": {"合肥", "Hefei"}, "2102": {"大连", "Dalian"}, "4201": {"武汉", "Wuhan"}, "5101": {"成都", "Chengdu"},
	"3204": {"常州", "Changzhou"}, "4406": {"佛山", "Foshan"}, "5001": {"重庆", "Chongqing"}, "3502": {"厦门", "Xiamen"},
}

// roadParts make up street addresses.
var roadParts = []string{"工业", "科技", "创业", "人民", "解放", "建设", "长江", "黄河", "文化", "新华", "中山", "胜利",
	"高新", "金山", "湖滨", "振兴", "望江", "滨江", "兴业", "环城", "迎宾", "东方"}

// zones are the parks an address often names before the road.
var zones = []string{"经济开发区", "高新技术产业开发区", "工业园区", "经济技术开发区", "科技园"}

var roadSuffix = []string{"路", "大道", "街", "西路", "东路", "北路", "南路"}

// Signals and risks.
var (
	financingRounds = []string{"天使轮", "Pre-A轮", "A轮", "A+轮", "B轮", "C轮", "战略融资", "Pre-IPO轮"}
	hiringRoles     = []string{"研发工程师", "工艺工程师", "销售经理", "技术工人", "质量工程师", "设备工程师", "生产操作工"}
	litigationCases = []string{"买卖合同纠纷（被告）", "劳动争议（被告）", "专利权侵权纠纷", "建设工程施工合同纠纷", "借款合同纠纷（被告）", "承揽合同纠纷"}
	abnormalCauses  = []string{"未依照规定的期限公示年度报告", "通过登记的住所或者经营场所无法联系"}
	expansionUnits  = []string{"万件", "万台", "万套", "吨", "万只"}
)

// Talents.
type pinyinName struct{ han, pinyin string }

var surnames = []pinyinName{
	{"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"刘", "Liu"}, {"陈", "Chen"}, {"杨", "Yang"}, {"黄", "Huang"},
	{"赵", "Zhao"}, {"吴", "Wu"}, {"周", "Zhou"}, {"徐", "Xu"}, {"孙", "Sun"}, {"马", "Ma"}, {"朱", "Zhu"},
	{"胡", "Hu"}, {"郭", "Guo"}, {"何", "He"}, {"林", "Lin"}, {"罗", "Luo"}, {"高", "Gao"}, {"郑", "Zheng"},
	{"梁", "Liang"}, {"谢", "Xie"}, {"宋", "Song"}, {"唐", "Tang"}, {"许", "Xu"}, {"韩", "Han"}, {"冯", "Feng"},
	{"邓", "Deng"}, {"曹", "Cao"}, {"彭", "Peng"}, {"曾", "Zeng"}, {"肖", "Xiao"}, {"田", "Tian"}, {"董", "Dong"},
	{"潘", "Pan"}, {"袁", "Yuan"}, {"蔡", "Cai"}, {"蒋", "Jiang"}, {"余", "Yu"}, {"叶", "Ye"}, {"程", "Cheng"},
	{"魏", "Wei"}, {"苏", "Su"}, {"吕", "Lyu"}, {"丁", "Ding"}, {"沈", "Shen"}, {"任", "Ren"}, {"应", "Ying"}, {"楼", "Lou"},
}

// honourWeight makes the i-th of honoursCN rarer than the one before.
func honourWeight(i int) float64 { return 1 / float64(i+1) / float64(i+1) }

// surnameWeight follows the surnames' frequency roughly: the first few are far commoner.
func surnameWeight(i int) float64 { return 1 / float64(i+4) }

var givenChars = []pinyinName{
	{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"}, {"强", "qiang"},
	{"磊", "lei"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"涛", "tao"},
	{"明", "ming"}, {"超", "chao"}, {"霞", "xia"}, {"平", "ping"}, {"刚", "gang"}, {"华", "hua"}, {"文", "wen"},
	{"辉", "hui"}, {"建", "jian"}, {"志", "zhi"}, {"海", "hai"}, {"晓", "xiao"}, {"宇", "yu"}, {"鹏", "peng"},
	{"峰", "feng"}, {"博", "bo"}, {"浩", "hao"}, {"凯", "kai"}, {"思", "si"}, {"雪", "xue"}, {"婷", "ting"},
	{"慧", "hui"}, {"晨", "chen"}, {"琳", "lin"}, {"颖", "ying"}, {"欣", "xin"}, {"泽", "ze"}, {"嘉", "jia"},
	{"一", "yi"}, {"子", "zi"}, {"国", "guo"}, {"春", "chun"}, {"立", "li"}, {"亮", "liang"}, {"振", "zhen"}, {"林", "lin"},
}

var foreignNames = []string{"Michael Becker", "Kenji Sato", "Anna Schmidt", "David Miller", "Hiroshi Tanaka",
	"Sarah Johnson", "Thomas Weber", "Priya Raman", "James Wilson", "Yuki Nakamura", "Lukas Fischer", "Emily Clarke"}

// institution is where a talent works; county is its GB/T 2260 county, chains the
// chains it is strong in (nil: any).
type institution struct {
	name   string
	county string
	chains []string
}

var institutions = []institution{
	{"清华大学", "110108", nil}, {"北京大学", "110108", []string{"biomedicine", "new-materials", "semiconductor"}},
	{"北京航空航天大学", "110108", []string{"equipment", "intelligent-transport", "new-materials"}},
	{"北京理工大学", "110108", []string{"intelligent-transport", "auto-parts", "new-energy"}},
	{"中国科学院半导体研究所", "110108", []string{"semiconductor"}},
	{"中国科学院化学研究所", "110108", []string{"new-materials", "new-energy"}},
	{"复旦大学", "310110", []string{"semiconductor", "biomedicine"}},
	{"上海交通大学", "310112", nil}, {"同济大学", "310110", []string{"auto-parts", "intelligent-transport", "equipment"}},
	{"华东理工大学", "310104", []string{"new-materials", "biomedicine"}},
	{"中国科学院上海微系统与信息技术研究所", "310104", []string{"semiconductor"}},
	{"中国科学院上海药物研究所", "310115", []string{"biomedicine", "health"}},
	{"浙江大学", "330106", nil}, {"浙江工业大学", "330105", []string{"equipment", "biomedicine", "smart-appliances"}},
	{"中国科学院宁波材料技术与工程研究所", "330211", []string{"new-materials", "new-energy"}},
	{"南京大学", "320113", []string{"semiconductor", "new-materials"}},
	{"东南大学", "320115", []string{"semiconductor", "intelligent-transport", "equipment"}},
	{"中国药科大学", "320115", []string{"biomedicine", "health"}},
	{"江南大学", "320211", []string{"health", "biomedicine", "smart-appliances"}},
	{"苏州大学", "320508", []string{"new-energy", "biomedicine", "new-materials"}},
	{"中国科学技术大学", "340104", []string{"semiconductor", "new-energy", "new-materials"}},
	{"合肥工业大学", "340111", []string{"auto-parts", "equipment", "smart-appliances"}},
	{"华中科技大学", "420111", []string{"semiconductor", "equipment", "new-energy"}},
	{"武汉大学", "420106", nil}, {"武汉理工大学", "420111", []string{"auto-parts", "new-materials", "short-distance-transport"}},
	{"西安交通大学", "610103", []string{"equipment", "new-energy", "semiconductor"}},
	{"西北工业大学", "610113", []string{"new-materials", "equipment"}},
	{"电子科技大学", "510117", []string{"semiconductor", "intelligent-transport"}},
	{"四川大学", "510107", []string{"biomedicine", "new-materials", "health"}},
	{"华南理工大学", "440106", []string{"smart-appliances", "new-materials", "auto-parts"}},
	{"中山大学", "440105", []string{"biomedicine", "health"}},
	{"南方科技大学", "440305", []string{"semiconductor", "new-energy", "short-distance-transport"}},
	{"厦门大学", "350203", []string{"new-energy", "semiconductor", "biomedicine"}},
	{"吉林大学", "220102", []string{"auto-parts", "equipment"}},
	{"哈尔滨工业大学", "230103", []string{"equipment", "new-materials", "intelligent-transport"}},
	{"大连理工大学", "210211", []string{"equipment", "new-materials"}},
	{"天津大学", "120104", []string{"short-distance-transport", "new-energy", "biomedicine"}},
	{"山东大学", "370102", nil}, {"湖南大学", "430104", []string{"auto-parts", "equipment"}},
	{"中南大学", "430104", []string{"new-materials", "new-energy"}},
	{"重庆大学", "500106", []string{"auto-parts", "intelligent-transport", "short-distance-transport"}},
	{"丽水学院", "331102", []string{"health", "biomedicine"}},
}

// countryWeight is how often an overseas talent works in each country.
var countryWeight = map[string]float64{"US": 5, "GB": 1.5, "DE": 1.3, "JP": 1.3, "SG": 1.1, "KR": 0.6,
	"NL": 0.5, "CH": 0.5, "CA": 0.8, "AU": 0.8, "BE": 0.3}

// abroadInstitution is an overseas employer with its ISO 3166 country.
type abroadInstitution struct{ name, country string }

var abroadInstitutions = []abroadInstitution{
	{"Massachusetts Institute of Technology", "US"}, {"Stanford University", "US"}, {"University of California, Berkeley", "US"},
	{"Georgia Institute of Technology", "US"}, {"Purdue University", "US"}, {"Technische Universität München", "DE"},
	{"RWTH Aachen University", "DE"}, {"Fraunhofer-Gesellschaft", "DE"}, {"The University of Tokyo", "JP"},
	{"Kyoto University", "JP"}, {"Tohoku University", "JP"}, {"National University of Singapore", "SG"},
	{"Nanyang Technological University", "SG"}, {"Imperial College London", "GB"}, {"University of Cambridge", "GB"},
	{"KAIST", "KR"}, {"Delft University of Technology", "NL"}, {"ETH Zürich", "CH"}, {"University of Toronto", "CA"},
	{"Monash University", "AU"}, {"imec", "BE"},
}

var (
	degreesCN  = []string{"博士", "博士", "博士", "硕士", "硕士", "学士"}
	degreesEN  = []string{"PhD", "PhD", "PhD", "MSc", "MEng", "BSc"}
	titlesAcad = []string{"教授", "研究员", "副教授", "副研究员", "博士生导师", "讲师"}
	titlesInd  = []string{"高级工程师", "正高级工程师", "首席科学家", "技术总监", "总工程师", "研发总监", "工程师"}
	titlesEN   = []string{"Professor", "Associate Professor", "Senior Engineer", "Principal Scientist", "Research Fellow", "Director of R&D"}
	// honoursCN run from common to rare; honourWeight makes the rare ones rare.
	honoursCN = []string{"市级高层次人才", "省有突出贡献中青年专家", "省级领军型创新创业团队带头人",
		"省级海外高层次人才引进计划入选者", "省“万人计划”科技创新领军人才", "国家级技能大师工作室领办人",
		"享受国务院政府特殊津贴专家", "国家级青年人才计划入选者", "国家优秀青年科学基金获得者", "国家杰出青年科学基金获得者"}
	honoursEN = []string{"IEEE Fellow", "Fellow of the Royal Society of Chemistry", "ERC Starting Grant", "NSF CAREER Award"}
)
