// chainmatch web UI: a single page whose every view has its own address (history
// API routing), built on the JSON API. No build step, no dependencies: plain DOM
// and hand-built SVG. Every label comes from the API (GET /api/v1/features, the
// chains and counties), so the names match the exports and the CLI.
"use strict";

// Colours by position in the feature table (the API gives the order and labels).
const FEATURE_COLOURS = ["#1f6feb", "#8250df", "#1a7f37", "#0e7490", "#bc4c00", "#b08800", "#6e5494", "#cf222e"];
const LEVEL_STYLE = {
  missing: { fill: "#ffebe9", stroke: "#cf222e" },
  weak: { fill: "#fff8c5", stroke: "#9a6700" },
  strong: { fill: "#dafbe1", stroke: "#1a7f37" },
  no_local_data: { fill: "#f6f8fa", stroke: "#6e7781", dash: "4 3" },
};
const TOKEN_KEY = "chainmatch.token";
const LANG_KEY = "chainmatch.lang";

const state = {
  lang: localStorage.getItem(LANG_KEY) || "zh",
  token: "",
  me: null,
  labels: null, // GET /api/v1/features
  chains: [],
  chainByID: new Map(),
  counties: [],
  byCode: new Map(),
  cityName: new Map(),
  provinces: [], // [{code, name}]
  seq: 0, // the render in progress; older renders drop their results
};

const $ = (sel, root = document) => root.querySelector(sel);
const t = (zh, en) => (state.lang === "zh" ? zh : en);
const tl = (l) => (l ? t(l.zh || l.label || l.id, l.en || l.label_en || l.id) : "");

// ---- DOM helpers -----------------------------------------------------------

function el(tag, attrs = {}, ...kids) {
  const n = document.createElement(tag);
  setAttrs(n, attrs);
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) n.append(k);
  return n;
}

function svg(tag, attrs = {}, ...kids) {
  const n = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttrs(n, attrs);
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) n.append(k);
  return n;
}

function setAttrs(n, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") n.addEventListener(k.slice(2), v);
    else if (k === "class") n.setAttribute("class", v);
    else n.setAttribute(k, v === true ? "" : v);
  }
}

function fmt(x, d = 2) {
  return typeof x === "number" && isFinite(x) ? x.toFixed(d) : "—";
}

function status(msg, kind) {
  const s = $("#status");
  s.textContent = msg || "";
  s.className = kind || "";
}

// ---- sign-in and API -------------------------------------------------------

