package synth

import (
	"fmt"
	"strings"
)

// The vocabulary of the synthetic pool's business text. It is written here, on
// purpose independently of the chain files (datasets/chains/*.json): 经营范围 items
// follow the wording of the market regulator's standard catalogue of business
// items (经营范围规范表述), product words are the nouns firms and catalogues use,
// with their trade jargon, and industry labels are the coarse labels of stock-list
// and registry exports. Some of these words happen to be chain keywords, as in real
// registrations; most are not, so whether a record is placed at a chain says how
// well the tagger reads real text, not whether the generator copied its keywords.

// productLine is one line of business: the text a firm in it registers, and the
// chain it belongs to in reality ("" for none: the chain is test metadata and
// decides where the firm clusters; it is never written into the record).
type productLine struct {
	chain      string
	label      string   // coarse industry label of exports (stock lists, registry summaries)
	en         string   // industry word of an English company name
	codes      []string // GB/T 4754-2017 classes
	words      []string // 行业词 of the name: generic, never a product
	items      []string // 经营范围 items in the catalogue's wording
	licensed   []string // 许可项目
	products   []string // product nouns as firms write them
	productsEN []string
}

// productLines is one line per product line:
//
//	chain | label | English word | GB/T classes | name words | scope items | licensed items | products | English products
//
// with ';' between the elements of a field. Lines whose chain is "-" belong to no
// chain: most of any real registry.
const productLines = `
short-distance-transport | 摩托车 | Vehicle | 3770;3761 | 车业;科技;实业;工贸;车辆 | 助动自行车、代步车及零配件销售;自行车制造;助动车制造;自行车及零配件批发;摩托车及零配件零售;金属制品研发 | | 新国标两轮车;电驴;锂电助力车;踏板车;城市通勤车;外卖车 | two-wheelers;moped
short-distance-transport | 摩托车 | Motor | 3812;3824 | 机电;电子;科技;电气 | 微特电机及组件制造;电机制造;电子元器件制造;电力电子元器件销售;电子产品销售 | | 无刷直流马达;电摩马达;控制器总成;仪表总成;DC-DC转换器;转把 | BLDC motor;motor controller
short-distance-transport | 电气设备 | Power | 3841;3849 | 能源科技;电源;科技;动力 | 电池制造;电池销售;电池零配件生产;充电控制设备租赁 | | 48V锂电;60V20Ah电瓶;铅酸电瓶;磷酸铁锂电池包;替换电瓶 | battery pack
short-distance-transport | 汽车配件 | Parts | 3761;3752;2911 | 五金;车料;实业;橡胶;工贸 | 自行车制造;摩托车零配件制造;橡胶制品制造;轮胎制造;金属结构制造;五金产品制造 | | 车架焊接件;前叉;真空外胎;刹车总成;后减震;车筐;挡泥板 | bike frames;tires
short-distance-transport | 摩托车 | Motorsports | 3780;3751 | 动力;机车;体育;实业 | 摩托车及零部件研发;非公路休闲车及零配件制造;非公路休闲车及零配件销售;游艺用品及室内游艺器材制造;摩托车零配件制造 | 道路机动车辆生产 | 越野车;沙滩摩托;儿童越野车;150cc踏板车;赛车 | off-road vehicles;go-karts;dirt bikes
short-distance-transport | 文教休闲 | Sports | 3799;2456 | 体育;科技;玩具 | 体育用品及器材制造;玩具制造;电子产品销售;可穿戴智能设备销售 | | 电动滑板;两轮自平衡车;漂移车;儿童滑行车 | kick scooter;hoverboard
short-distance-transport | 公共交通 | Mobility | 5414;5267 | 科技;网络科技;出行;信息技术 | 机动车充电销售;集中式快速充电站;充电控制设备租赁;电动自行车维修;共享自行车服务;物联网技术服务 | 互联网信息服务 | 换电柜;智能充电桩;电单车运营;停车棚充电 | battery swapping
intelligent-transport | 电器仪表 | Traffic Technology | 3596;6531 | 科技;信息技术;电子;智能科技 | 交通安全、管制专用设备制造;智能控制系统集成;信息系统集成服务;安防设备制造;交通设施维修 | 建设工程施工 | 信号机;违停抓拍系统;诱导屏;情报板;路口雷视一体机 | traffic signal controller;enforcement cameras
intelligent-transport | 汽车配件 | Intelligent Technology | 3962;6513 | 智能科技;科技;信息科技;软件 | 人工智能应用软件开发;智能车载设备制造;智能车载设备销售;汽车零部件研发;软件开发 | | 辅助泊车方案;智能座舱;行车记录仪;DMS疲劳监测;全景影像 | parking assist;cockpit domain
intelligent-transport | 元器件 | Photonics | 3940;3976;4014 | 光电;科技;电子 | 雷达及配套设备制造;光电子器件制造;电子测量仪器制造;智能仪器仪表制造 | | 多线激光测距;车载摄像模组;77GHz雷达模组;补盲雷达 | lidar;radar module
intelligent-transport | 通信设备 | Navigation | 4023;6571 | 测绘;科技;信息;导航 | 卫星导航服务;卫星技术综合应用系统集成;导航终端制造;地理遥感信息服务;导航终端销售 | 测绘服务 | 北斗终端;GNSS接收机;测量仪;车载导航仪;定位手持机 | GNSS receiver;positioning
intelligent-transport | 软件服务 | Parking Technology | 3437;6531 | 科技;智能科技;停车管理 | 停车场服务;机械停车设备销售;安防设备销售;物联网技术服务;物业管理 | 特种设备安装改造修理 | 车牌识别一体机;道闸;停车位;地磁检测器;无感支付 | parking management
intelligent-transport | 通信设备 | Communications | 3921;6532 | 通信;电子;科技 | 通信设备制造;移动终端设备制造;计算机系统服务;交通及公共管理用金属标牌制造 | 第一类增值电信业务 | 车载终端;收费车道系统;天线;路侧通信设备 | roadside unit;on-board unit
intelligent-transport | 建筑工程 | Engineering | 3394;4812 | 工程;交通设施;实业;建设 | 公路管理与养护;金属结构制造;园林绿化工程施工;交通设施维修;建筑材料销售 | 公路管理与养护;建设工程施工 | 标志牌;波形护栏;反光标线;道钉;隔离栏 | road safety facilities
intelligent-transport | 软件服务 | Digital Technology | 6450;6531;5411 | 数字科技;信息技术;网络科技;科技 | 数据处理和存储支持服务;网络与信息安全软件开发;城市公共交通;软件开发;大数据服务 | 网络预约出租汽车经营服务 | 公交调度系统;出行APP;数据平台;定制巴士 | ride-hailing platform;transit scheduling
semiconductor | 半导体 | Microelectronics | 6520;3973 | 微电子;电子;科技;信息科技 | 集成电路设计;集成电路芯片设计及服务;集成电路芯片及产品销售;电子元器件批发;软件开发 | | 电源管理IC;触控IC;蓝牙SoC;驱动IC;射频前端模组;32位单片机 | PMIC;Bluetooth SoC;mixed-signal
semiconductor | 半导体 | Microelectronics | 3973 | 微电子;电子;实业 | 集成电路制造;集成电路芯片及产品制造;半导体器件专用设备销售;电子专用材料销售 | | 8英寸代工;BCD工艺;特色工艺线;MPW | 8-inch foundry
semiconductor | 元器件 | Electronics | 3973;3979 | 电子;科技;微电子 | 集成电路芯片及产品制造;电子元器件制造;电子专用材料销售;电子元器件与机电组件设备制造 | | QFN;SOP;BGA;Bumping;老化测试 | QFN;wire bonding
semiconductor | 元器件 | Power Electronics | 3972;3824 | 电子;微电子;科技 | 半导体分立器件制造;半导体分立器件销售;电力电子元器件制造;电子元器件零售 | | IGBT模块;SiC MOSFET;肖特基管;快恢复管;可控硅 | power modules;diodes
semiconductor | 化工原料 | Electronic Materials | 3985;2661 | 电子材料;科技;化学 | 电子专用材料制造;电子专用材料研发;专用化学产品制造（不含危险化学品）;有色金属合金制造 | 危险化学品生产 | 高纯氨;正性胶;铜靶;抛光垫;八英寸单晶片 | sputtering targets;slurry
semiconductor | 专用机械 | Equipment | 3562 | 装备;科技;精密机械 | 半导体器件专用设备制造;电子专用设备制造;机械设备研发;真空镀膜加工 | | PECVD;湿法清洗机;探针台;划片机;真空炉 | wet bench;prober
semiconductor | 元器件 | Optoelectronics | 3975;3976 | 光电;照明;科技 | 光电子器件制造;照明器具制造;半导体照明器件制造;光通信设备制造 | | 灯珠;COB光源;激光管;光模块;红外接收头 | LED packages;optical transceivers
semiconductor | 元器件 | Display | 3974 | 光电;显示科技;电子 | 显示器件制造;显示器件销售;电子元器件制造 | | LCD模组;TFT屏;OLED屏;触控屏;段码屏 | LCD modules
semiconductor | 批发业 | Electronics | 5179;7452 | 电子;科技;商贸 | 电子元器件批发;集成电路销售;电子产品销售;检验检测服务 | 检验检测服务 | 原装现货;电子料;IC代理;BOM配单 | components distribution
new-energy | 电气设备 | Solar | 3825 | 光能;能源科技;科技;光电 | 光伏设备及元器件制造;光伏设备及元器件销售;太阳能发电技术服务;电子专用材料制造 | | 单晶组件;双面双玻;N型电池片;182尺寸;半片组件 | solar modules;cells
new-energy | 新型电力 | Power | 4416;4415 | 能源;电力;科技;能源发展 | 太阳能发电技术服务;合同能源管理;节能管理服务;风力发电技术服务;储能技术服务 | 发电业务、输电业务、供（配）电业务 | 屋顶电站;农光互补;渔光互补;售电 | rooftop solar;power sales
new-energy | 电气设备 | Energy | 3841;3842 | 能源;动力;科技;能源科技 | 电池制造;电池销售;蓄电池租赁;新能源原动设备制造 | | 方形铝壳电芯;软包电芯;大圆柱;PACK | prismatic cells;battery modules
new-energy | 化工原料 | Materials | 2613;3091;3985 | 材料;科技;化学 | 电池零配件生产;石墨及碳素制品制造;基础化学原料制造（不含危险化学品等许可类化学品的制造）;化工产品销售（不含许可类化工产品）;电子专用材料制造 | 危险化学品生产 | LFP正极;人造石墨;湿法隔膜;添加剂;铁锂 | cathode;anode;separator
new-energy | 电气设备 | Energy Storage | 3829;3849 | 能源科技;电气;科技 | 储能技术服务;输配电及控制设备制造;电力电子元器件制造;新兴能源技术研发 | | 储能柜;PCS;户储一体机;集装箱;BMS | ESS;power conversion system
new-energy | 电气设备 | Power Electronics | 3821;3825 | 电气;电源;科技 | 电力电子元器件制造;变压器、整流器和电感器制造;光伏设备及元器件制造 | | 组串式;微逆;光储一体机;汇流箱 | string inverter;microinverter
new-energy | 电气设备 | Wind Power | 3415 | 重工;装备;动力 | 风力发电机组及零部件销售;风电场相关系统研发;发电机及发电机组制造;海上风电相关装备销售 | | 叶片;塔筒;法兰;偏航轴承;机舱罩 | blades;towers
new-energy | 化工原料 | Hydrogen | 2619;3332 | 能源;气体;科技 | 新兴能源技术研发;气体、液体分离及纯净设备制造;站用加氢及储氢设施销售;气体压缩机械制造 | 移动式压力容器/气瓶充装 | 碱性电解槽;PEM电堆;IV型瓶;加注机 | electrolysers;hydrogen cylinders
new-energy | 电气设备 | Charging | 5267;3829 | 电气;科技;能源;能源科技 | 机动车充电销售;充电桩销售;电动汽车充电基础设施运营;集中式快速充电站 | | 直流快充桩;交流桩;充电模块;超充站 | DC fast chargers
new-energy | 环境保护 | Recycling | 4210 | 再生资源;环保科技;资源 | 再生资源回收（除生产性废旧金属）;再生资源加工;资源再生利用技术研发;新能源汽车废旧动力蓄电池回收及梯次利用（不含危险废物经营） | 危险废物经营 | 拆解;黑粉;退役电池;镍钴回收 | black mass
new-materials | 塑料 | Polymer | 2651;2659;2929 | 塑业;塑胶;化工;科技 | 工程塑料及合成树脂制造;塑料制品制造;合成材料制造（不含危险化学品）;塑料制品销售 | | 改性PP;PA66;阻燃ABS;PBT粒子;色母 | compounds;masterbatch
new-materials | 化纤 | Composites | 3061;3062;2653 | 复材;科技;纤维 | 高性能纤维及复合材料制造;玻璃纤维及制品制造;玻璃纤维增强塑料制品制造;石墨及碳素制品制造 | | 碳布;SMC模压件;玻纤布;拉挤型材;T700 | CFRP parts;glass fiber
new-materials | 小金属 | Metals | 3240;3254;3140 | 金属;合金;实业;科技 | 有色金属合金制造;有色金属压延加工;钢压延加工;有色金属合金销售 | | 钛棒;镍基丝材;铝型材;铜带;不锈钢带 | titanium bars;copper strip
new-materials | 小金属 | Magnetics | 3985;3232 | 磁业;科技;电子 | 磁性材料生产;磁性材料销售;稀土功能材料销售;电子元器件制造 | | 磁钢;磁环;磁瓦;磁组件 | NdFeB magnets;ferrite cores
new-materials | 陶瓷 | Ceramics | 3073;3074 | 陶瓷;科技;材料 | 特种陶瓷制品制造;特种陶瓷制品销售;日用陶瓷制品制造;耐火材料生产 | | 陶瓷片;氮化铝基板;陶瓷球;氧化锆刀片;坩埚 | alumina parts;ceramic substrates
new-materials | 小金属 | Powder Metallurgy | 3393;3240 | 精密;科技;合金 | 锻件及粉末冶金制品制造;有色金属合金制造;金属材料制造;增材制造 | | 雾化铁粉;MIM零件;钛粉;含油轴承 | MIM parts;atomized powder
new-materials | 化工原料 | Coatings | 2641;2921;3042 | 化工;涂料;科技;材料 | 涂料制造（不含危险化学品）;新型膜材料制造;功能玻璃和新型光学材料销售;合成材料销售 | 危险化学品经营 | 保护膜;重防腐漆;导热垫片;离型膜;扩散膜 | protective film;coatings
new-materials | 矿物制品 | Minerals | 3099;3091;1019 | 矿业;材料;实业 | 非金属矿物制品制造;非金属矿及制品销售;石墨及碳素制品销售;选矿 | 非煤矿山矿产资源开采 | 石英砂;高岭土;膨润土;硅微粉;鳞片石墨 | quartz sand;kaolin
new-materials | 化工原料 | Nanotech | 2669;3091 | 纳米科技;科技;材料 | 石墨烯材料销售;新材料技术研发;专用化学产品销售（不含危险化学品）;电子专用材料研发 | | 导电浆料;气凝胶毡;碳管粉体;二维材料 | conductive paste;aerogel
new-materials | 专业服务 | Testing | 7452 | 检测;检测技术;技术服务 | 检验检测服务;标准化服务;计量技术服务;技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广 | 检验检测服务 | 金相分析;成分分析;力学性能测试;盐雾试验 | failure analysis;testing
biomedicine | 医疗保健 | Pharmaceutical | 7340 | 生物科技;医药科技;科技 | 医学研究和试验发展;生物化工产品技术研发;技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广 | 药品委托生产 | 临床前研究;药代动力学评价;CMC服务;注册申报 | preclinical services;clinical research
biomedicine | 化学制药 | Chemical | 2710;2614 | 化学;化工;药业;科技 | 化工产品生产（不含许可类化工产品）;专用化学产品制造（不含危险化学品）;化工产品销售（不含许可类化工产品） | 药品生产;危险化学品生产 | 头孢侧链;沙坦联苯;维生素C;氨基酸;缩合物 | intermediates;fine chemicals
biomedicine | 化学制药 | Pharmaceutical | 2720 | 药业;制药;医药;生物 | 医学研究和试验发展;药品进出口 | 药品生产;药品批发;药品进出口 | 阿莫西林胶囊;二甲双胍缓释片;头孢曲松钠;布洛芬混悬液 | generic drugs;tablets
biomedicine | 生物制药 | Biotech | 2761;2762 | 生物科技;生物;医药科技 | 细胞技术研发和应用;生物化工产品技术研发;人体干细胞技术开发和应用;医学研究和试验发展 | 药品生产 | 单克隆抗体;重组胰岛素;CAR-T;狂犬疫苗;蛋白药物 | antibodies;vaccines
biomedicine | 中成药 | Herbal | 0171;2730 | 农业科技;生态;药业;农业开发 | 中草药种植;中草药收购;地产中草药(不含中药饮片）购销;初级农产品收购;农副产品销售 | 药品生产 | 黄芪;铁皮枫斗;三七粉;菊花;白术 | herbs
biomedicine | 农业综合 | Mushroom | 0142;1491 | 农业;食品;生物科技 | 食用菌种植;食用农产品初加工;农副产品销售;食品销售（仅销售预包装食品） | 食用菌菌种生产;食品生产 | 香菇;黑木耳;灵芝切片;猴头菇;菌菇干货 | mushrooms
biomedicine | 医疗保健 | Packaging | 2780;2927 | 包装;塑胶;玻璃制品 | 包装材料及制品销售;塑料包装箱及容器制造;玻璃仪器制造;日用玻璃制品制造 | 药品包装材料和容器生产 | 管制瓶;铝塑泡罩;明胶胶囊;输液袋;丁基胶塞 | vials;blister packs
biomedicine | 医疗保健 | Diagnostics | 2761;2665;3581 | 生物科技;生物;医疗科技 | 第一类医疗器械生产;第二类医疗器械销售;实验分析仪器制造;生物基材料技术研发 | 第二类医疗器械生产;第三类医疗器械生产 | 化学发光;核酸试剂;POCT;抗原检测卡 | reagents;point-of-care
biomedicine | 医药商业 | Pharmacy | 5151;5251 | 医药;药房;药业 | 第二类医疗器械销售;保健食品（预包装）销售;消毒剂销售（不含危险化学品）;日用百货销售 | 药品零售;药品批发 | 处方药;OTC;参茸滋补;医药冷链配送 | drugstore
health | 医疗保健 | Medical | 2770;3584 | 医疗用品;卫材;科技;实业 | 第一类医疗器械生产;卫生用品和一次性使用医疗用品生产;医用口罩生产;第一类医疗器械销售 | 第二类医疗器械生产 | 输液器;纱布块;棉签;导尿管;医用胶带 | medical disposables
health | 医疗保健 | Medical | 3581;3589 | 医疗科技;科技;电子 | 第一类医疗器械销售;第二类医疗器械销售;医疗设备租赁;电子测量仪器制造 | 第二类医疗器械生产;第三类医疗器械经营 | 电子血压表;指夹血氧仪;B超机;牙椅;颈椎牵引器 | oximeters;ultrasound
health | 医疗保健 | Rehabilitation | 3586;3762 | 康复;实业;科技 | 康复辅具适配服务;残疾人座车制造;日用杂品制造;第一类医疗器械生产 | | 手动轮椅;拐杖;助浴椅;坐便椅;老人代步车 | wheelchairs;walkers
health | 食品 | Health | 1491;1492 | 生物科技;食品;健康科技 | 保健食品（预包装）销售;食品销售（仅销售预包装食品）;食品进出口;食品添加剂销售 | 食品生产;保健食品生产 | 蛋白粉;酵素;鱼油软胶囊;代餐粉;压片糖果 | supplements
health | 文教休闲 | Fitness | 2443;2442 | 体育;健身;体育发展 | 体育用品及器材制造;体育用品及器材批发;健身休闲活动;体育健康服务 | | 哑铃;瑜伽垫;划船机;综合训练器;拉力器 | fitness equipment
health | 医疗保健 | Healthcare | 8411;8491 | 医疗管理;科技;健康科技 | 健康咨询服务（不含诊疗服务）;远程健康管理服务;医院管理;第一类医疗器械销售 | 医疗服务 | 体检套餐;健康管理会员;专科门诊;口腔门诊 | health checkups
health | 社会服务 | Elderly Care | 8514;8512 | 护理;社会服务;康乐 | 养老服务;居家养老服务;护理机构服务（不含医疗服务）;家政服务;养老服务（非营利性） | 养老机构服务 | 日间照料;上门护理;助餐;认知症照护 | elderly care
health | 社会服务 | Wellness | 8053 | 文化;休闲;服务 | 养生保健服务（非医疗）;足浴服务;中医养生保健服务（非医疗）;洗浴服务 | | 足疗;经络调理;泡脚;汤浴 | spa
health | 电器仪表 | Wearable | 3961;6432 | 智能科技;科技;电子 | 可穿戴智能设备制造;可穿戴智能设备销售;互联网数据服务;移动终端设备销售 | | 智能手表;运动手环;心电贴;睡眠仪 | smartwatch
auto-parts | 汽车配件 | Castings | 3391;3392 | 精工;机械;金属;实业 | 黑色金属铸造;有色金属铸造;汽车零部件及配件制造;机械零件、零部件加工 | | 铝压铸壳体;支架;转向节;差速器壳 | die castings
auto-parts | 汽车配件 | Metal Products | 3660;3670 | 金属制品;五金;机械;实业 | 汽车零部件及配件制造;金属制品研发;五金产品制造;金属表面处理及热处理加工 | | 座椅骨架;加强板;拉延件;焊接总成 | stamped parts
auto-parts | 汽车配件 | Rubber and Plastics | 2913;2929 | 橡塑;塑胶;橡胶;实业 | 橡胶制品制造;塑料制品制造;汽车零部件及配件制造;汽车装饰用品制造 | | 胶管;注塑件;脚垫;门框胶条;衬套 | rubber hoses;injection parts
auto-parts | 汽车配件 | Automotive Electronics | 3670;3962 | 电子;科技;电器 | 汽车零部件研发;电线、电缆经营;电子元器件制造;汽车零部件及配件制造 | | 线束总成;LED前大灯;倒车雷达;胎压监测;雨量感应 | wiring harness;headlamps
auto-parts | 汽车配件 | Thermal | 3670;3464 | 制冷;热能科技;机械 | 制冷、空调设备制造;汽车零部件及配件制造;气体压缩机械制造 | | 暖风水箱;空调管;电动涡旋;板式换热;水泵总成 | HVAC parts;compressors
auto-parts | 汽车配件 | Automotive | 3670;3451 | 机械;实业;汽车技术 | 汽车零部件及配件制造;轴承制造;汽车零部件研发 | | 刹车盘;球头;摆臂;轮毂轴承单元;拉杆 | brake discs;control arms
auto-parts | 汽车配件 | Powertrain | 3670;3453 | 动力;机械;传动 | 汽车零部件及配件制造;机械零件、零部件加工;齿轮及齿轮减、变速箱制造 | | 缸套;同步器齿环;电驱壳体;连杆;油泵 | gears;housings
auto-parts | 汽车整车 | Motor | 3611;3612;3630 | 汽车;车辆;实业 | 汽车新车销售;新能源汽车整车销售;汽车销售 | 道路机动车辆生产 | 纯电微型车;轻卡;冷藏车;房车 | light trucks;EVs
auto-parts | 汽车服务 | Automotive Services | 5172;8111 | 商贸;车饰;实业 | 汽车零配件批发;汽车零配件零售;机动车修理和维护;汽车装饰用品销售;洗车服务 | 机动车检验检测服务 | 汽保工具;机油;轮胎;汽车美容;钣喷 | auto repair
equipment | 机械基件 | Transmission | 3451;3453 | 机械;传动;精工;实业 | 轴承制造;轴承销售;齿轮及齿轮减、变速箱制造;机械零件、零部件加工 | | 深沟球;行星减速机;同步带轮;蜗轮蜗杆 | ball bearings;gearboxes
equipment | 机械基件 | Fluid Control | 3441;3443;3444 | 泵业;流体;机械;流体控制 | 液压动力机械及元件制造;泵及真空设备制造;阀门和旋塞研发;阀门和旋塞销售;气压动力机械及元件制造 | 特种设备制造 | 球阀;闸阀;齿轮泵;多级离心;油缸 | valves;pumps
equipment | 电气设备 | Motor | 3811;3812 | 机电;电气;动力 | 电机制造;电动机制造;微特电机及组件制造;电机及其控制系统研发 | | 三相异步;伺服马达;减速电机;防爆电机 | induction motors;gear motors
equipment | 机械基件 | Precision | 3482;3525;3484 | 精密机械;五金;实业;精工 | 金属切削加工服务;模具制造;紧固件制造;弹簧制造;五金产品制造 | | CNC精加工件;注塑模;不锈钢螺丝;压簧;冲压模 | CNC parts;molds;fasteners
equipment | 电器仪表 | Automation | 4011;3914 | 自动化;电气;科技 | 工业控制计算机及系统制造;工业自动控制系统装置制造;智能控制系统集成;配电开关控制设备制造 | | 控制柜;触摸屏HMI;工控主板;变频柜 | control cabinets;HMI
equipment | 机床制造 | Machine Tools | 3421;3422 | 数控;机械;精机 | 金属切削机床制造;金属成形机床制造;机床功能部件及附件制造;激光打标加工 | | 立式加工中心;数控车;光纤激光切割;剪板机;攻丝机 | CNC lathes;laser cutters
equipment | 专用机械 | Robotics | 3491;3492 | 智能科技;自动化;科技 | 工业机器人制造;工业机器人安装、维修;服务消费机器人制造;智能机器人的研发 | | 六轴机械手;码垛机;SCARA;潜伏式小车 | six-axis arms;palletizers
equipment | 专用机械 | Automation | 3499;3599 | 自动化;机械;智能科技 | 通用设备制造（不含特种设备制造）;专用设备制造（不含许可类专业设备制造）;物料搬运装备制造;机械电气设备制造 | | 非标设备;流水线;输送线;视觉检测;治具 | assembly lines;conveyors
equipment | 专用机械 | Machinery | 3531;3467;3523 | 机械;机电;装备 | 食品、酒、饮料及茶生产专用设备制造;包装专用设备制造;塑料加工专用设备制造;环境保护专用设备制造;制药专用设备制造 | | 灌装机;封口机;吹瓶机;污水处理一体机;粉碎机 | filling machines;sealers
equipment | 工程机械 | Heavy Industry | 3514;3433;3571 | 重工;机械;农业装备 | 建筑工程用机械制造;农业机械制造;农林牧副渔业专业机械的销售;物料搬运装备制造 | 特种设备制造 | 小型挖机;微耕机;电动叉车;植保无人机;旋耕机 | excavators;tillers
equipment | 专用机械 | Machinery | 3462;3442;3411 | 机电;流体设备;机械 | 风机、风扇制造;制冷、空调设备制造;气体压缩机械制造;锅炉及辅助设备制造 | 特种设备制造 | 螺杆空压;离心风机;冷水机组;板式换热;蒸汽发生器 | air compressors;chillers
equipment | 机械基件 | Engineering Services | 4320;4330 | 机电;工程技术;设备 | 通用设备修理;专用设备修理;电气设备修理;普通机械设备安装服务 | | 设备维保;马达维修;产线搬迁 | maintenance
equipment | 软件服务 | Industrial Software | 6513;6532 | 信息技术;软件;数字科技 | 工业互联网数据服务;工业控制计算机及系统销售;软件开发;信息系统集成服务 | | 生产执行系统;设备联网网关;数采盒子;能耗管理平台 | shop-floor software
smart-appliances | 家用电器 | Electric Appliances | 3854;3856 | 电器;科技;实业;电子 | 家用电器制造;家用电器销售;厨具卫具及日用杂品批发;日用家电零售 | | 电炖锅;煎烤机;养生壶;电热饭盒;多功能锅 | slow cookers;kettles
smart-appliances | 家用电器 | Electric Appliances | 3855;3964 | 电器;智能科技;科技 | 家用电器研发;家用电器制造;服务消费机器人制造 | | 无线手持吸;蒸汽清洁机;除尘器;拖地机 | cordless vacuums
smart-appliances | 家用电器 | Appliances | 3852;3853 | 电器;机电;实业 | 家用电器制造;制冷、空调设备销售;家用电器零配件销售 | | 挂壁机;塔扇;除湿器;小太阳;油汀 | fans;heaters
smart-appliances | 家用电器 | Appliances | 3851 | 电器;制冷;实业 | 家用电器制造;制冷、空调设备制造;家用电器销售 | | 双门冰箱;卧式冷柜;车载冰箱;冰吧 | refrigerators;freezers
smart-appliances | 家用电器 | Personal Care | 3856 | 电器;科技;电子 | 家用电器制造;日用百货销售;个人卫生用品销售;美发饰品销售 | | 负离子吹风筒;剃须刀;筋膜枪;洁面仪 | hair dryers;shavers
smart-appliances | 元器件 | Electronics | 3982;3857 | 电子;电器;科技 | 电子元器件制造;家用电器零配件销售;电器辅件制造;电子电路制造 | | 温控开关;发热管;电源板;PCBA加工;继电器 | thermostats;PCBA
smart-appliances | 家居用品 | Smart Home | 3969;3874 | 智能科技;科技;电子 | 智能家庭消费设备制造;智能家庭消费设备销售;物联网设备制造;照明器具销售 | | 指纹锁;网关;感应灯;窗帘电机;可视门铃 | smart locks
smart-appliances | 家用电器 | Services | 8132;8131 | 电器;家政服务;服务 | 家用电器安装服务;日用电器修理;家用电器零配件销售;再生资源回收（除生产性废旧金属） | | 空调移机;家电清洗;以旧换新 | appliance repair
smart-appliances | 批发业 | Trading | 5137;5271 | 电器;商贸;电子商务 | 家用电器销售;日用家电零售;互联网销售（除销售需要许可的商品）;货物进出口 | | 小家电跨境;电器商场;厨房电器代理 | cross-border appliances
- | 餐饮 | Catering Management | 6210;6220 | 餐饮管理;餐饮;饮食服务 | 餐饮管理;外卖递送服务;食用农产品零售;日用百货销售 | 餐饮服务;食品销售 | 中式正餐;快餐;烧烤;奶茶 | restaurant;catering
- | 批发业 | Trading | 5199;5132;5139 | 贸易;商贸;工贸;实业;进出口 | 日用百货销售;五金产品批发;建筑材料销售;服装服饰批发;针纺织品销售;办公用品销售;化妆品批发 | | 日用百货;五金;服装 | general merchandise;trading
- | 房地产 | Property Services | 7020;7030 | 物业管理;物业服务;置业 | 物业管理;停车场服务;家政服务;园林绿化工程施工;房地产经纪 | 房地产开发经营 | 物业服务;商铺租赁 | property management
- | 商务服务 | Business Consulting | 7243;7269;7259 | 企业管理咨询;信息咨询;人力资源;文化传媒 | 企业管理咨询;市场营销策划;会议及展览服务;广告设计、代理;人力资源服务（不含职业中介活动、劳务派遣服务） | 职业中介活动;劳务派遣服务 | 咨询服务;活动策划 | consulting
- | 仓储物流 | Logistics | 5431;5990 | 物流;运输;供应链管理 | 普通货物仓储服务（不含危险化学品等需许可审批的项目）;国内货物运输代理;装卸搬运;供应链管理服务 | 道路货物运输（不含危险货物） | 货物运输;仓配 | freight logistics
- | 商贸零售 | Retail | 5211;5212;5292 | 超市;商贸;电子商务;百货 | 日用百货销售;食品销售（仅销售预包装食品）;互联网销售（除销售需要许可的商品）;食用农产品零售 | 食品销售;烟草制品零售 | 超市零售;便利店 | retail
- | 建筑工程 | Construction Engineering | 5011;4710 | 建筑装饰工程;建设工程;装饰设计;建筑工程 | 住宅室内装饰装修;园林绿化工程施工;建筑材料销售;土石方工程施工 | 建设工程施工;建设工程设计 | 装饰工程;土建 | interior decoration
- | 农业综合 | Agricultural Development | 0141;0151 | 农业开发;生态农业;农业科技;家庭农场 | 蔬菜种植;水果种植;农产品的生产、销售、加工、运输、贮藏及其他相关服务;休闲观光活动 | 农作物种子经营 | 蔬菜;水果;茶叶 | vegetables;fruit
- | 服饰 | Garment | 1810;1830 | 服饰;服装;制衣;针织 | 服装制造;服饰制造;针纺织品及原料销售;服装服饰批发;服装辅料销售 | | 女装;针织衫;童装;工作服 | apparel
- | 纺织 | Textile | 1713;1751 | 纺织;织造;实业 | 面料纺织加工;针纺织品及原料销售;产业用纺织制成品制造;家用纺织制成品制造 | | 坯布;四件套;无纺布;窗帘布 | fabrics;nonwovens
- | 家居用品 | Furniture | 2110;2120 | 家具;家居;木业 | 家具制造;家具销售;木制容器制造;家具零配件生产 | | 实木床;办公桌椅;橱柜;衣柜 | furniture
- | 造纸 | Packaging | 2231;2319 | 包装;纸业;印务 | 纸制品制造;包装材料及制品销售;纸和纸板容器制造;平面设计 | 包装装潢印刷品印刷 | 纸箱;彩盒;手提袋;标签 | cartons
- | 水泥 | Building Materials | 3021;3024 | 建材;混凝土;实业 | 水泥制品制造;建筑材料销售;轻质建筑材料制造;砼结构构件制造 | 建设工程施工 | 商品混凝土;加气砌块;管桩;干粉砂浆 | concrete
- | 五金 | Hardware | 3381;3389;3351 | 五金;金属制品;实业;工贸 | 五金产品制造;五金产品批发;日用杂品制造;金属工具制造;日用玻璃制品制造 | | 保温杯;门锁;不锈钢餐具;水龙头;工具箱 | hardware;cookware
- | 食品 | Food | 1430;1530;1520 | 食品;茶业;农产品 | 食用农产品初加工;食品销售（仅销售预包装食品）;农副产品销售;茶叶种植 | 食品生产;食品小作坊经营 | 糕点;茶叶;年糕;腌制品;米酒 | snacks;tea
- | 软件服务 | Information Technology | 6510;6531;6420 | 网络科技;信息技术;软件;科技 | 软件开发;信息系统集成服务;网络技术服务;计算机软硬件及辅助设备零售;互联网销售（除销售需要许可的商品） | 第二类增值电信业务 | 小程序开发;网站建设;ERP实施;外包开发 | software development
- | 文教休闲 | Education | 8391;8399 | 教育科技;文化;培训 | 教育咨询服务（不含涉许可审批的教育培训活动）;业务培训（不含教育培训、职业技能培训等需取得许可的培训）;组织文化艺术交流活动 | | 职业培训;研学;素质拓展 | training
- | 文化传媒 | Media | 8760;7251 | 文化传媒;传媒;广告;影视 | 文艺创作;广告制作;摄像及视频制作服务;数字内容制作服务（不含出版发行） | | 短视频;宣传片;直播带货 | video production
- | 多元金融 | Investment | 7212;6760 | 投资;投资管理;控股;资产管理 | 以自有资金从事投资活动;企业管理;社会经济咨询服务;企业总部管理 | | 股权投资;资产管理 | investments
- | 化工原料 | Chemical Trading | 5162;2669 | 化工;精细化工;商贸 | 化工产品销售（不含许可类化工产品）;专用化学产品销售（不含危险化学品）;涂料销售（不含危险化学品）;日用化学产品销售 | 危险化学品经营 | 溶剂;助剂;清洗剂;胶水 | chemicals trading
- | 电器仪表 | Electrical | 5175;3823 | 电气;电力;机电;电器 | 电线、电缆经营;配电开关控制设备制造;照明器具销售;电工器材销售;电气安装服务 | 电气安装服务;承装、承修、承试电力设施 | 开关柜;电缆;灯具;配电箱 | switchgear;cables
- | 旅游酒店 | Hospitality | 6110;7291 | 酒店管理;旅游开发;文旅 | 酒店管理;旅游开发项目策划咨询;游览景区管理;会议及展览服务 | 住宿服务;旅游业务 | 民宿;景区;农家乐 | hotels;tourism
- | 环境保护 | Environmental Services | 7722;7820 | 环保科技;环境工程;生态 | 环保咨询服务;水污染治理;园林绿化工程施工;城市生活垃圾经营性服务 | 建设工程施工 | 污水处理运营;环评咨询;保洁 | environmental services
- | 租赁 | Leasing | 7114;7115 | 租赁;设备租赁;实业 | 建筑工程机械与设备租赁;机械设备租赁;办公设备租赁服务;小微型客车租赁经营服务 | | 脚手架租赁;挖机出租;汽车租赁 | equipment rental
- | 建筑工程 | Installation | 4910;4999 | 安装工程;建设;工程 | 对外承包工程;消防技术服务;普通机械设备安装服务;门窗制造加工 | 建设工程施工;施工专业作业 | 钢结构;门窗;消防工程 | installation
`