// The sign-in address chainmatch serve prints (/?token=...) signs in at once: the
// token is kept for this browser tab (sessionStorage) and leaves the address bar.
function takeToken() {
  const u = new URL(location.href);
  const tok = u.searchParams.get("token");
  if (tok) {
    sessionStorage.setItem(TOKEN_KEY, tok);
    u.searchParams.delete("token");
    history.replaceState(null, "", u.pathname + u.search + u.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

class APIError extends Error {
  constructor(status, body, fallback) {
    const e = (body && body.error) || {};
    const fields = e.fields ? " — " + Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`).join("; ") : "";
    super((e.message || fallback) + fields);
    this.status = status;
    this.code = e.code || "";
    this.fields = e.fields || {};
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// api calls the API with the token. A 503 (the engine still loading, the server at
// capacity) or a lost connection is retried after Retry-After, saying so, but not
// a 503 read_only (storage that takes no writes: waiting does not help); a 401
// shows the sign-in form.
async function api(path, opts = {}) {
  const headers = { "Content-Type": "application/json" };
  if (state.token) headers.Authorization = "Bearer " + state.token;
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(path, { ...opts, headers });
    } catch (err) {
      if (attempt >= 30) throw new Error(t("无法连接服务器：", "cannot reach the server: ") + err.message);
      status(t("无法连接服务器，正在重试…", "Cannot reach the server; retrying…"), "wait");
      await sleep(2000);
      continue;
    }
    const readOnly = res.status === 503 &&
      (await res.clone().json().catch(() => ({}))).error?.code === "read_only";
    if (res.status === 503 && !readOnly && attempt < 60) {
      const wait = Math.min(10, Number(res.headers.get("Retry-After")) || 2);
      status(t("服务正在加载数据，稍候自动重试…", "The server is loading its data; retrying shortly…"), "wait");
      await sleep(wait * 1000);
      continue;
    }
    if (res.status === 204) return null;
    const body = await res.json().catch(() => ({}));
    if (res.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      state.token = "";
      state.me = null;
      throw new APIError(401, body, t("需要登录", "sign-in required"));
    }
    if (!res.ok) throw new APIError(res.status, body, res.statusText);
    return body;
  }
}

async function waitReady() {
  for (let i = 0; ; i++) {
    try {
      const res = await fetch("/readyz");
      if (res.ok) return;
    } catch (_) { /* not up yet */ }
    status(t("服务正在启动（加载数据、建立索引），自动重试中…", "The server is starting (loading data, building the index); retrying…"), "wait");
    await sleep(Math.min(5000, 1000 + i * 250));
  }
}

function showWho() {
  const who = $("#who");
  const roles = { viewer: ["查看", "viewer"], editor: ["编辑", "editor"], analyst: ["分析师", "analyst"], admin: ["管理员", "admin"] };
  if (state.me) {
    const r = roles[state.me.role] || [state.me.role, state.me.role];
    who.textContent = `${state.me.name} · ${t(...r)}`;
    $("#signout").hidden = !state.token;
  } else {
    who.textContent = t("未登录", "not signed in");
    $("#signout").hidden = true;
  }
}

function signInForm(message) {
  const input = el("input", { id: "token", name: "token", type: "password", autocomplete: "off", spellcheck: "false" });
  const form = el("form", { class: "card signin", onsubmit: async (ev) => {
    ev.preventDefault();
    // An empty token tries without one (a development server with --dev-loopback-admin).
    state.token = input.value.trim();
    sessionStorage.setItem(TOKEN_KEY, state.token);
    await boot(true);
  } },
  el("h1", {}, t("登录", "Sign in")),
  message ? el("p", { class: "error" }, message) : null,
  el("p", {}, t("请输入访问令牌（首次运行 chainmatch serve 时打印的登录地址中 token= 后的部分，或管理员用 chainmatch user add 发给您的令牌）。令牌仅保存在本浏览器标签页中。",
    "Enter your access token (the part after token= of the sign-in address the first run of chainmatch serve printed, or one an admin made with chainmatch user add). It is kept for this browser tab only.")),
  el("label", { for: "token" }, t("访问令牌", "Access token")), input,
  el("button", { type: "submit", class: "primary" }, t("登录", "Sign in")));
  $("#main").replaceChildren(form);
  input.focus();
}

// ---- labels ----------------------------------------------------------------

const L = {
  feature: (id) => (state.labels.features.find((f) => f.id === id) || { label: id, label_en: id }),
  featureName: (id) => { const f = L.feature(id); return t(f.label, f.label_en); },
  colour: (id) => FEATURE_COLOURS[Math.max(0, state.labels.features.findIndex((f) => f.id === id)) % FEATURE_COLOURS.length],
  of: (list, id) => tl(state.labels[list].find((x) => x.id === id) || { id, zh: id, en: id }),
  tag: (id) => L.of("tags", id),
  status: (id) => L.of("statuses", id),
  channel: (id) => L.of("channels", id),
  stage: (id) => L.of("stages", id),
  part: (id) => L.of("gap_parts", id),
  level(node) {
    if (node.evidence === "no_local_data" || node.absence === null || node.absence === undefined) return "no_local_data";
    for (const lv of state.labels.gap_levels) if (lv.min_absence !== undefined && lv.min_absence !== null && node.absence >= lv.min_absence) return lv.id;
    return "strong";
  },
  levelName: (id) => L.of("gap_levels", id),
};

function chainName(id) {
  const c = state.chainByID.get(id);
  return c ? t(c.name, c.name_en || c.name) : id;
}

function nodeOf(chain, id) {
  const c = state.chainByID.get(chain);
  return c && c.nodes.find((n) => n.id === id);
}

function nodeName(chain, id, fallback) {
  const n = nodeOf(chain, id);
  return n ? t(n.name, n.name_en || n.name) : fallback || id;
}

function countyName(c) {
  if (!c) return "";
  return t(c.name, c.name_en || c.name);
}

function countyTitle(c) {
  const parts = [c.province_name, c.city_name !== c.province_name && c.city_name !== c.name ? c.city_name : ""].filter(Boolean);
  return `${countyName(c)}${parts.length ? t("（", " (") + parts.join(" ") + t("）", ")") : ""}`;
}

// place names a location from its county code, else its city or province code.
function place(e) {
  const c = state.byCode.get(e.county || e.location);
  if (c) return [c.province_name, c.city_name !== c.province_name ? c.city_name : "", c.name].filter(Boolean).join(" ");
  if (e.city && state.cityName.get(e.city)) return state.cityName.get(e.city);
  const p = state.provinces.find((x) => x.code === e.province);
  if (p) return p.name;
  return e.county || e.location || e.province || t("未知", "unknown");
}

// shortName drops the suffix of a division's name: 缙云县 → 缙云, 龙泉市 → 龙泉.
function shortName(name) {
  return name.replace(/(自治县|自治旗|特区|林区|新区|县|市|区|旗)$/, "");
}

function searchCounties(q, n = 20) {
  q = q.trim().toLowerCase();
  if (!q) return [];
  const score = (c) => {
    const name = c.name.toLowerCase(), en = (c.name_en || "").toLowerCase();
    if (c.code === q || name === q) return 0;
    if (shortName(c.name) === q) return 1;
    if (c.code.startsWith(q) || name.startsWith(q)) return 2;
    if (name.includes(q) || en.includes(q) || (c.city_name || "").includes(q)) return 3;
    return -1;
  };
  return state.counties.map((c) => [score(c), c]).filter(([s]) => s >= 0)
    .sort((a, b) => a[0] - b[0] || (b[1].positioning ? 1 : 0) - (a[1].positioning ? 1 : 0) || a[1].code.localeCompare(b[1].code))
    .slice(0, n).map(([, c]) => c);
}

// ---- routing ---------------------------------------------------------------

const routes = [
  [/^\/$/, viewHome],
  [/^\/index\.html$/, viewHome],
  [/^\/counties\/([^/]+)\/?$/, viewCounty],
  [/^\/counties\/([^/]+)\/targets\/([^/]+)\/?$/, viewTarget],
  [/^\/counties\/([^/]+)\/brief\/?$/, viewBrief],
  [/^\/cities\/([^/]+)\/?$/, viewCity],
  [/^\/analyst\/?$/, viewAnalyst],
  [/^\/lists\/?$/, viewLists],
  [/^\/lists\/([^/]+)\/?$/, viewList],
];

function go(url, replace) {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

function params() { return new URLSearchParams(location.search); }

function withParams(path, p) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function render() {
  const seq = ++state.seq;
  const main = $("#main");
  // The old address (/?county=X&chain=Y) still works.
  const p = params();
  if (location.pathname === "/" && p.get("county")) {
    history.replaceState(null, "", withParams(`/counties/${encodeURIComponent(p.get("county"))}`, { chain: p.get("chain") }));
  }
  for (const a of document.querySelectorAll("#nav a")) {
    const here = a.getAttribute("href") === "/" ? location.pathname === "/" : location.pathname.startsWith(a.getAttribute("href"));
    if (here) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  const [re, view] = routes.find(([r]) => r.test(location.pathname)) || [null, viewNotFound];
  const args = re ? location.pathname.match(re).slice(1).map(decodeURIComponent) : [];
  status(t("加载中…", "Loading…"), "wait");
  main.setAttribute("aria-busy", "true");
  try {
    const node = await view(...args, () => seq === state.seq);
    if (seq !== state.seq) return; // a newer address is being drawn
    if (node) main.replaceChildren(node);
    status("");
  } catch (err) {
    if (seq !== state.seq) return;
    main.replaceChildren(); // no stale results under an error
    if (err.status === 401) { signInForm(t("令牌无效或已失效，请重新登录。", "The token is not valid; sign in again.")); status(""); showWho(); return; }
    main.append(el("div", { class: "card error-card" }, el("h1", {}, t("出错了", "Something went wrong")), el("p", { class: "error" }, err.message),
      el("p", {}, el("a", { href: "/" }, t("返回首页", "Back to home")))));
    status(err.message, "error");
  } finally {
    if (seq === state.seq) main.removeAttribute("aria-busy");
  }
}

// Links inside the page move without reloading.
document.addEventListener("click", (ev) => {
  const a = ev.target.closest && ev.target.closest("a[href]");
  if (!a || a.target || a.hasAttribute("download") || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin || u.pathname.startsWith("/api/") || u.hash && u.pathname === location.pathname) return;
  ev.preventDefault();
  go(u.pathname + u.search);
  $("#main").focus({ preventScroll: true });
  window.scrollTo(0, 0);
});
window.addEventListener("popstate", render);

function viewNotFound() {
  return el("div", { class: "card" }, el("h1", {}, t("没有这个页面", "No such page")), el("p", {}, el("a", { href: "/" }, t("返回首页", "Back to home"))));
}

// ---- home ------------------------------------------------------------------

function viewHome() {
  const profiled = state.counties.filter((c) => (c.positioning || []).length);
  const lishui = profiled.filter((c) => c.city === "331100" || c.code.startsWith("3311"));
  const rest = profiled.filter((c) => !lishui.includes(c));
  const card = (c) => el("li", { class: "county-card" },
    el("a", { href: `/counties/${c.code}`, class: "county-link" }, countyName(c)), " ",
    el("span", { class: "muted" }, `${c.code} · ${c.city_name || ""}`),
    el("div", { class: "chips" }, (c.positioning || []).map((p) =>
      el("a", { class: "chip", href: withParams(`/counties/${c.code}`, { chain: p.chain }) }, chainName(p.chain)))));
  const results = el("ul", { class: "results", id: "county-results", "aria-live": "polite" });
  const input = el("input", { id: "county-q", type: "search", autocomplete: "off", placeholder: t("如 缙云、331122、Jinyun", "e.g. 缙云, 331122, Jinyun") });
  const show = () => {
    const found = searchCounties(input.value);
    results.replaceChildren(...found.map((c) => el("li", {}, el("a", { href: `/counties/${c.code}` }, `${c.name}`), " ",
      el("span", { class: "muted" }, `${c.code} · ${[c.province_name, c.city_name].filter((x, i, a) => x && a.indexOf(x) === i).join(" ")}`))));
    if (input.value.trim() && !found.length) results.replaceChildren(el("li", { class: "muted" }, t("没有找到该区县。", "No county found.")));
  };
  input.addEventListener("input", show);
  return el("div", {},
    el("h1", {}, t("招商目标匹配", "Target matching for investment promotion")),
    el("form", { class: "card search", role: "search", onsubmit: (ev) => {
      ev.preventDefault();
      const found = searchCounties(input.value, 1);
      if (found.length) go(`/counties/${found[0].code}`);
    } },
    el("label", { for: "county-q" }, t("查找全国任一区县（名称、简称或代码）", "Find any county of China (name, short name or code)")),
    el("div", { class: "row" }, input, el("button", { type: "submit", class: "primary" }, t("打开", "Open"))), results),
    el("h2", {}, t("丽水各县（市、区）与平台的产业定位", "Lishui's counties and platforms, with their positioning")),
    el("ul", { class: "county-grid" }, lishui.map(card)),
    rest.length ? [el("h2", {}, t("其他已收录产业定位的区县", "Other counties with a positioning")), el("ul", { class: "county-grid" }, rest.map(card))] : null);
}

// ---- county page -----------------------------------------------------------

function matchRequest(code, p) {
  const body = { county: code, chain: p.get("chain") };
  // A preset without a size takes its own (缙云's jinyun-450: 450).
  const limit = Number(p.get("limit")) || (p.get("preset") ? 0 : 30);
  if (limit) body.limit = limit;
  if (p.get("q")) body.q = p.get("q");
  if (p.get("node")) body.node = p.get("node");
  if (p.get("province")) body.province = p.get("province").split(",");
  if (p.get("tag")) body.tags = p.get("tag").split(",");
  if (p.get("preset")) body.preset = p.get("preset");
  const quotas = parseQuotas(p.get("quota") || "");
  if (quotas.length) body.quotas = quotas;
  return body;
}

// ---- list mix (quotas) -----------------------------------------------------

// parseQuotas reads the address's quota parameter, written as the CLI's --quota:
// KEY=VALUE pairs separated by commas, KEY a tag or node:ID, VALUE a count (26)
// or a share (10% or 0.1): "listed=26,high_tech=40%,node:hub-motors=3".
function parseQuotas(s) {
  const out = [];
  for (const part of s.split(",")) {
    const [k, v] = part.split("=").map((x) => (x || "").trim());
    if (!k || !v) continue;
    const q = k.startsWith("node:") ? { node: k.slice(5) } : { tag: k };
    if (v.endsWith("%")) q.share = Number(v.slice(0, -1)) / 100;
    else if (v.includes(".")) q.share = Number(v);
    else q.min = parseInt(v, 10);
    if ((q.share > 0 && q.share <= 1) || q.min > 0) out.push(q);
  }
  return out;
}

function quotaParam(quotas) {
  return (quotas || []).map((q) => `${q.node ? "node:" + q.node : q.tag}=${q.share ? Math.round(q.share * 1000) / 10 + "%" : q.min}`).join(",");
}

function quotaText(chain, q) {
  const what = q.node ? t("环节", "node ") + nodeName(chain, q.node) : L.tag(q.tag);
  return `${what} ≥ ${q.share ? fmt(q.share * 100, 0) + "%" : q.min}`;
}

function defaultChain(county) {
  const pos = (county.positioning || []).slice().sort((a, b) => b.weight - a.weight);
  return pos.length ? pos[0].chain : state.chains[0].id;
}

async function getCounty(code) {
  const c = state.byCode.get(code);
  if (c) return c;
  return api(`/api/v1/counties/${encodeURIComponent(code)}`);
}

function sourceNote(src) {
  if (!src) return null;
  return el("span", { class: "source" }, t("来源：", "Source: ") + src.name + (src.as_of ? `（${src.as_of}）` : ""));
}

function countyHeader(county) {
  const pos = county.positioning || [];
  const channels = county.channels || [];
  return el("section", { class: "card county-head", "aria-labelledby": "county-title" },
    el("h1", { id: "county-title" }, countyTitle(county), " ", el("span", { class: "muted code" }, county.code)),
    el("h2", {}, t("产业定位", "Positioning")),
    pos.length ? el("ul", { class: "plain" }, pos.map((p) => el("li", {},
      el("a", { href: withParams(`/counties/${county.code}`, { chain: p.chain }) }, chainName(p.chain)),
      ` · ${t("权重", "weight")} ${fmt(p.weight, 1)}`,
      p.emphasis ? ` · ${t("侧重", "emphasis")}: ${Object.keys(p.emphasis).map((n) => nodeName(p.chain, n)).join(t("、", ", "))}` : "",
      " ", sourceNote(p.source))))
      : el("p", { class: "muted" }, t("未收录产业定位：按通用权重排序。", "No positioning on record: general weights apply.")),
    el("h2", {}, t("招商渠道", "Channels")),
    channels.length ? el("ul", { class: "plain" }, channels.map((c) => el("li", {},
      el("span", { class: "chip static" }, L.channel(c.type)), " ", t(c.name, c.name_en || c.name), " ", sourceNote(c.source))))
      : el("p", { class: "muted" }, t("未收录招商渠道：目标按上门招商或链主上下游对接。", "No channels on record: targets are reached by direct visits or through chain leaders.")));
}

function legend() {
  return el("p", { class: "legend", "aria-label": t("得分构成图例", "Score legend") }, t("得分构成：", "Score parts: "),
    state.labels.features.map((f) => el("span", { class: "legend-item", title: t(f.doc, f.doc_en) },
      el("span", { class: "swatch", style: `background:${L.colour(f.id)}` }), t(f.label, f.label_en))));
}

// stack draws a score bar split into its positive contributions.
function stack(contrib, max) {
  const parts = state.labels.features.map((f) => [f, contrib[f.id] || 0]);
  const label = parts.map(([f, v]) => `${t(f.label, f.label_en)} ${fmt(v, 3)}`).join("; ");
  return el("div", { class: "stack", role: "img", "aria-label": label, title: label },
    parts.filter(([, v]) => v > 0).map(([f, v]) => el("span", { style: `width:${(100 * v / max).toFixed(1)}%;background:${L.colour(f.id)}` })));
}

function tags(e) {
  return (e.tags || []).map((g) => el("span", { class: "tag" }, L.tag(g)));
}

function targetName(x) {
  const e = x.enterprise || x.talent || {};
  return e.name || e.id || "—";
}

function targetsTable(code, chain, res, opts = {}) {
  const targets = res.targets || [];
  const max = Math.max(1e-9, ...targets.map((x) => Object.values(x.contributions || {}).reduce((a, v) => a + Math.max(0, v), 0)));
  const head = [["#", "#"], ["企业", "Enterprise"], ["所在地", "Location"], ["补链环节", "Node"], ["得分构成", "Score"], ["对接渠道", "Channel"], ["推荐理由", "Why"]];
  return el("table", { class: "targets responsive", id: "targets" },
    el("caption", { class: "sr-only" }, t("推荐目标", "Ranked targets")),
    el("thead", {}, el("tr", {}, head.map(([zh, en]) => el("th", { scope: "col" }, t(zh, en))))),
    el("tbody", {}, targets.map((x) => {
      const e = x.enterprise || x.talent || {};
      const href = x.enterprise ? withParams(`/counties/${code}/targets/${encodeURIComponent(e.id)}`, { chain }) : null;
      const flags = x.flags || [], tie = flags.find((f) => f.code === "tied");
      return el("tr", {},
        el("td", { class: "num", "data-label": "#" }, String(x.rank),
          tie ? [" ", el("span", { class: "tag tie", title: t(tie.zh, tie.en), "aria-hidden": "true" }, t("同分", "tied")), el("span", { class: "sr-only" }, t(tie.zh, tie.en))] : null),
        el("td", { "data-label": t("企业", "Enterprise") }, href ? el("a", { href, class: "target-link" }, el("strong", {}, targetName(x))) : el("strong", {}, targetName(x)),
          el("div", {}, tags(e), opts.entered && opts.entered.has(e.id) ? el("span", { class: "tag quota-in" }, t("配额入选", "by quota")) : null),
          x.better_fit ? el("div", {}, el("a", { class: "better-fit", href: withParams(`/counties/${x.better_fit.county}/targets/${encodeURIComponent(e.id)}`, { chain }),
            title: t(`在${x.better_fit.name}得分 ${fmt(x.better_fit.score, 3)}，高于本县 ${fmt(x.score, 3)}`, `scores ${fmt(x.better_fit.score, 3)} there, above ${fmt(x.score, 3)} here`) },
          t(`更适合${x.better_fit.name}`, `Fits ${countyName(state.byCode.get(x.better_fit.county)) || x.better_fit.name} better`), ` ${fmt(x.better_fit.score, 3)}`)) : null),
        el("td", { "data-label": t("所在地", "Location") }, place(e), flags.filter((f) => f !== tie).map((f) => el("div", { class: "flag" }, t(f.zh, f.en)))),
        el("td", { "data-label": t("环节", "Node"), title: x.node_confidence != null ? t("归属置信度 ", "confidence ") + fmt(x.node_confidence, 2) : null }, nodeName(chain, x.node, x.node_name)),
        el("td", { "data-label": t("得分", "Score") }, el("span", { class: "score" }, fmt(x.score, 3)), stack(x.contributions || {}, max),
          x.unknown && x.unknown.length ? el("div", { class: "unknown" }, t("数据未知：", "Unknown: ") + x.unknown.map(L.featureName).join(t("、", ", "))) : null),
        el("td", { "data-label": t("渠道", "Channel") }, x.channel ? [el("span", { class: "chip static" }, L.channel(x.channel.type)), " ", t(x.channel.name, x.channel.name_en || x.channel.name)] : "—",
          x.channel_reason ? el("div", { class: "muted small" }, t(x.channel_reason.zh, x.channel_reason.en)) : null),
        el("td", { "data-label": t("理由", "Why") }, el("ul", { class: "reasons" }, (x.reasons || []).slice(0, opts.reasons || 3).map((r) => el("li", {}, t(r.zh, r.en))))));
    })));
}

// chainMap draws the chain as SVG: nodes in three columns by stage, the supply
// edges between them, each node coloured by its gap level with its local count.
// Clicking (or Enter on) a node calls onPick with its id.
function chainMap(chain, gaps, selected, onPick) {
  const byID = new Map(gaps.nodes.map((n) => [n.id, n]));
  const stages = ["upstream", "midstream", "downstream"];
  const cols = stages.map((s) => chain.nodes.filter((n) => n.stage === s));
  const W = 820, colW = W / 3, boxW = 200, boxH = 46, gapY = 14, top = 34;
  const H = top + Math.max(...cols.map((c) => c.length)) * (boxH + gapY) + 10;
  const pos = new Map();
  cols.forEach((col, i) => {
    const x = i * colW + (colW - boxW) / 2;
    const offset = ((Math.max(...cols.map((c) => c.length)) - col.length) * (boxH + gapY)) / 2;
    col.forEach((n, j) => pos.set(n.id, { x, y: top + offset + j * (boxH + gapY) }));
  });
  const title = t(`${chainName(chain.id)}产业链图谱`, `${chainName(chain.id)} chain map`);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chainmap", role: "group", "aria-label": title, id: "chain-map" },
    svg("title", {}, title),
    svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" },
      svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8c959f" }))));
  stages.forEach((s, i) => root.append(svg("text", { x: i * colW + colW / 2, y: 18, "text-anchor": "middle", class: "stage-title" }, L.stage(s))));
  const edges = svg("g", { class: "edges", "aria-hidden": "true" });
  for (const e of chain.edges || []) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    let d;
    if (Math.abs(a.x - b.x) < 1) { // same stage: an arc on the right
      const x = a.x + boxW, y1 = a.y + boxH / 2, y2 = b.y + boxH / 2;
      d = `M${x},${y1} C${x + 40},${y1} ${x + 40},${y2} ${x},${y2}`;
    } else {
      const x1 = a.x + boxW, y1 = a.y + boxH / 2, x2 = b.x, y2 = b.y + boxH / 2, mx = (x1 + x2) / 2;
      d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 2},${y2}`;
    }
    const on = selected && (e.from === selected || e.to === selected);
    edges.append(svg("path", { d, class: on ? "edge on" : "edge", "marker-end": "url(#arrow)" }));
  }
  root.append(edges);
  for (const n of chain.nodes) {
    const g = byID.get(n.id) || { evidence: "no_local_data", local_count: 0 };
    const p = pos.get(n.id);
    const level = L.level(g);
    const st = LEVEL_STYLE[level];
    const name = t(n.name, n.name_en || n.name);
    const local = g.evidence === "no_local_data" ? t("无本地数据", "no local data") : t(`本地 ${g.local_count} 家`, `${g.local_count} local`);
    const sub = g.evidence === "no_local_data" ? L.levelName(level) : `${L.levelName(level)} · ${local}`;
    // The name comes from the visible text (name, level, local count); long names
    // are squeezed into the box rather than cut.
    const wide = [...name].reduce((a, ch) => a + (ch.charCodeAt(0) > 0x2e80 ? 13 : 7.2), 0) > boxW - 20;
    const node = svg("g", { class: "node" + (selected === n.id ? " selected" : ""), tabindex: "0", role: "button", "data-node": n.id,
      "aria-pressed": selected === n.id ? "true" : "false",
      onclick: () => onPick(n.id), onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onPick(n.id); } } },
    svg("rect", { x: p.x, y: p.y, width: boxW, height: boxH, rx: 6, fill: st.fill, stroke: st.stroke, "stroke-width": selected === n.id ? 3 : 1.5, "stroke-dasharray": st.dash || null }),
    svg("text", { x: p.x + 10, y: p.y + 19, class: "node-name", textLength: wide ? boxW - 20 : null, lengthAdjust: wide ? "spacingAndGlyphs" : null }, name),
    svg("text", { x: p.x + 10, y: p.y + 36, class: "node-sub" }, sub));
    root.append(node);
  }
  const key = el("p", { class: "legend" }, t("缺口：", "Gap: "), state.labels.gap_levels.map((lv) =>
    el("span", { class: "legend-item" }, el("span", { class: "swatch", style: `background:${LEVEL_STYLE[lv.id].fill};border:1.5px ${LEVEL_STYLE[lv.id].dash ? "dashed" : "solid"} ${LEVEL_STYLE[lv.id].stroke}` }), tl(lv))),
  el("span", { class: "muted" }, t("　点击环节筛选目标", "　click a node to filter the targets")));
  return el("figure", { class: "card map" }, el("div", { class: "mapwrap" }, root), key);
}