// chainMix is the relative number of enterprises of each chain's lines; an unknown
// chain gets 5. noChainShare is the share of enterprises on lines of no chain.
var chainMix = map[string]float64{
	"equipment": 15, "auto-parts": 13, "new-energy": 12, "new-materials": 11, "smart-appliances": 9,
	"biomedicine": 9, "health": 9, "semiconductor": 8, "short-distance-transport": 7, "intelligent-transport": 7,
}

// noChainShare is the share of enterprises on lines of no chain. A real registry
// is mostly trade, services, construction and light industry; a pool of only 80 %
// such firms is still richer in chain firms than the national registry, so a demo
// pool of a few thousand holds a few dozen firms of every chain.
const noChainShare = 0.8

// secondLineRate is the share of chain firms that also register a line of another
// chain (a motor maker selling e-bike controllers and appliance motors).
const secondLineRate = 0.1

// genericMaking and genericServices are the scope items of a vague registration,
// one that names no product.
var (
	genericMaking = []string{"通用零部件制造", "五金产品制造", "机械零件、零部件加工", "电子元器件制造", "塑料制品制造",
		"金属制品研发", "新材料技术研发", "电子专用材料制造", "模具制造", "金属表面处理及热处理加工", "专用设备制造（不含许可类专业设备制造）"}
	genericServices = []string{"信息技术咨询服务", "软件开发", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
		"数据处理和存储支持服务", "工程管理服务", "专业设计服务", "健康咨询服务（不含诊疗服务）"}
)

// commonItems are the generic items of almost every 经营范围.
var commonItems = []string{
	"技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "货物进出口", "技术进出口",
	"五金产品批发", "机械设备销售", "软件开发", "信息咨询服务（不含许可类信息咨询服务）",
	"非居住房地产租赁", "国内贸易代理", "企业管理咨询", "电子产品销售", "塑料制品销售",
	"金属材料销售", "普通机械设备安装服务", "住房租赁", "工程和技术研究和试验发展", "进出口代理",
	"销售代理", "日用百货销售", "办公用品销售", "劳务服务（不含劳务派遣）", "市场营销策划",
}

// productNoise decorates a product word the way firms write them.
var (
	productPrefix = []string{"高端", "新型", "定制", "各类", "多功能", "精品", "出口型", "环保型", "OEM"}
	productSuffix = []string{"及配件", "系列", "等产品", "及其零部件", "整机", "（含出口）", "及相关产品"}
)

// parseProductLines reads productLines; a malformed line is a programming error
// reported as such.
func parseProductLines(text string) ([]productLine, error) {
	var out []productLine
	split := func(s string) []string {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		parts := strings.Split(s, ";")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		return parts
	}
	for n, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 9 {
			return nil, fmt.Errorf("product line %d: %d fields, want 9", n, len(f))
		}
		pl := productLine{chain: strings.TrimSpace(f[0]), label: strings.TrimSpace(f[1]), en: strings.TrimSpace(f[2]),
			codes: split(f[3]), words: split(f[4]), items: split(f[5]), licensed: split(f[6]),
			products: split(f[7]), productsEN: split(f[8])}
		if pl.chain == "-" {
			pl.chain = ""
		}
		if pl.label == "" || pl.en == "" || len(pl.words) == 0 || len(pl.items) < 2 || len(pl.products) == 0 {
			return nil, fmt.Errorf("product line %d (%s): empty label, name words, products or fewer than two items", n, pl.label)
		}
		for _, c := range pl.codes {
			if len(c) != 4 {
				return nil, fmt.Errorf("product line %d (%s): GB/T class %q is not four digits", n, pl.label, c)
			}
		}
		out = append(out, pl)
	}
	return out, nil
}