// whereChart draws bars by province (all candidates, and those in the top N);
// clicking a province filters to it.
function whereChart(res, onPick, selected) {
  const where = (res.where || []).slice(0, 15);
  if (!where.length) return el("p", { class: "muted" }, t("没有候选企业。", "No candidates."));
  const max = Math.max(1, ...where.map((w) => w.candidates));
  const cities = new Map();
  for (const x of res.targets || []) {
    const e = x.enterprise || {};
    const k = e.city || e.province || "";
    cities.set(k, (cities.get(k) || 0) + 1);
  }
  const cityRows = [...cities.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  const cmax = Math.max(1, ...cityRows.map(([, n]) => n));
  return el("div", { class: "where" },
    el("div", {}, el("h3", {}, t("按省份：候选企业与前列目标", "By province: candidates and top targets")),
      el("ul", { class: "bars" }, where.map((w) => {
        const bar = [el("span", { class: "bar-label" }, w.name || t("位置未知", "location unknown")),
          el("span", { class: "bar-track" }, el("span", { class: "bar cand", style: `width:${(100 * w.candidates / max).toFixed(1)}%` }),
            el("span", { class: "bar top", style: `width:${(100 * w.targets / max).toFixed(1)}%` })),
          el("span", { class: "bar-num" }, `${w.candidates} / ${w.targets}`)];
        // Candidates of unknown location cannot be filtered to: no province.
        if (!w.province) return el("li", { class: "bar-row static" }, ...bar);
        return el("li", {}, el("button", { type: "button", class: "bar-row" + (selected === w.province ? " selected" : ""),
          "aria-pressed": selected === w.province ? "true" : "false", onclick: () => onPick(w.province) }, ...bar));
      })),
      el("p", { class: "legend" }, el("span", { class: "legend-item" }, el("span", { class: "swatch cand" }), t("候选企业", "candidates")),
        el("span", { class: "legend-item" }, el("span", { class: "swatch top" }), t("进入前列", "in the top list")))),
    el("div", {}, el("h3", {}, t("前列目标所在城市", "Cities of the top targets")),
      el("ul", { class: "bars" }, cityRows.map(([k, n]) => el("li", { class: "bar-row static" },
        el("span", { class: "bar-label" }, state.cityName.get(k) || (state.provinces.find((p) => p.code === k) || {}).name || t("未知", "unknown")),
        el("span", { class: "bar-track" }, el("span", { class: "bar top", style: `width:${(100 * n / cmax).toFixed(1)}%` })),
        el("span", { class: "bar-num" }, String(n)))))));
}

function filtersForm(code, chain, p) {
  const c = state.chainByID.get(chain);
  const sel = (id, label, options, value) => [el("label", { for: id }, label),
    el("select", { id, name: id }, el("option", { value: "" }, t("全部", "all")), options.map(([v, text]) => el("option", { value: v, selected: v === value }, text)))];
  const form = el("form", { class: "filters card", id: "filters", onsubmit: (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    go(withParams(`/counties/${code}`, { chain, node: f.get("node"), province: f.get("province"), tag: f.get("tag"), q: (f.get("q") || "").trim(), limit: f.get("limit"),
      preset: p.get("preset"), quota: p.get("quota") }));
  } },
  el("div", { class: "field" }, sel("node", t("环节", "Node"), c.nodes.map((n) => [n.id, t(n.name, n.name_en || n.name)]), p.get("node") || "")),
  el("div", { class: "field" }, sel("province", t("省份", "Province"), state.provinces.map((x) => [x.code, x.name]), p.get("province") || "")),
  el("div", { class: "field" }, sel("tag", t("企业标签", "Tag"), state.labels.tags.map((x) => [x.id, tl(x)]), p.get("tag") || "")),
  el("div", { class: "field" }, el("label", { for: "q" }, t("关键词", "Keywords")), el("input", { id: "q", name: "q", type: "search", value: p.get("q") || "", placeholder: t("如 轮毂电机", "e.g. hub motor") })),
  el("div", { class: "field" }, el("label", { for: "limit" }, t("数量", "Top")), el("input", { id: "limit", name: "limit", type: "number", min: "1", max: "500", value: p.get("limit") || (p.get("preset") ? "" : "30") })),
  el("div", { class: "field" }, el("button", { type: "submit", class: "primary" }, t("筛选", "Apply"))),
  (p.get("node") || p.get("province") || p.get("tag") || p.get("q")) ? el("div", { class: "field" }, el("a", { href: withParams(`/counties/${code}`, { chain, preset: p.get("preset"), quota: p.get("quota"), limit: p.get("limit") }) }, t("清除筛选", "Clear filters"))) : null);
  return form;
}

function describeFilters(chain, f) {
  const parts = [];
  if (f.node) parts.push(t("环节：", "node: ") + nodeName(chain, f.node));
  if (f.province && f.province.length) parts.push(t("省份：", "province: ") + f.province.map((c) => (state.provinces.find((p) => p.code === c) || { name: c }).name).join(t("、", ", ")));
  if (f.tags && f.tags.length) parts.push(t("标签：", "tags: ") + f.tags.map(L.tag).join(t("、", ", ")));
  if (f.q) parts.push(t("关键词：", "keywords: ") + f.q);
  if (f.limit) parts.push(t(`前 ${f.limit} 名`, `top ${f.limit}`));
  if (f.preset) parts.push(t("清单预设：", "preset: ") + f.preset);
  if (f.quotas && f.quotas.length) parts.push(t("配额：", "quotas: ") + f.quotas.map((q) => quotaText(chain, q)).join(t("、", ", ")));
  return parts.join(t("；", "; "));
}

function saveListForm(req, county) {
  const f = { node: req.node, province: req.province, tags: req.tags, q: req.q, limit: req.limit, preset: req.preset, quotas: req.quotas };
  const suggested = [countyName(county), chainName(req.chain), req.node ? nodeName(req.chain, req.node) : "", req.q || "", new Date().toISOString().slice(0, 10)].filter(Boolean).join(" · ");
  const name = el("input", { id: "list-name", name: "name", value: suggested, required: true, maxlength: "200" });
  const out = el("span", { id: "list-result", "aria-live": "polite" });
  const form = el("form", { class: "save-list", id: "save-list", onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      const l = await api("/api/v1/lists", { method: "POST", body: JSON.stringify({ ...req, name: name.value.trim() }) });
      out.replaceChildren(t("已保存：", "Saved: "), el("a", { href: `/lists/${l.id}` }, `${l.name}（${l.items.length} ${t("家", "items")}）`));
    } catch (err) {
      out.replaceChildren(el("span", { class: "error" }, err.message));
    }
  } },
  el("label", { for: "list-name" }, t("将当前所见保存为目标清单，名称：", "Save what is on screen as a target list named:")),
  el("div", { class: "row" }, name, el("button", { type: "submit", class: "primary" }, t("保存清单", "Save list"))),
  el("p", { class: "muted small" }, t("保存内容：", "Saves: ") + describeFilters(req.chain, f)), out);
  return form;
}

// quotaForm asks for a list mix: a preset of the county's profile (缙云's
// jinyun-450), the list size, per-tag counts or shares and per-node minimums. It
// writes them to the address (preset, quota, limit), which re-ranks with them.
function quotaForm(code, chainID, county, p) {
  const chain = state.chainByID.get(chainID);
  const presets = (county.list_presets || []).filter((lp) => !lp.chain || lp.chain === chainID);
  const current = parseQuotas(p.get("quota") || "");
  const byTag = new Map(current.filter((q) => q.tag).map((q) => [q.tag, q]));
  const byNode = new Map(current.filter((q) => q.node).map((q) => [q.node, q]));
  const presetSel = el("select", { id: "quota-preset", name: "preset" }, el("option", { value: "" }, t("不用预设", "no preset")),
    presets.map((lp) => el("option", { value: lp.name, selected: lp.name === p.get("preset") }, `${lp.name}（${lp.size} ${t("家", "targets")}）`)));
  const size = el("input", { id: "quota-size", name: "limit", type: "number", min: "1", max: "500", value: p.get("limit") || (p.get("preset") ? "" : "30"),
    placeholder: t("预设的数量", "the preset's size") });
  const presetNote = el("div", { class: "muted small", id: "preset-note" });
  const showPreset = () => {
    const lp = presets.find((x) => x.name === presetSel.value);
    presetNote.replaceChildren(...(lp ? [t(`预设 ${lp.name}：${lp.size} 家，其中 `, `Preset ${lp.name}: ${lp.size} targets, of which `),
      lp.quotas.map((q) => quotaText(chainID, q)).join(t("、", ", ")), t("（各类可重叠，均为最少数量）", " (the categories overlap; each is a minimum)"), " ", sourceNote(lp.source)] : []));
  };
  presetSel.addEventListener("change", () => {
    const lp = presets.find((x) => x.name === presetSel.value);
    size.value = lp ? String(lp.size) : "30";
    showPreset();
  });
  showPreset();
  const tagRows = state.labels.tags.map((g) => {
    const q = byTag.get(g.id);
    const num = el("input", { id: `quota-tag-${g.id}`, type: "number", min: "0", step: "any", value: q ? String(q.share ? Math.round(q.share * 1000) / 10 : q.min) : "" });
    const unit = el("select", { id: `quota-unit-${g.id}`, "aria-label": t(`${tl(g)} 的单位`, `unit for ${tl(g)}`) },
      el("option", { value: "n", selected: !(q && q.share) }, t("家", "firms")), el("option", { value: "%", selected: !!(q && q.share) }, "%"));
    return { id: g.id, num, unit, node: el("div", { class: "field quota-field" }, el("label", { for: num.id }, tl(g)), el("div", { class: "row" }, num, unit)) };
  });
  const nodeRows = chain.nodes.map((n) => {
    const q = byNode.get(n.id);
    const num = el("input", { id: `quota-node-${n.id}`, type: "number", min: "0", step: "1", value: q && q.min ? String(q.min) : "" });
    return { id: n.id, num, node: el("div", { class: "field quota-field" }, el("label", { for: num.id }, t(n.name, n.name_en || n.name)), num) };
  });
  const active = !!(p.get("preset") || p.get("quota"));
  const form = el("form", { id: "quota-form", onsubmit: (ev) => {
    ev.preventDefault();
    const qs = [];
    for (const r of tagRows) {
      const v = Number(r.num.value);
      if (v > 0) qs.push(r.unit.value === "%" ? { tag: r.id, share: v / 100 } : { tag: r.id, min: Math.round(v) });
    }
    for (const r of nodeRows) { const v = Number(r.num.value); if (v > 0) qs.push({ node: r.id, min: Math.round(v) }); }
    go(withParams(`/counties/${code}`, { ...Object.fromEntries(params()), preset: presetSel.value, quota: quotaParam(qs), limit: size.value }));
  } },
  el("div", { class: "filters" },
    el("div", { class: "field" }, el("label", { for: "quota-preset" }, t("清单预设（来自县域档案）", "List preset (from the county profile)")), presetSel),
    el("div", { class: "field" }, el("label", { for: "quota-size" }, t("清单数量", "List size")), size)),
  presets.length ? presetNote : el("p", { class: "muted small" }, t("该县档案中没有本链的清单预设；可在下方自定配额。", "The county profile has no list preset for this chain; set quotas below.")),
  el("fieldset", {}, el("legend", {}, t("各类企业最少数量或比例", "Minimum count or share per kind")), el("div", { class: "filters" }, tagRows.map((r) => r.node))),
  el("details", { open: byNode.size > 0 }, el("summary", {}, t("各环节最少数量", "Minimum per chain node")), el("div", { class: "filters" }, nodeRows.map((r) => r.node))),
  el("p", { class: "actions" }, el("button", { type: "submit", class: "primary", id: "quota-apply" }, t("按配额重排", "Re-rank with the quotas")),
    active ? el("a", { href: withParams(`/counties/${code}`, { ...Object.fromEntries(params()), preset: "", quota: "", limit: "" }) }, t("取消配额", "Drop the quotas")) : null));
  return el("details", { class: "card quota", id: "quota-box", open: active },
    el("summary", {}, t("清单结构与配额（外资、龙头、高新、上市、高成长…）", "List mix and quotas (foreign-funded, leaders, high-tech, listed, high-growth…)")), form);
}

// quotaReport shows what each quota asked and got, why an unmet one could not be
// met, and the score the mix gives up against the unconstrained top N.
function quotaReport(rep, res, chainID) {
  const names = new Map((res.targets || []).map((x) => [(x.enterprise || x.talent || {}).id, targetName(x)]));
  const pct = rep.top_score > 0 ? (100 * rep.score_given_up) / rep.top_score : 0;
  const head = [t("配额", "Quota"), t("要求", "Wanted"), t("入选", "Got"), t("不设配额时", "Without quotas"), t("候选中符合", "Available"), t("是否满足", "Met"), t("原因", "Why not")];
  return el("section", { class: "card", id: "quota-report", "aria-labelledby": "quota-report-h" },
    el("h3", { id: "quota-report-h" }, t(`清单结构报告（${rep.n} 家）`, `List mix report (${rep.n} targets)`)),
    el("p", { class: rep.feasible ? "" : "error", id: "quota-feasible" }, rep.feasible ? t("全部配额均已满足。", "Every quota is met.")
      : t("部分配额无法满足：候选中符合条件的企业不足（见下表原因），未被忽略。", "Some quotas cannot be met: too few candidates qualify (see why below); none was dropped.")),
    el("p", { id: "quota-cost" }, t(`满足配额的清单总得分 ${fmt(rep.score, 3)}，不设配额的前 ${rep.n} 名总得分 ${fmt(rep.top_score, 3)}：让出 ${fmt(rep.score_given_up, 3)}（${fmt(pct, 1)}%）。`,
      `The list with the quotas scores ${fmt(rep.score, 3)} in all, the unconstrained top ${rep.n} ${fmt(rep.top_score, 3)}: ${fmt(rep.score_given_up, 3)} given up (${fmt(pct, 1)}%).`)),
    el("div", { class: "scroll" }, el("table", { class: "quota-table" },
      el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, (rep.quotas || []).map((q) => el("tr", { "data-met": q.met ? "true" : "false" },
        el("th", { scope: "row" }, quotaText(chainID, q)), el("td", { class: "num" }, String(q.want)), el("td", { class: "num" }, String(q.got)),
        el("td", { class: "num" }, String(q.unconstrained)), el("td", { class: "num" }, String(q.available)),
        el("td", {}, q.met ? el("span", { class: "ok" }, "✓ " + t("满足", "met")) : el("span", { class: "error" }, "✗ " + t("未满足", "not met"))),
        el("td", {}, q.reason ? t(q.reason.zh, q.reason.en) : "—")))))),
    (rep.entered || []).length ? el("p", { class: "small" }, t(`因配额换入 ${rep.entered.length} 家：`, `${rep.entered.length} brought in by the quotas: `),
      rep.entered.map((id) => names.get(id) || id).join(t("、", ", ")), t(`；换出不设配额时的 ${(rep.left || []).length} 家。`, `; ${(rep.left || []).length} of the unconstrained top left.`)) : null);
}

// cityCode is the four-digit code of a county's city when the city has other
// counties with a positioning (a city-wide run makes sense), else "".
function cityOf(county) {
  if (!county.city) return "";
  const profiled = state.counties.filter((c) => c.city === county.city && c.code !== county.city && (c.positioning || []).length);
  return profiled.length >= 2 && profiled.some((c) => c.code !== county.code) ? county.city.slice(0, 4) : "";
}

// talentLine describes a talent: standing, institution, honours and ties.
function talentLine(x) {
  const p = x.talent || {};
  const bits = [[p.degree, p.title].filter(Boolean).join(" · "), p.institution, p.expertise || p.field].filter(Boolean);
  if ((p.honours || []).length) bits.push(p.honours.join(t("、", ", ")));
  if (p.hometown) bits.push(t(`籍贯 ${place({ county: p.hometown })}`, `from ${place({ county: p.hometown })}`));
  if (p.location && !/^\d{6}$/.test(p.location)) bits.push(t(`海外（${p.location}）`, `abroad (${p.location})`));
  return bits.join(t("；", "; "));
}

// gapView shows, per gap node (highest priority first), the enterprises and the
// talents to bring in (GET /api/v1/counties/{code}/view): 双招双引 side by side.
function gapView(code, chainID, view) {
  const nodes = (view.nodes || []).filter((n) => (n.enterprises || []).length || (n.talents || []).length);
  const card = (n) => el("section", { class: "gapnode", "data-node": n.id, "aria-labelledby": `gv-${n.id}` },
    el("h3", { id: `gv-${n.id}` }, nodeName(chainID, n.id, n.name), " ", el("span", { class: "gapchip lv-" + L.level(n) }, L.levelName(L.level(n))),
      el("span", { class: "muted small" }, ` ${L.stage(n.stage)} · ${t("优先级", "priority")} ${fmt(n.priority, 2)}`)),
    el("div", { class: "two" },
      el("div", {}, el("h4", {}, t("引进企业", "Enterprises")), (n.enterprises || []).length ? el("ol", { class: "gv-ent" }, n.enterprises.map((x) => el("li", {},
        el("a", { href: withParams(`/counties/${code}/targets/${encodeURIComponent(x.enterprise.id)}`, { chain: chainID }) }, targetName(x)),
        " ", el("span", { class: "muted small" }, `${place(x.enterprise)} · ${fmt(x.score, 3)}`))))
        : el("p", { class: "muted small" }, t("无候选企业", "no candidate enterprise"))),
      el("div", {}, el("h4", {}, t("引进人才", "Talents")), (n.talents || []).length ? el("ol", { class: "gv-talents" }, n.talents.map((x) => el("li", {},
        el("strong", {}, targetName(x)), " ", el("span", { class: "small" }, talentLine(x)), " ", el("span", { class: "muted small" }, fmt(x.score, 3)))))
        : el("p", { class: "muted small" }, t("暂无匹配人才", "no matching talent")))));
  const first = nodes.slice(0, 6), rest = nodes.slice(6);
  return el("section", { class: "card", id: "gap-view", "aria-labelledby": "gap-view-h" },
    el("h2", { id: "gap-view-h" }, t("各缺口环节：引进企业与人才（双招双引）", "Per gap node: enterprises and talents to bring in")),
    el("p", { class: "muted small" }, t("企业与人才按同一排序方法评分；按缺口优先级排列。", "Enterprises and talents are scored by the same ranking; nodes by gap priority.")),
    first.map(card),
    rest.length ? el("details", {}, el("summary", {}, t(`其余 ${rest.length} 个环节`, `The other ${rest.length} nodes`)), rest.map(card)) : null);
}

async function viewCounty(code, current) {
  const p = params();
  const county = await getCounty(code);
  if (!p.get("chain")) {
    history.replaceState(null, "", withParams(location.pathname, { ...Object.fromEntries(p), chain: defaultChain(county) }));
    p.set("chain", defaultChain(county));
  }
  const chainID = p.get("chain");
  const chain = state.chainByID.get(chainID);
  if (!chain) throw new Error(t(`没有产业链 ${chainID}`, `no chain ${chainID}`));
  const req = matchRequest(code, p);
  // In a city with several profiled counties, each target says which sibling
  // county fits it better (better_fit).
  const city = cityOf(county);
  if (city) req.siblings = true;
  // The map shows every node: its gaps come from an unfiltered request.
  const [res, gaps, view] = await Promise.all([
    api("/api/v1/match", { method: "POST", body: JSON.stringify(req) }),
    api(`/api/v1/counties/${encodeURIComponent(code)}/gaps?chain=${encodeURIComponent(chainID)}`),
    api(`/api/v1/counties/${encodeURIComponent(code)}/view?chain=${encodeURIComponent(chainID)}&per_node=3`),
  ]);
  if (!current()) return null;
  const here = Object.fromEntries(p);
  const pick = (k) => (v) => go(withParams(location.pathname, { ...here, [k]: here[k] === v ? "" : v }));
  const chainTabs = el("nav", { class: "chips tabs", "aria-label": t("产业链", "Chains") },
    [...new Set([...(county.positioning || []).map((x) => x.chain), ...state.chains.map((c) => c.id)])].map((id) =>
      el("a", { class: "chip" + (id === chainID ? " on" : ""), href: withParams(`/counties/${code}`, { chain: id }), "aria-current": id === chainID ? "page" : null },
        ((county.positioning || []).some((x) => x.chain === id) ? "★ " : "") + chainName(id))));
  const n = (res.targets || []).length;
  status(t(`${n} 个目标（候选 ${res.counts ? res.counts.candidates : "—"} 家）`, `${n} targets (of ${res.counts ? res.counts.candidates : "—"} candidates)`));
  const gapRows = gaps.nodes.slice().sort((a, b) => b.priority - a.priority);
  return el("div", {},
    countyHeader(county),
    el("h2", { id: "chain-h" }, t("产业链：", "Chain: ") + chainName(chainID)), chainTabs,
    el("p", { class: "actions" }, el("a", { class: "button", href: withParams(`/counties/${code}/brief`, { chain: chainID }) }, t("领导审阅页（可打印）", "Leader's brief (printable)")),
      el("a", { class: "button", href: withParams("/analyst", { county: code, chain: chainID }) }, t("在分析工作台调整权重", "Tune weights in the workbench")),
      city ? el("a", { class: "button", id: "city-link", href: withParams(`/cities/${city}`, { chain: chainID }) },
        t(`全市错位分工（${county.city_name}）`, `City-wide dislocation (${county.city_name})`)) : null),
    el("section", { "aria-labelledby": "map-h" }, el("h2", { id: "map-h" }, t("产业链图谱与缺口（补什么）", "Chain map and gaps (what to recruit)")),
      chainMap(chain, gaps, p.get("node"), pick("node")),
      el("details", { class: "card" }, el("summary", {}, t("缺口明细（按优先级）", "Gap details (by priority)")),
        el("div", { class: "scroll" }, el("table", { class: "gaps" },
          el("thead", {}, el("tr", {}, [t("环节", "Node"), t("位置", "Stage"), t("优先级", "Priority"), t("本地企业", "Local firms"), t("依据", "Evidence"), "LQ", ...state.labels.gap_parts.slice(1).map(tl)].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, gapRows.map((g) => el("tr", {}, el("td", {}, nodeName(chainID, g.id, g.name)), el("td", {}, L.stage(g.stage)),
            el("td", { class: "num" }, fmt(g.priority, 3)), el("td", { class: "num" }, String(g.local_count ?? 0)), el("td", {}, t(g.evidence_zh || g.evidence, g.evidence_en || g.evidence)),
            el("td", { class: "num" }, fmt(g.lq)), el("td", { class: "num" }, fmt(g.absence)), el("td", { class: "num" }, fmt(g.importance)), el("td", { class: "num" }, fmt(g.feasibility)), el("td", { class: "num" }, fmt(g.emphasis)))))))),
      gaps.feasibility_not_used ? el("p", { class: "muted small" }, t(gaps.feasibility_not_used.zh, gaps.feasibility_not_used.en)) : null),
    el("section", { "aria-labelledby": "where-h", class: "card" }, el("h2", { id: "where-h" }, t("去哪里招（候选企业分布）", "Where to recruit (where the candidates are)")),
      whereChart(res, pick("province"), p.get("province"))),
    el("section", { "aria-labelledby": "targets-h" }, el("h2", { id: "targets-h" }, t("推荐目标（招谁、怎么招）", "Targets (who, and how)")),
      filtersForm(code, chainID, p), quotaForm(code, chainID, county, p),
      res.quotas ? quotaReport(res.quotas, res, chainID) : null, legend(),
      n ? targetsTable(code, chainID, res, { entered: new Set((res.quotas && res.quotas.entered) || []) }) : el("p", { class: "card muted" }, t("没有符合条件的目标。", "No targets match these filters.")),
      n && state.me && state.me.role !== "viewer" ? saveListForm(req, county) : null),
    gapView(code, chainID, view));
}

// ---- city view (错位发展) ---------------------------------------------------

// namesIn replaces county codes in an API sentence by the counties' names.
function namesIn(text) {
  return String(text || "").replace(/\d{6}(?:-[a-z]+)?/g, (c) => (state.byCode.get(c) ? countyName(state.byCode.get(c)) : c));
}

// topClaims are the four strongest claims on a contested firm, and the winner's.
function topClaims(cf) {
  const cl = (cf.claims || []).slice().sort((a, b) => b.score - a.score);
  const top = cl.slice(0, 4);
  const won = cl.find((c) => c.county === cf.assigned_to);
  if (won && !top.includes(won)) top.push(won);
  return top;
}

// viewCity is a city-wide run: each enterprise offered to the county of the city
// where it fits best (an assignment, not a greedy pass), each county's targets,
// and the enterprises several counties wanted with how each was resolved.
async function viewCity(code, current) {
  const p = params();
  const city6 = code.length === 4 ? code + "00" : code;
  const members = state.counties.filter((c) => c.city === city6 && c.code !== city6);
  if (!members.length) throw new Error(t(`没有城市 ${code}`, `no city ${code}`));
  const count = new Map();
  for (const c of members) for (const q of c.positioning || []) count.set(q.chain, (count.get(q.chain) || 0) + 1);
  const positioned = [...count.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id).filter((id) => state.chainByID.has(id));
  const chainID = p.get("chain") || positioned[0] || state.chains[0].id;
  if (!state.chainByID.has(chainID)) throw new Error(t(`没有产业链 ${chainID}`, `no chain ${chainID}`));
  const limit = Math.min(200, Math.max(1, Number(p.get("limit")) || 10));
  const res = await api("/api/v1/match", { method: "POST", body: JSON.stringify({ city: code, chain: chainID, limit }) });
  if (!current()) return null;
  const cname = (c) => countyName(state.byCode.get(c)) || c;
  const assigned = (res.assignments || []).reduce((a, x) => a + (x.targets || []).length, 0);
  status(t(`${(res.assignments || []).length} 个县（市、区）共 ${assigned} 家目标，${(res.conflicts || []).length} 处争抢`,
    `${assigned} targets over ${(res.assignments || []).length} counties, ${(res.conflicts || []).length} contested`));
  const tabs = el("nav", { class: "chips tabs", "aria-label": t("产业链", "Chains") },
    [...new Set([...positioned, ...state.chains.map((c) => c.id)])].map((id) =>
      el("a", { class: "chip" + (id === chainID ? " on" : ""), href: withParams(`/cities/${code}`, { chain: id, limit: p.get("limit") }), "aria-current": id === chainID ? "page" : null },
        (count.has(id) ? `★${count.get(id)} ` : "") + chainName(id))));
  const limitIn = el("input", { id: "city-limit", name: "limit", type: "number", min: "1", max: "200", value: String(limit) });
  const card = (a) => {
    const c = state.byCode.get(a.county);
    const onChain = c && (c.positioning || []).some((q) => q.chain === chainID);
    return el("section", { class: "card city-county", "data-county": a.county, "aria-labelledby": `cc-${a.county}` },
      el("h3", { id: `cc-${a.county}` }, el("a", { href: withParams(`/counties/${a.county}`, { chain: chainID }) }, c ? countyName(c) : a.name),
        onChain ? el("span", { class: "muted small" }, t(" ★定位该链", " ★ positioned on this chain")) : null,
        a.kept ? el("span", { class: "muted small" }, t(" · 保留自有清单", " · keeps its own list")) : null),
      (a.targets || []).length ? el("ol", { class: "city-targets" }, a.targets.map((x) => {
        const e = x.enterprise || {};
        return el("li", { "data-id": e.id },
          el("a", { href: withParams(`/counties/${a.county}/targets/${encodeURIComponent(e.id)}`, { chain: chainID }) }, targetName(x)),
          " ", el("span", { class: "muted small" }, `${nodeName(chainID, x.node, x.node_name)} · ${fmt(x.score, 3)}`));
      })) : el("p", { class: "muted small" }, t("没有分到目标。", "No target assigned.")));
  };
  return el("div", {},
    el("p", { class: "crumbs" }, el("a", { href: "/" }, t("首页", "Home")), " › "),
    el("h1", {}, t(`${res.city_name || code} · ${chainName(chainID)}：全市错位分工`, `${res.city_name || code} · ${chainName(chainID)}: city-wide dislocation`)),
    el("p", { class: "muted" }, t("每家企业只推荐给最适合它的一个县（市、区）：按全市总匹配度最优分配（指派问题，而非先到先得），避免同市各县争抢同一目标。",
      "Each enterprise is offered to one county only, the one it fits best: an assignment that maximises the city's total fit (not first come, first served), so the counties of a city do not chase the same firm.")),
    tabs,
    el("form", { class: "card filters", onsubmit: (ev) => { ev.preventDefault(); go(withParams(`/cities/${code}`, { chain: chainID, limit: limitIn.value })); } },
      el("div", { class: "field" }, el("label", { for: "city-limit" }, t("每县目标数", "Targets per county")), limitIn),
      el("div", { class: "field" }, el("button", { type: "submit", class: "primary" }, t("重新分配", "Assign again")))),
    el("p", { id: "city-total" }, t(`分配后全市总得分 ${fmt(res.score, 3)}；各县各取前 ${limit} 名（可重复）的合计 ${fmt(res.top_score, 3)}。`,
      `Total fit after the assignment ${fmt(res.score, 3)}; each county taking its own top ${limit} (firms repeated) would sum to ${fmt(res.top_score, 3)}.`)),
    el("h2", {}, t("各县（市、区）分到的目标", "Targets assigned to each county")),
    el("div", { class: "city-grid", id: "city-assignments" }, (res.assignments || []).map(card)),
    el("h2", { id: "conflicts-h" }, t("争抢与裁决", "Contested firms and how each was resolved")),
    (res.conflicts || []).length ? el("div", { class: "scroll" }, el("table", { class: "responsive", id: "conflicts", "aria-labelledby": "conflicts-h" },
      el("thead", {}, el("tr", {}, [t("企业", "Enterprise"), t("想要它的县（名次 · 得分）", "Counties that wanted it (rank · score)"), t("分给", "Assigned to"), t("裁决理由", "Resolution")].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, res.conflicts.map((cf) => el("tr", {},
        el("td", { "data-label": t("企业", "Enterprise") }, (cf.enterprise || {}).name || "—"),
        el("td", { "data-label": t("想要它的县", "Wanted by") }, el("ul", { class: "plain claims" }, topClaims(cf).map((cl) => el("li", { class: cl.county === cf.assigned_to ? "won" : "" },
          `${cname(cl.county)} · ${t(`第 ${cl.rank} 名`, `rank ${cl.rank}`)} · ${fmt(cl.score, 3)}`)),
          (cf.claims || []).length > topClaims(cf).length ? el("li", { class: "muted" }, t(`另有 ${cf.claims.length - topClaims(cf).length} 个县`, `and ${cf.claims.length - topClaims(cf).length} more`)) : null)),
        el("td", { "data-label": t("分给", "Assigned to") }, cf.assigned_to ? el("strong", {}, cname(cf.assigned_to)) : t("未分配", "not assigned")),
        el("td", { "data-label": t("理由", "Resolution") }, namesIn(cf.resolution ? t(cf.resolution.zh, cf.resolution.en) : "—")))))))
      : el("p", { class: "card muted" }, t("没有几个县同时想要的企业。", "No firm was wanted by more than one county.")));
}

// ---- target page -----------------------------------------------------------

async function viewTarget(code, id, current) {
  const p = params();
  const county = await getCounty(code);
  const chainID = p.get("chain") || defaultChain(county);
  const [e, res, lists] = await Promise.all([
    api(`/api/v1/enterprises/${encodeURIComponent(id)}`),
    api("/api/v1/match", { method: "POST", body: JSON.stringify({ county: code, chain: chainID, limit: 500 }) }),
    api("/api/v1/lists"),
  ]);
  if (!current()) return null;
  const x = (res.targets || []).find((tg) => tg.enterprise && tg.enterprise.id === id);
  // Sibling counties: the others of its city with a positioning (those on this
  // chain first), and where it would rank for each on this chain.
  const siblings = state.counties.filter((c) => c.code !== code && c.city === county.city && (c.positioning || []).length)
    .sort((a, b) => Number((b.positioning || []).some((q) => q.chain === chainID)) - Number((a.positioning || []).some((q) => q.chain === chainID)));
  const sibRanks = await Promise.all(siblings.map(async (c) => {
    const r = await api("/api/v1/match", { method: "POST", body: JSON.stringify({ county: c.code, chain: chainID, limit: 200 }) });
    const hit = (r.targets || []).find((tg) => tg.enterprise && tg.enterprise.id === id);
    return [c, hit ? hit.rank : null];
  }));
  const memberships = [];
  for (const l of lists) {
    if (l.county !== code && l.chain !== chainID) continue;
    const full = await api(`/api/v1/lists/${encodeURIComponent(l.id)}`);
    const it = (full.items || []).find((i) => i.subject_id === id);
    if (it) memberships.push([full, it, await api(`/api/v1/lists/${encodeURIComponent(l.id)}/items/${it.id}`)]);
  }
  if (!current()) return null;
  const src = [e.source, e.as_of].filter(Boolean).join(" · ");
  const field = (label, v) => (v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length)) ? null : el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, v), el("td", { class: "muted small" }, src));
  const events = (list, label) => (list || []).length ? el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, el("ul", { class: "plain" }, list.map((ev) =>
    el("li", {}, [ev.date, ev.type, ev.detail].filter(Boolean).join(" · "), " ", ev.source ? el("span", { class: "source" }, ev.source) : null)))), el("td", {})) : null;
  const means = res.means || {};
  return el("div", {},
    el("p", { class: "crumbs" }, el("a", { href: withParams(`/counties/${code}`, { chain: chainID }) }, `${countyName(county)} · ${chainName(chainID)}`), " › "),
    el("h1", {}, e.name, " ", el("span", { class: "muted code" }, e.uscc || e.id)), el("div", {}, tags(e)),
    el("div", { class: "two" },
      el("section", { class: "card" }, el("h2", {}, t("企业信息", "What is known")),
        el("table", { class: "fields" }, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("字段", "Field")), el("th", { scope: "col" }, t("内容", "Value")), el("th", { scope: "col" }, t("来源 · 截至", "Source · as of")))),
          el("tbody", {}, field(t("英文名", "English name"), e.name_en), field(t("所在地", "Location"), place(e)), field(t("地址", "Address"), e.address),
            field(t("成立日期", "Founded"), e.founded), field(t("注册资本（万元）", "Registered capital (10k CNY)"), e.registered_capital_wan), field(t("员工", "Employees"), e.employees),
            field(t("营收（万元）", "Revenue (10k CNY)"), e.revenue_wan), field(t("行业代码", "Industry code"), [e.industry_code, e.industry].filter(Boolean).join(" ")),
            field(t("经营范围", "Business scope"), e.scope), field(t("产品", "Products"), e.products), field(t("上市", "Listing"), [e.exchange, e.ticker].filter(Boolean).join(" ")),
            field(t("专利", "Patents"), e.patents), events(e.signals, t("动态", "Signals")), events(e.risks, t("风险", "Risks")),
            field(t("产业链环节", "Chain nodes"), (e.node_tags || []).filter((nt) => nt.chain === chainID).map((nt) => `${nodeName(chainID, nt.node)} (${fmt(nt.confidence, 2)})`).join(t("、", ", ")))))),
      el("section", { class: "card" }, el("h2", {}, t("为何推荐", "Why it is recommended")),
        x ? [el("p", {}, t(`在${countyName(county)}${chainName(chainID)}中排第 ${x.rank} 名，得分 ${fmt(x.score, 3)}，补链环节：`, `Rank ${x.rank} for ${countyName(county)} · ${chainName(chainID)}, score ${fmt(x.score, 3)}, node: `), nodeName(chainID, x.node, x.node_name)),
          el("table", { class: "contrib" }, el("thead", {}, el("tr", {}, [t("构成", "Part"), t("贡献", "Contribution"), t("高于平均", "Above the mean"), ""].map((h) => el("th", { scope: "col" }, h)))),
            el("tbody", {}, state.labels.features.map((f) => {
              const v = (x.contributions || {})[f.id] || 0;
              return el("tr", {}, el("th", { scope: "row", title: t(f.doc, f.doc_en) }, el("span", { class: "swatch", style: `background:${L.colour(f.id)}` }), t(f.label, f.label_en)),
                el("td", { class: "num" }, fmt(v, 3)), el("td", { class: "num" }, means[f.id] !== undefined ? fmt(v - means[f.id], 3) : "—"),
                el("td", {}, el("span", { class: "hbar", style: `width:${Math.round(Math.abs(v) * 300)}px;background:${L.colour(f.id)}` })));
            }))),
          el("h3", {}, t("推荐理由", "Reasons")), el("ul", {}, (x.reasons || []).map((r) => el("li", {}, t(r.zh, r.en)))),
          el("h3", {}, t("对接渠道", "Channel")), x.channel ? el("p", {}, el("span", { class: "chip static" }, L.channel(x.channel.type)), " ", t(x.channel.name, x.channel.name_en || x.channel.name),
            x.channel_reason ? el("span", { class: "muted" }, " — " + t(x.channel_reason.zh, x.channel_reason.en)) : null) : el("p", { class: "muted" }, "—"),
          (x.flags || []).map((f) => el("p", { class: "flag" }, t(f.zh, f.en)))]
          : el("p", { class: "muted" }, t("不在该县该链的前 500 名中（或为本地企业）。", "Not among the top 500 for this county and chain (or a local firm).")))),
    el("div", { class: "two" },
      el("section", { class: "card" }, el("h2", {}, t("同市其他县的匹配", "Sibling counties it would fit")),
        sibRanks.length ? el("ul", { class: "plain" }, sibRanks.map(([c, r]) => el("li", {}, el("a", { href: withParams(`/counties/${c.code}/targets/${encodeURIComponent(id)}`, { chain: chainID }) }, countyName(c)), " · ",
          r ? t(`第 ${r} 名`, `rank ${r}`) : t("不在前 200 名", "not in the top 200"),
          (c.positioning || []).some((q) => q.chain === chainID) ? el("span", { class: "muted small" }, t("（定位该链）", " (positioned on this chain)")) : null)))
          : el("p", { class: "muted" }, t("同市没有其他已收录产业定位的县。", "No other county of the city has a positioning on record."))),
      el("section", { class: "card" }, el("h2", {}, t("所在清单与进展", "Lists and history")),
        memberships.length ? el("ul", { class: "plain" }, memberships.map(([l, it, detail]) => el("li", {},
          el("a", { href: `/lists/${l.id}` }, l.name), ` · ${L.status(it.status)}`, it.owner ? ` · ${t("负责人", "owner")} ${it.owner}` : "", it.notes ? ` · ${it.notes}` : "",
          el("ul", { class: "history" }, (detail.history || []).map((h) => el("li", {}, `${h.at.slice(0, 16).replace("T", " ")} ${h.by}: ${L.status(h.from)} → ${L.status(h.to)}`))))))
          : el("p", { class: "muted" }, t("尚未加入任何清单。", "On no list yet.")))));
}

// ---- leader's brief --------------------------------------------------------

function paragraph(x, chainID) {
  const e = x.enterprise || x.talent || {};
  const rs = (x.reasons || []).filter((r) => r.feature).slice(0, 2).map((r) => t(r.zh, r.en));
  const how = x.channel ? t(`建议经“${x.channel.name}”对接`, `reach it through ${x.channel.name_en || x.channel.name}`) : "";
  return [t(`位于${place(e)}`, `In ${place(e)}`), rs.join(t("；", "; ")), how].filter(Boolean).join(t("。", ". ")) + t("。", ".");
}

async function viewBrief(code, current) {
  const p = params();
  const county = await getCounty(code);
  const chainID = p.get("chain") || defaultChain(county);
  // Talents per gap node come from the county view (the same ranking path as
  // the enterprises); a node of the top 10 lists its best two.
  const [res, view] = await Promise.all([
    api("/api/v1/match", { method: "POST", body: JSON.stringify({ county: code, chain: chainID, limit: 10 }) }),
    api(`/api/v1/counties/${encodeURIComponent(code)}/view?chain=${encodeURIComponent(chainID)}&per_node=2`),
  ]);
  if (!current()) return null;
  const targets = res.targets || [];
  const max = Math.max(1e-9, ...targets.map((x) => Object.values(x.contributions || {}).reduce((a, v) => a + Math.max(0, v), 0)));
  const gaps = res.gaps.nodes.slice().sort((a, b) => b.priority - a.priority);
  const byNode = new Map();
  for (const x of targets) { if (!byNode.has(x.node)) byNode.set(x.node, []); byNode.get(x.node).push(x); }
  const tByNode = new Map((view.nodes || []).map((n) => [n.id, n.talents || []]));
  const order = gaps.filter((g) => byNode.has(g.id));
  return el("article", { class: "brief" },
    el("p", { class: "crumbs noprint" }, el("a", { href: withParams(`/counties/${code}`, { chain: chainID }) }, t("返回县域页", "Back to the county")), " · ",
      el("button", { type: "button", class: "primary", onclick: () => window.print() }, t("打印", "Print"))),
    el("h1", {}, t(`${countyName(county)} · ${chainName(chainID)} 招商目标审阅`, `${countyName(county)} · ${chainName(chainID)}: targets for review`)),
    el("p", { class: "muted" }, `${new Date().toISOString().slice(0, 10)} · ${t("权重", "weights")} ${res.weights.name} v${res.weights.version} · ${t(`候选 ${res.counts.candidates} 家中的前 10 名`, `top 10 of ${res.counts.candidates} candidates`)}`),
    el("section", { class: "brief-gaps" }, el("h2", {}, t("链条缺口", "Chain gaps")),
      el("p", {}, gaps.slice(0, 8).map((g) => el("span", { class: "gapchip lv-" + L.level(g) }, `${nodeName(chainID, g.id, g.name)} · ${L.levelName(L.level(g))}`)))),
    legend(),
    order.map((g) => el("section", { class: "brief-node" },
      el("h2", {}, `${nodeName(chainID, g.id, g.name)}`, el("span", { class: "muted small" }, ` · ${L.stage(g.stage)} · ${L.levelName(L.level(g))} · ${t("优先级", "priority")} ${fmt(g.priority, 2)}`)),
      (byNode.get(g.id) || []).map((x) => el("div", { class: "brief-target" },
        el("div", { class: "brief-line" }, el("strong", {}, `${x.rank}. ${targetName(x)}`), " ", tags(x.enterprise || {}),
          el("span", { class: "brief-score" }, fmt(x.score, 3)), stack(x.contributions || {}, max)),
        el("p", {}, paragraph(x, chainID)))),
      (tByNode.get(g.id) || []).length ? el("p", { class: "talents" }, el("strong", {}, t("引进人才：", "Talents to bring in: ")),
        (tByNode.get(g.id) || []).map((x) => `${targetName(x)}${t("（", " (")}${talentLine(x)}${t("）", ")")}`).join(t("；", "; "))) : null)));
}

// ---- analyst's workbench ---------------------------------------------------

// saaty is the AHP scale the matrix offers, as text and value.
const SAATY = [["9", 9], ["7", 7], ["5", 5], ["3", 3], ["1", 1], ["1/3", 1 / 3], ["1/5", 1 / 5], ["1/7", 1 / 7], ["1/9", 1 / 9]];

async function viewAnalyst(current) {
  const p = params();
  const code = p.get("county") || "331122";
  const county = await getCounty(code);
  const chainID = p.get("chain") || defaultChain(county);
  const wl = await api("/api/v1/weights");
  if (!current()) return null;
  const profiles = [wl.default, ...(wl.profiles || [])];
  const base = profiles.find((w) => `${w.name}@${w.version}` === p.get("base")) || wl.default;
  const beta = { ...base.beta }, gap = { ...base.gap };
  const out = el("div", { id: "sandbox-out", "aria-live": "polite" });
  let timer = null;
  const rerank = () => { clearTimeout(timer); timer = setTimeout(runSandbox, 250); };
  const slider = (kind, id, label, doc, value, lo, hi) => {
    const inp = el("input", { type: "range", id: `w-${kind}-${id}`, min: lo, max: hi, step: "0.05", value: String(value ?? 0), "aria-describedby": `d-${kind}-${id}` });
    const num = el("output", { for: inp.id, id: `o-${kind}-${id}` }, fmt(value ?? 0));
    inp.addEventListener("input", () => { (kind === "beta" ? beta : gap)[id] = Number(inp.value); num.textContent = fmt(Number(inp.value)); rerank(); });
    return el("div", { class: "slider" }, el("label", { for: inp.id }, label), inp, num, el("span", { id: `d-${kind}-${id}`, class: "muted small" }, doc));
  };
  const betaBox = el("div", {}, state.labels.features.map((f) => slider("beta", f.id, t(f.label, f.label_en), t(f.doc, f.doc_en), beta[f.id], f.default_weight < 0 ? "-1" : "0", f.default_weight < 0 ? "0" : "1")));
  const gapBox = el("div", {}, state.labels.gap_parts.map((g) => slider("gap", g.id, tl(g), "", gap[g.id], "0", "1")));
  async function runSandbox() {
    const seq = state.seq;
    out.setAttribute("aria-busy", "true");
    try {
      const r = await api("/api/v1/weights/sandbox", { method: "POST", body: JSON.stringify({ county: code, chain: chainID, limit: 20,
        a: { name: base.name, version: base.version }, b: { weights: { name: "sandbox", beta, gap } } }) });
      if (seq !== state.seq) return;
      const c = r.comparison;
      const row = (m, kind) => el("li", { class: kind }, `${m.name} `, el("span", { class: "muted" }, kind === "entered" ? t(`进入第 ${m.to} 名`, `enters at ${m.to}`) : kind === "left" ? t(`离开（原第 ${m.from} 名）`, `leaves (was ${m.from})`) : `${m.from} → ${m.to}`));
      out.replaceChildren(
        el("p", { id: "diff-summary" }, t(`前 ${c.n} 名：进入 ${c.entered.length}，离开 ${c.left.length}，名次变化 ${c.moved.length}，不变 ${c.stayed}；Kendall τ = ${fmt(c.kendall_tau, 3)}`,
          `Top ${c.n}: ${c.entered.length} entered, ${c.left.length} left, ${c.moved.length} moved, ${c.stayed} stayed; Kendall τ = ${fmt(c.kendall_tau, 3)}`)),
        el("div", { class: "two" },
          el("div", {}, el("h3", {}, t("调整后排名", "New ranking")), el("ol", { id: "sandbox-rank" }, r.b.targets.map((x) => el("li", {}, targetName(x), " ", el("span", { class: "muted small" }, fmt(x.score, 3)))))),
          el("div", {}, el("h3", {}, t("变化", "Changes")), el("ul", { class: "diff", id: "sandbox-diff" }, c.entered.map((m) => row(m, "entered")), c.left.map((m) => row(m, "left")), c.moved.map((m) => row(m, "moved"))))));
    } catch (err) {
      out.replaceChildren(el("p", { class: "error" }, err.message));
    } finally { out.removeAttribute("aria-busy"); }
  }
  // AHP over the positive features.
  const crit = state.labels.features.filter((f) => f.default_weight > 0).map((f) => f.id);
  const cells = [];
  const ahpOut = el("div", { id: "ahp-out", "aria-live": "polite" });
  const ahpTable = el("table", { class: "ahp" }, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, ""), crit.map((c) => el("th", { scope: "col" }, L.featureName(c))))),
    el("tbody", {}, crit.map((a, i) => el("tr", {}, el("th", { scope: "row" }, L.featureName(a)), crit.map((b, j) => {
      if (j <= i) return el("td", { class: "muted" }, j === i ? "1" : "");
      const s = el("select", { "aria-label": t(`${L.featureName(a)} 相对 ${L.featureName(b)} 的重要性`, `importance of ${L.featureName(a)} over ${L.featureName(b)}`) }, SAATY.map(([txt, v]) => el("option", { value: String(v), selected: v === 1 }, txt)));
      cells.push([i, j, s]);
      return el("td", {}, s);
    })))));
  async function runAHP(apply) {
    const n = crit.length, m = Array.from({ length: n }, () => Array(n).fill(1));
    for (const [i, j, s] of cells) { m[i][j] = Number(s.value); m[j][i] = 1 / Number(s.value); }
    try {
      const r = await api("/api/v1/weights/ahp", { method: "POST", body: JSON.stringify({ criteria: crit, matrix: m }) });
      ahpOut.replaceChildren(el("p", { id: "ahp-cr", class: r.consistent ? "" : "error" }, `CR = ${fmt(r.cr, 3)} · λmax = ${fmt(r.lambda_max, 3)} · `,
        r.consistent ? t("一致性可接受（CR < 0.10）", "consistent (CR < 0.10)") : t("不一致（CR ≥ 0.10），请调整判断", "inconsistent (CR ≥ 0.10): revise the judgements")),
      el("p", {}, crit.map((c, i) => `${L.featureName(c)} ${fmt(r.weights[i], 3)}`).join(" · ")));
      if (apply) {
        const total = crit.reduce((a, c) => a + (beta[c] || 0), 0) || 1;
        crit.forEach((c, i) => { beta[c] = Math.round(r.weights[i] * total * 100) / 100; const inp = $(`#w-beta-${c}`); inp.value = beta[c]; $(`#o-beta-${c}`).textContent = fmt(beta[c]); });
        rerank();
      }
    } catch (err) { ahpOut.replaceChildren(el("p", { class: "error" }, err.message)); }
  }
  const saveName = el("input", { id: "profile-name", value: base.name === "default" ? "jinyun-trial" : base.name, required: true, pattern: "[A-Za-z0-9_.\\-]+" });
  const saveNote = el("input", { id: "profile-note", value: "" });
  const saveOut = el("span", { id: "save-out", "aria-live": "polite" });
  const evalOut = el("div", { id: "eval-out", "aria-live": "polite" });
  async function runEval() {
    evalOut.replaceChildren(el("p", { class: "muted" }, t("回测中…", "Backtesting…")));
    try {
      const r = await api("/api/v1/eval", { method: "POST", body: JSON.stringify({ k: 20, relevant: ["contacted", "visited", "negotiating", "signed", "landed"], weights: { name: "sandbox", beta, gap },
        against: { name: base.name, version: base.version } }) });
      evalOut.replaceChildren(evalChart(r));
    } catch (err) {
      evalOut.replaceChildren(el("p", { class: err.status === 422 ? "muted" : "error" }, err.message));
    }
  }
  // Fitting: learn β from the outcomes recorded in the database, shrunk to the
  // baseline (A), with held-out metrics before and after; the analyst saves it.
  const fitOut = el("div", { id: "fit-out", "aria-live": "polite" });
  const fitLoss = el("select", { id: "fit-loss" }, el("option", { value: "pairwise" }, t("成对排序损失", "pairwise")), el("option", { value: "logistic" }, t("逻辑回归损失", "logistic")));
  const fitLambda = el("input", { id: "fit-lambda", type: "number", min: "0", step: "0.1", value: "1" });
  const fitRel = el("select", { id: "fit-relevant" },
    el("option", { value: "signed,landed" }, `${L.status("signed")}、${L.status("landed")}`),
    el("option", { value: "contacted,visited,negotiating,signed,landed" }, t(`${L.status("contacted")}及以后`, `${L.status("contacted")} or further`)));
  const fitSplit = el("input", { id: "fit-split", placeholder: t("如 2025-07（可不填）", "e.g. 2025-07 (optional)"), pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: "18" });
  async function runFit() {
    fitOut.replaceChildren(el("p", { class: "muted" }, t("拟合中…", "Fitting…")));
    try {
      const body = { k: 20, relevant: fitRel.value.split(","), options: { loss: fitLoss.value, lambda: Number(fitLambda.value) || 0 },
        prior: { name: base.name, version: base.version } };
      if (fitSplit.value.trim()) body.split_date = fitSplit.value.trim();
      const r = await api("/api/v1/weights/fit", { method: "POST", body: JSON.stringify(body) });
      fitOut.replaceChildren(fitResult(r));
    } catch (err) {
      fitOut.replaceChildren(el("p", { class: err.status === 422 ? "muted" : "error" }, err.message));
    }
  }
  function fitResult(r) {
    const f = r.fit, w = r.weights, rep = f.report || {};
    const metrics = [["ndcg", `NDCG@${f.k}`], ["recall", `Recall@${f.k}`], ["recall_at_100", "Recall@100"], ["map", "MAP"], ["mrr", "MRR"]];
    const name = el("input", { id: "fit-name", value: base.name === "default" ? "fitted" : base.name, required: true, pattern: "[A-Za-z0-9_.\\-]+" });
    const saveMsg = el("span", { id: "fit-save-out", "aria-live": "polite" });
    const split = f.split === "queries" ? t("隔组留出（按县、链）", "every other (county, chain) query held out") : t(`以 ${fitSplit.value.trim()} 为界：之前拟合，之后检验`, `fit before ${fitSplit.value.trim()}, tested after`);
    return el("div", {},
      el("p", { id: "fit-summary" }, t(`用 ${f.outcomes.train} 条结果（${f.train_queries} 组查询）拟合，${f.outcomes.test} 条（${f.test_queries} 组）留出检验；${split}。`,
        `Fitted on ${f.outcomes.train} outcomes (${f.train_queries} queries), tested on ${f.outcomes.test} held out (${f.test_queries} queries); ${split}.`),
      " ", el("span", { class: "muted small" }, `${rep.loss} · λ=${fmt(rep.lambda, 2)} · ${t("损失", "loss")} ${fmt(rep.prior_loss, 3)} → ${fmt(rep.fit_loss, 3)} · ${rep.status}`)),
      (rep.at_zero || []).length ? el("p", { class: "muted small" }, t("符号约束使以下权重为 0：", "Held at 0 by their known sign: ") + rep.at_zero.map(L.featureName).join(t("、", ", "))) : null,
      (f.unresolved || []).length ? el("p", { class: "muted small" }, t(`${f.unresolved.length} 条结果找不到对应企业，未参与。`, `${f.unresolved.length} outcomes name no known firm and were left out.`)) : null,
      el("div", { class: "two" },
        el("div", {}, el("h3", {}, t("留出检验：拟合前后", "Held out: before and after")),
          el("table", { class: "small-table", id: "fit-metrics" }, el("thead", {}, el("tr", {}, [t("指标", "Metric"), t("拟合前", "Before"), t("拟合后", "After"), t("变化", "Change"), t("95% 区间", "95% interval"), "p"].map((h) => el("th", { scope: "col" }, h)))),
            el("tbody", {}, metrics.map(([k, n]) => {
              const a = (f.before || {})[k], b = (f.after || {})[k], c = (f.change || {})[k];
              return el("tr", {}, el("th", { scope: "row" }, n), el("td", { class: "num" }, fmt(a, 3)), el("td", { class: "num" }, fmt(b, 3)), ...diffCells(c));
            }))),
          el("p", { class: "muted small" }, t("变化按留出的每组查询配对：区间为自助法 95% 区间，p 为符号翻转检验；区间不含 0 且 p < 0.05 才着色。",
            "The change is paired query by query on the held-out queries: a 95% bootstrap interval and a sign-flip test's p; coloured only when the interval excludes 0 and p < 0.05."))),
        el("div", {}, el("h3", {}, t("权重 β：基准与拟合", "Weights β: baseline and fitted")),
          el("table", { class: "small-table", id: "fit-weights" }, el("thead", {}, el("tr", {}, [t("构成", "Part"), `${f.prior.name} v${f.prior.version}`, t("拟合", "Fitted")].map((h) => el("th", { scope: "col" }, h)))),
            el("tbody", {}, state.labels.features.map((x) => el("tr", {}, el("th", { scope: "row" }, t(x.label, x.label_en)),
              el("td", { class: "num" }, fmt((f.prior.beta || {})[x.id], 3)), el("td", { class: "num" }, fmt((w.beta || {})[x.id], 3)))))))),
      el("form", { class: "filters", id: "fit-save", onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          const saved = await api("/api/v1/weights", { method: "POST", body: JSON.stringify({ name: name.value.trim(), beta: w.beta, gap: w.gap, note: w.note }) });
          saveMsg.replaceChildren(t(`已保存 ${saved.name} 第 ${saved.version} 版`, `Saved ${saved.name} version ${saved.version}`), " ",
            el("a", { href: withParams("/analyst", { county: code, chain: chainID, base: `${saved.name}@${saved.version}` }) }, t("以它为基准", "use it as the baseline")));
        } catch (err) { saveMsg.replaceChildren(el("span", { class: "error" }, err.message)); }
      } },
      el("div", { class: "field" }, el("label", { for: "fit-name" }, t("保存为权重方案（字母、数字、-_.）", "Save as the weight profile (letters, digits, -_.)")), name),
      el("div", { class: "field" }, el("button", { type: "submit", class: "primary", id: "save-fit" }, t("保存拟合权重", "Save the fitted weights"))),
      el("div", { class: "field" }, el("button", { type: "button", id: "fit-to-sliders", onclick: () => {
        for (const x of state.labels.features) {
          beta[x.id] = (w.beta || {})[x.id] || 0;
          const inp = $(`#w-beta-${x.id}`);
          if (inp) { inp.value = beta[x.id]; $(`#o-beta-${x.id}`).textContent = fmt(beta[x.id]); }
        }
        rerank();
      } }, t("载入滑块对比", "Load into the sliders"))), saveMsg));
  }
  const chainSel = el("select", { id: "a-chain", onchange: () => go(withParams("/analyst", { county: code, chain: chainSel.value, base: p.get("base") })) },
    state.chains.map((c) => el("option", { value: c.id, selected: c.id === chainID }, chainName(c.id))));
  const baseSel = el("select", { id: "a-base", onchange: () => go(withParams("/analyst", { county: code, chain: chainID, base: baseSel.value })) },
    profiles.map((w) => el("option", { value: `${w.name}@${w.version}`, selected: w === base }, `${w.name} v${w.version}${w.author ? " · " + w.author : ""}`)));
  const countyIn = el("input", { id: "a-county", value: `${county.name}`, list: "a-counties", autocomplete: "off" });
  setTimeout(runSandbox, 0);
  setTimeout(() => runAHP(false), 0);
  return el("div", {},
    el("h1", {}, t("分析工作台：权重与回测", "Analyst's workbench: weights and backtests")),
    el("form", { class: "card filters", onsubmit: (ev) => { ev.preventDefault(); const c = searchCounties(countyIn.value, 1)[0]; if (c) go(withParams("/analyst", { county: c.code, chain: chainID, base: p.get("base") })); } },
      el("div", { class: "field" }, el("label", { for: "a-county" }, t("区县", "County")), el("div", { class: "row" }, countyIn, el("button", { type: "submit" }, t("切换", "Switch")))),
      el("div", { class: "field" }, el("label", { for: "a-chain" }, t("产业链", "Chain")), chainSel),
      el("div", { class: "field" }, el("label", { for: "a-base" }, t("对比基准（A）", "Baseline (A)")), baseSel)),
    el("div", { class: "two" },
      el("section", { class: "card" }, el("h2", {}, t("企业得分权重 β", "Score weights β")), betaBox,
        el("h2", {}, t("链条缺口权重", "Chain-gap weights")), gapBox),
      el("section", { class: "card" }, el("h2", {}, t("实时重排（与基准相比）", "Live re-rank (against the baseline)")), out)),
    el("section", { class: "card" }, el("h2", {}, t("AHP 两两比较", "AHP pairwise comparison")),
      el("p", { class: "muted small" }, t("每格：行相对列的重要性（9 极端重要 … 1 同等 … 1/9）。", "Each cell: how much more the row matters than the column (9 extremely … 1 equal … 1/9).")),
      el("div", { class: "scroll" }, ahpTable),
      el("p", {}, el("button", { type: "button", onclick: () => runAHP(false) }, t("计算 CR", "Compute CR")), " ",
        el("button", { type: "button", class: "primary", onclick: () => runAHP(true) }, t("采用 AHP 权重", "Use the AHP weights"))), ahpOut),
    el("section", { class: "card" }, el("h2", {}, t("保存为新的权重版本", "Save as a new weight-profile version")),
      el("form", { class: "filters", onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          const w = await api("/api/v1/weights", { method: "POST", body: JSON.stringify({ name: saveName.value.trim(), beta, gap, note: saveNote.value }) });
          saveOut.replaceChildren(t(`已保存 ${w.name} 第 ${w.version} 版`, `Saved ${w.name} version ${w.version}`));
        } catch (err) { saveOut.replaceChildren(el("span", { class: "error" }, err.message)); }
      } },
      el("div", { class: "field" }, el("label", { for: "profile-name" }, t("名称（字母、数字、-_.）", "Name (letters, digits, -_.)")), saveName),
      el("div", { class: "field" }, el("label", { for: "profile-note" }, t("说明", "Note")), saveNote),
      el("div", { class: "field" }, el("button", { type: "submit", class: "primary" }, t("保存", "Save"))), saveOut)),
    el("section", { class: "card" }, el("h2", {}, t("回测（与基线对比）", "Backtest (against the baselines)")),
      el("p", { class: "muted small" }, t("用数据库中记录的结果（清单条目的状态变化）评估当前权重，并与对比基准（A）逐组配对比较。", "Evaluates the current weights on the outcomes recorded in the database (status changes of list items) and compares them with the baseline (A), query by query.")),
      el("button", { type: "button", id: "run-eval", onclick: runEval }, t("运行回测", "Run backtest")), evalOut),
    el("section", { class: "card", "aria-labelledby": "fit-h" }, el("h2", { id: "fit-h" }, t("用结果拟合权重", "Fit the weights from outcomes")),
      el("p", { class: "muted small" }, t("从数据库中记录的招商结果学习得分权重 β（向基准 A 收缩，已知方向的权重保持符号），并在留出的查询上比较拟合前后的指标。",
        "Learns the score weights β from the outcomes recorded in the database (shrunk towards baseline A, known signs kept) and compares the metrics on held-out queries before and after.")),
      el("form", { class: "filters", id: "fit-form", onsubmit: (ev) => { ev.preventDefault(); runFit(); } },
        el("div", { class: "field" }, el("label", { for: "fit-loss" }, t("损失函数", "Loss")), fitLoss),
        el("div", { class: "field" }, el("label", { for: "fit-lambda" }, t("收缩强度 λ", "Shrinkage λ")), fitLambda),
        el("div", { class: "field" }, el("label", { for: "fit-relevant" }, t("计为成功的结果", "Counts as success")), fitRel),
        el("div", { class: "field" }, el("label", { for: "fit-split" }, t("时间切分日期", "Time split date")), fitSplit),
        el("div", { class: "field" }, el("button", { type: "submit", class: "primary", id: "run-fit" }, t("拟合权重", "Fit weights")))),
      fitOut));
}

// diffCells are the cells of a paired difference (match.Difference): the mean
// change, its 95% interval and the sign-flip p, coloured as sureClass says.
function diffCells(d) {
  if (!d) return [el("td", { class: "num" }, "—"), el("td", { class: "num" }, "—"), el("td", { class: "num" }, "—")];
  return [el("td", { class: "num " + sureClass(d) }, signed(d.diff)), el("td", { class: "num" }, `${signed(d.low)} … ${signed(d.high)}`), el("td", { class: "num" }, fmt(d.p, 3))];
}

// sureClass colours a difference whose interval excludes 0 and whose p < 0.05.
const sureClass = (d) => (d.p >= 0.05 ? "" : d.low > 0 ? "up" : d.high < 0 ? "down" : "");
const signed = (v) => (v > 0 ? "+" : "") + fmt(v, 3);

// evalChart draws grouped bars with 95% interval whiskers: each metric for the
// model and the baselines; the table below gives the values and how far the
// model is ahead of each baseline, query by query.
function evalChart(r) {
  const methods = [["model", t("模型", "model")], ["text", t("仅文本", "text only")], ["largest", t("规模最大", "largest first")], ["random", t("随机", "random")]];
  const long = { model: "model", text: "text_only", largest: "largest_first", random: "random" };
  const get = (m) => (m === "model" ? r.metrics : (r.baselines || {})[m]) || {};
  const ci = (m, k) => ((r.intervals || {})[long[m]] || {})[k];
  const metrics = [["ndcg", `NDCG@${r.k}`], ["recall", `Recall@${r.k}`], ["recall_at_100", "Recall@100"], ["map", "MAP"], ["mrr", "MRR"]];
  const colours = ["#1f6feb", "#8250df", "#9a6700", "#6e7781"];
  const W = 640, H = 230, left = 34, bottom = 30, gw = (W - left) / metrics.length, bw = (gw - 16) / methods.length;
  const y = (v) => H - bottom - v * (H - bottom - 12);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "evalchart", role: "img", "aria-label": t("回测指标对比图", "Backtest metrics chart"), id: "eval-chart" },
    [0, 0.5, 1].map((v) => [svg("line", { x1: left, x2: W, y1: y(v), y2: y(v), class: "grid" }), svg("text", { x: left - 4, y: y(v) + 4, "text-anchor": "end", class: "axis" }, String(v))]));
  metrics.forEach(([k, name], i) => {
    methods.forEach(([m, mn], j) => {
      const v = Number(get(m)[k]) || 0, iv = ci(m, k), x = left + i * gw + 8 + j * bw;
      const range = iv ? ` (95%: ${fmt(iv.low, 2)}–${fmt(iv.high, 2)})` : "";
      root.append(svg("rect", { x, y: y(v), width: bw - 2, height: Math.max(0, H - bottom - y(v)), fill: colours[j] }, svg("title", {}, `${mn} ${name} ${fmt(v, 3)}${range}`)));
      if (iv && iv.high > iv.low) root.append(svg("line", { x1: x + (bw - 2) / 2, x2: x + (bw - 2) / 2, y1: y(iv.low), y2: y(iv.high), class: "whisker" }));
    });
    root.append(svg("text", { x: left + i * gw + gw / 2, y: H - 10, "text-anchor": "middle", class: "axis" }, name));
  });
  return el("figure", {}, root,
    el("figcaption", { class: "legend" }, methods.map(([, mn], j) => el("span", { class: "legend-item" }, el("span", { class: "swatch", style: `background:${colours[j]}` }), mn)),
      el("span", { class: "muted" }, t(`　${r.queries.length} 组（县、链）查询`, `　${r.queries.length} (county, chain) queries`))),
    el("table", { class: "small-table", id: "eval-metrics" }, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, ""), metrics.map(([, n]) => el("th", { scope: "col" }, n)))),
      el("tbody", {}, methods.map(([m, mn]) => el("tr", {}, el("th", { scope: "row" }, mn), metrics.map(([k]) => {
        const iv = ci(m, k);
        return el("td", { class: "num" }, fmt(get(m)[k], 3), iv ? el("span", { class: "muted small ci" }, ` ${fmt(iv.low, 2)}–${fmt(iv.high, 2)}`) : null);
      }))))),
    r.against ? evalAgainst(r, metrics) : null,
    el("h3", {}, t("模型领先各基线多少（逐组配对）", "How far the model leads each baseline (paired by query)")),
    el("table", { class: "small-table", id: "eval-versus" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("模型 − 基线", "Model − baseline")), metrics.map(([, n]) => el("th", { scope: "col" }, n)))),
      el("tbody", {}, methods.slice(1).map(([m, mn]) => el("tr", {}, el("th", { scope: "row" }, mn), metrics.map(([k]) => {
        const d = ((r.versus || {})[m] || {})[k];
        if (!d) return el("td", { class: "num" }, "—");
        return el("td", { class: "num " + sureClass(d), title: t(`95% 区间 ${signed(d.low)} … ${signed(d.high)}；胜/负/平 ${d.wins}/${d.losses}/${d.ties}`, `95% interval ${signed(d.low)} … ${signed(d.high)}; won/lost/tied ${d.wins}/${d.losses}/${d.ties}`) },
          signed(d.diff), el("span", { class: "muted small ci" }, ` p ${fmt(d.p, 3)}`));
      }))))),
    el("p", { class: "muted small" }, t(`小字为自助法 95% 区间（按县、链查询重抽样）与逐组配对符号翻转检验的 p（悬停看区间与胜负）。只有 ${r.queries.length} 组查询：区间不含 0 且 p < 0.05 的差别才着色。`,
      `Small print: 95% bootstrap intervals over the (county, chain) queries, and the p of a paired sign-flip test (hover for the interval and wins). With ${r.queries.length} queries, only a difference whose interval excludes 0 and whose p < 0.05 is coloured.`)),
    evalQueries(r));
}

// evalAgainst is the current weights (the sliders) against the baseline
// profile A on the same outcomes: A's and the current measures and the change,
// paired by query, with its interval and p — whether the tuning helps.
function evalAgainst(r, metrics) {
  const a = r.against;
  return el("div", {},
    el("h3", {}, t(`当前权重与基准（${a.against}）相比`, `The current weights against the baseline (${a.against})`)),
    el("table", { class: "small-table", id: "eval-against" },
      el("thead", {}, el("tr", {}, [t("指标", "Metric"), t("基准 A", "Baseline A"), t("当前", "Current"), t("变化", "Change"), t("95% 区间", "95% interval"), "p"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, metrics.map(([k, n]) => el("tr", {}, el("th", { scope: "row" }, n), el("td", { class: "num" }, fmt(a.metrics[k], 3)),
        el("td", { class: "num" }, fmt(r.metrics[k], 3)), ...diffCells((a.change || {})[k]))))));
}

// evalRank is a relevant firm's rank, with the ranks its tie spans (the order in
// a tie is arbitrary; the measures average over it).
function evalRank(q, i) {
  const r = q.ranks[i], tie = q.tied && q.tied[i];
  if (r == null) return t("非候选", "not a candidate");
  return tie && tie[0] !== tie[1] ? t(`${r}，与第 ${tie[0]}–${tie[1]} 名同分`, `${r}, tied ${tie[0]}–${tie[1]}`) : String(r);
}

// evalQueries lists, per (county, chain) query, where the model ranked each
// relevant enterprise, and for those below the top k the parts of the score where
// they fall furthest behind the top k's mean: what to look at before moving a
// weight.
function evalQueries(r) {
  const where = (q) => `${countyName(state.byCode.get(q.county)) || q.county} · ${chainName(q.chain)}`;
  const below = r.queries.flatMap((q) => (q.below || []).map((b) => ({ q, b })));
  const shortfalls = (b) => Object.entries(b.behind_top_k || {}).filter(([, v]) => v < -0.0005).sort((x, y) => x[1] - y[1]).slice(0, 3)
    .map(([f, v]) => `${L.featureName(f)} ${fmt(v, 3)}`).join(t("、", ", ")) || "—";
  return el("div", {},
    el("h3", {}, t("各组查询：相关企业的名次", "Per query: where the relevant firms rank")),
    el("table", { class: "small-table", id: "eval-queries" },
      el("thead", {}, el("tr", {}, [t("区县 · 产业链", "County · chain"), t("相关企业（名次）", "Relevant firms (rank)"), `Recall@${r.k}`, "MRR"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, r.queries.map((q) => el("tr", {},
        el("th", { scope: "row" }, where(q)),
        el("td", {}, q.relevant.map((n, i) => `${n}（${evalRank(q, i)}）`).join(t("、", ", "))),
        el("td", { class: "num" }, fmt(q.recall, 2)), el("td", { class: "num" }, fmt(q.mrr, 3)))))),
    below.length ? [
      el("h3", {}, t(`前 ${r.k} 名之外：差在哪里`, `Below the top ${r.k}: where each falls short`)),
      el("p", { class: "muted small" }, t(`每项为该构成的得分减去前 ${r.k} 名的平均，列出差距最大的三项。`, `Each is the part's contribution minus the top ${r.k}'s mean; the three largest shortfalls.`)),
      el("table", { class: "small-table", id: "eval-below" },
        el("thead", {}, el("tr", {}, [t("企业", "Firm"), t("区县 · 产业链", "County · chain"), t("名次", "Rank"), t("得分", "Score"), t(`第 ${r.k} 名`, `No. ${r.k}`), t("主要差距", "Largest shortfalls")].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, below.map(({ q, b }) => el("tr", {},
          el("th", { scope: "row" }, b.name), el("td", {}, where(q)), el("td", { class: "num" }, q.ids.includes(b.id) ? evalRank(q, q.ids.indexOf(b.id)) : String(b.rank)),
          el("td", { class: "num" }, fmt(b.score, 3)), el("td", { class: "num" }, fmt(b.score_at_k, 3)), el("td", {}, shortfalls(b))))))] : null);
}

// ---- lists -----------------------------------------------------------------

async function viewLists(current) {
  const lists = await api("/api/v1/lists");
  if (!current()) return null;
  return el("div", {}, el("h1", {}, t("目标清单", "Target lists")),
    lists.length ? el("table", { class: "responsive", id: "lists" }, el("thead", {}, el("tr", {}, [t("名称", "Name"), t("区县", "County"), t("产业链", "Chain"), t("筛选", "Filters"), t("创建", "Created")].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, lists.map((l) => el("tr", {},
        el("td", { "data-label": t("名称", "Name") }, el("a", { href: `/lists/${l.id}` }, l.name)),
        el("td", { "data-label": t("区县", "County") }, countyName(state.byCode.get(l.county)) || l.county),
        el("td", { "data-label": t("产业链", "Chain") }, chainName(l.chain)),
        el("td", { "data-label": t("筛选", "Filters") }, describeFilters(l.chain, l.filters || {})),
        el("td", { "data-label": t("创建", "Created") }, `${l.created_by} · ${String(l.created_at).slice(0, 10)}`)))))
      : el("p", { class: "card muted" }, t("还没有清单：在区县页筛选目标后保存。", "No lists yet: filter the targets on a county page and save them.")));
}

// download fetches an export with the token (a plain link could not carry it).
async function download(id, format) {
  const res = await fetch(`/api/v1/lists/${encodeURIComponent(id)}/export?format=${format}`, { headers: { Authorization: "Bearer " + state.token } });
  if (!res.ok) throw new Error(t("导出失败 ", "export failed ") + res.status);
  const m = (res.headers.get("Content-Disposition") || "").match(/filename\*=UTF-8''([^;]+)/) || (res.headers.get("Content-Disposition") || "").match(/filename="?([^";]+)/);
  const url = URL.createObjectURL(await res.blob());
  const a = el("a", { href: url, download: m ? decodeURIComponent(m[1]) : `list-${id}.${format}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return m ? decodeURIComponent(m[1]) : "";
}

async function viewList(id, current) {
  const l = await api(`/api/v1/lists/${encodeURIComponent(id)}`);
  if (!current()) return null;
  const f = l.filters || {};
  const canEdit = state.me && state.me.role !== "viewer";
  const exportOut = el("span", { id: "export-out", "aria-live": "polite" });
  const exp = (format) => el("button", { type: "button", id: `export-${format}`, onclick: async () => {
    try { const name = await download(l.id, format); exportOut.textContent = t(`已导出 ${name}`, `Exported ${name}`); } catch (err) { exportOut.replaceChildren(el("span", { class: "error" }, err.message)); }
  } }, t(`导出 ${format.toUpperCase()}`, `Export ${format.toUpperCase()}`));
  const allowed = (from) => state.labels.statuses.filter((s) => s.id === from || canMove(from, s.id));
  const rows = l.items.map((it) => {
    const x = it.target;
    const e = x.enterprise || x.talent || {};
    const sel = el("select", { "aria-label": t(`${e.name} 的状态`, `status of ${e.name}`), class: "status-sel", disabled: !canEdit }, allowed(it.status).map((s) => el("option", { value: s.id, selected: s.id === it.status }, tl(s))));
    const owner = el("input", { "aria-label": t(`${e.name} 的负责人`, `owner of ${e.name}`), value: it.owner || "", class: "owner", disabled: !canEdit, size: "8" });
    const notes = el("input", { "aria-label": t(`${e.name} 的备注`, `notes on ${e.name}`), value: it.notes || "", class: "notes", disabled: !canEdit });
    const msg = el("span", { class: "small", "aria-live": "polite" });
    const hist = el("ul", { class: "history" });
    const details = el("details", { ontoggle: async () => {
      if (!details.open) return;
      try {
        const d = await api(`/api/v1/lists/${encodeURIComponent(l.id)}/items/${it.id}`);
        hist.replaceChildren(...(d.history.length ? d.history.map((h) => el("li", {}, `${h.at.slice(0, 16).replace("T", " ")} ${h.by}: ${L.status(h.from)} → ${L.status(h.to)}`)) : [el("li", { class: "muted" }, t("暂无变化", "no changes yet"))]));
      } catch (err) { hist.replaceChildren(el("li", { class: "error" }, err.message)); }
    } }, el("summary", {}, t("历史", "History")), hist);
    const save = el("button", { type: "button", class: "save-item", disabled: !canEdit, onclick: async () => {
      const body = {};
      if (sel.value !== it.status) body.status = sel.value;
      if (owner.value !== (it.owner || "")) body.owner = owner.value;
      if (notes.value !== (it.notes || "")) body.notes = notes.value;
      if (!Object.keys(body).length) { msg.textContent = t("无改动", "no change"); return; }
      try {
        const u = await api(`/api/v1/lists/${encodeURIComponent(l.id)}/items/${it.id}`, { method: "PATCH", body: JSON.stringify(body) });
        Object.assign(it, u);
        sel.replaceChildren(...allowed(it.status).map((s) => el("option", { value: s.id, selected: s.id === it.status }, tl(s))));
        msg.textContent = t("已保存", "saved");
        if (details.open) details.dispatchEvent(new Event("toggle"));
      } catch (err) { msg.replaceChildren(el("span", { class: "error" }, err.message)); }
    } }, t("保存", "Save"));
    return el("tr", { "data-item": String(it.id) },
      el("td", { class: "num", "data-label": "#" }, String(x.rank || "")),
      el("td", { "data-label": t("企业", "Enterprise") }, x.enterprise ? el("a", { href: withParams(`/counties/${l.county}/targets/${encodeURIComponent(e.id)}`, { chain: l.chain }) }, e.name) : e.name, el("div", {}, tags(e))),
      el("td", { "data-label": t("所在地", "Location") }, place(e)),
      el("td", { "data-label": t("环节", "Node") }, nodeName(l.chain, x.node, x.node_name)),
      el("td", { class: "num", "data-label": t("得分", "Score") }, fmt(x.score, 3)),
      el("td", { "data-label": t("状态", "Status") }, sel),
      el("td", { "data-label": t("负责人", "Owner") }, owner),
      el("td", { "data-label": t("备注", "Notes") }, notes),
      el("td", { "data-label": "" }, save, " ", msg, details));
  });
  return el("div", {},
    el("p", { class: "crumbs" }, el("a", { href: "/lists" }, t("目标清单", "Target lists")), " › "),
    el("h1", {}, l.name),
    el("p", {}, `${countyName(state.byCode.get(l.county)) || l.county} · ${chainName(l.chain)} · ${t("权重", "weights")} ${l.weights_name} v${l.weights_version} · ${l.created_by} ${String(l.created_at).slice(0, 10)}`),
    el("p", { class: "muted", id: "list-filters" }, t("筛选条件：", "Filters: ") + (describeFilters(l.chain, f) || t("无", "none"))),
    el("p", { class: "actions" }, exp("xlsx"), exp("csv"), el("a", { class: "button", href: withParams(`/counties/${l.county}`, { chain: l.chain, node: f.node, q: f.q, province: (f.province || []).join(","), tag: (f.tags || []).join(","), limit: f.limit, preset: f.preset, quota: quotaParam(f.quotas) }) }, t("按相同条件重新匹配", "Match again with these filters")), exportOut),
    el("div", { class: "scroll" }, el("table", { class: "responsive list-items", id: "list-items" },
      el("thead", {}, el("tr", {}, ["#", t("企业", "Enterprise"), t("所在地", "Location"), t("环节", "Node"), t("得分", "Score"), t("状态", "Status"), t("负责人", "Owner"), t("备注", "Notes"), t("操作", "Actions")].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows))));
}

// canMove mirrors the store's workflow (store.CanTransition) for the status menu:
// forward along the statuses, to dropped from any but landed, dropped back to candidate.
function canMove(from, to) {
  const order = state.labels.statuses.map((s) => s.id);
  if (from === to || from === "landed") return false;
  if (to === "dropped") return true;
  if (from === "dropped") return to === "candidate";
  return order.indexOf(to) > order.indexOf(from);
}

// ---- start -----------------------------------------------------------------

function applyLang() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const n of document.querySelectorAll("[data-zh]")) n.textContent = n.dataset[state.lang];
  const b = $("#lang");
  b.textContent = state.lang === "zh" ? "EN" : "中文";
  b.setAttribute("lang", state.lang === "zh" ? "en" : "zh-CN");
  document.title = t("chainmatch · 招商目标匹配", "chainmatch · target matching");
  $("#nav").setAttribute("aria-label", t("主导航", "Main"));
  showWho();
}

async function boot(tried) {
  applyLang();
  if (!state.token && !tried) { status(""); signInForm(); return; }
  await waitReady();
  try {
    const [me, labels, chains, counties] = await Promise.all([api("/api/v1/me"), api("/api/v1/features"), api("/api/v1/chains"), api("/api/v1/counties")]);
    state.me = me;
    state.labels = labels;
    state.chains = chains;
    state.chainByID = new Map(chains.map((c) => [c.id, c]));
    state.counties = counties;
    state.byCode = new Map(counties.map((c) => [c.code, c]));
    state.cityName = new Map(counties.map((c) => [c.city, c.city_name]));
    const prov = new Map();
    for (const c of counties) if (!prov.has(c.province)) prov.set(c.province, c.province_name);
    state.provinces = [...prov.entries()].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
  } catch (err) {
    if (err.status === 401) { showWho(); signInForm(t("令牌无效，请重新输入。", "That token is not valid; enter it again.")); status(""); return; }
    status(err.message, "error");
    $("#main").replaceChildren(el("div", { class: "card error-card" }, el("p", { class: "error" }, err.message),
      el("button", { type: "button", onclick: boot }, t("重试", "Retry"))));
    return;
  }
  showWho();
  await render();
}

$("#lang").addEventListener("click", () => {
  state.lang = state.lang === "zh" ? "en" : "zh";
  localStorage.setItem(LANG_KEY, state.lang);
  applyLang();
  if (state.labels) render(); else if (!state.token) signInForm();
});
$("#signout").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = "";
  state.me = null;
  showWho();
  signInForm();
});

state.token = takeToken();
boot();
