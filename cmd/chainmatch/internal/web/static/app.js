// chainmatch web UI: asks the JSON API for a county's gaps and targets and shows
// why each target is recommended. No build step, no dependencies.
"use strict";

const FEATURES = [
  ["gap_fit", "补链契合", "Gap fit", "#1f6feb"],
  ["quality", "企业质量", "Quality", "#2da44e"],
  ["growth", "成长性", "Growth", "#1a7f7a"],
  ["intent", "扩张意向", "Intent", "#8250df"],
  ["proximity", "区位", "Proximity", "#d4a72c"],
  ["ties", "关系纽带", "Ties", "#9a6700"],
  ["risk", "风险", "Risk", "#cf222e"],
];
const STAGES = { upstream: ["上游", "upstream"], midstream: ["中游", "midstream"], downstream: ["下游", "downstream"] };

const state = { lang: "zh", counties: [], chains: [], byCode: new Map(), lastMatch: null };
const $ = (sel) => document.querySelector(sel);
const t = (zh, en) => (state.lang === "zh" ? zh : en);

// The sign-in token: chainmatch serve prints an address with ?token=...; the page
// keeps the token for this browser tab (sessionStorage), takes it out of the
// address bar and sends it with every API call.
const TOKEN_KEY = "chainmatch.token";
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
const token = takeToken();
function authHeaders(h = {}) {
  return token ? { ...h, Authorization: "Bearer " + token } : h;
}

async function api(path, opts = {}) {
  const res = await fetch(path, { ...opts, headers: authHeaders({ "Content-Type": "application/json" }) });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = body.error || {};
    const fields = e.fields ? " — " + Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`).join("; ") : "";
    const hint = res.status === 401 ? t("（请用 chainmatch serve 打印的登录地址打开本页）", " (open the sign-in address chainmatch serve printed)") : "";
    throw new Error((e.message || res.statusText) + fields + hint);
  }
  return body;
}

function status(msg, isError) {
  const el = $("#status");
  el.textContent = msg;
  el.className = isError ? "error" : "";
}

function el(tag, attrs = {}, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") n.className = v;
    else if (k === "style") n.setAttribute("style", v);
    else n.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) n.append(k);
  return n;
}

function applyLang() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const n of document.querySelectorAll("[data-zh]")) n.textContent = n.dataset[state.lang];
  $("#lang").textContent = state.lang === "zh" ? "EN" : "中文";
  renderLegend();
  fillChains();
  if (state.lastMatch) render(state.lastMatch);
}

function renderLegend() {
  const lg = $("#legend");
  lg.replaceChildren(t("贡献：", "Contributions:"));
  for (const [, zh, en, color] of FEATURES) lg.append(el("span", { style: `background:${color}` }), t(zh, en));
}

function countyLabel(c) {
  return `${c.code} ${c.name}${c.city_name && c.city_name !== c.name ? "（" + c.city_name + "）" : ""}`;
}

function selectedCounty() {
  const v = $("#county-filter").value.trim();
  const code = v.split(/\s+/)[0];
  return state.byCode.get(code) || state.counties.find((c) => c.name === v) || null;
}

function fillChains() {
  const sel = $("#chain");
  const keep = sel.value;
  const county = selectedCounty();
  const weight = new Map((county && county.positioning || []).map((p) => [p.chain, p.weight]));
  const chains = [...state.chains].sort((a, b) => (weight.get(b.id) || 0) - (weight.get(a.id) || 0) || a.id.localeCompare(b.id));
  sel.replaceChildren(...chains.map((c) => {
    const star = weight.has(c.id) ? "★ " : "";
    return el("option", { value: c.id }, `${star}${t(c.name, c.name_en)} · ${c.id}`);
  }));
  if (keep && chains.some((c) => c.id === keep)) sel.value = keep;
}

function renderCounty(county) {
  const card = $("#county-card");
  if (!county) { card.hidden = true; return; }
  const pos = (county.positioning || []).map((p) => `${p.chain} (${p.weight})`).join("，");
  const channels = (county.channels || []).map((c) => c.name).join("；");
  card.replaceChildren(
    el("strong", {}, countyLabel(county)), " ",
    county.province_name ? el("span", { class: "tag" }, county.province_name) : null,
    pos ? el("div", {}, t("产业定位：", "Positioning: ") + pos) : el("div", { class: "unknown" }, t("未收录产业定位，按通用权重排序。", "No positioning on record: general weights apply.")),
    channels ? el("div", {}, t("招商渠道：", "Channels: ") + channels) : null,
  );
  card.hidden = false;
}

function fmt(x, d = 2) { return typeof x === "number" ? x.toFixed(d) : "—"; }

function renderGaps(gaps) {
  const body = $("#gaps tbody");
  const nodes = [...gaps.nodes].sort((a, b) => b.priority - a.priority);
  body.replaceChildren(...nodes.map((n) => el("tr", {},
    el("td", {}, t(n.name, n.name_en || n.name), el("br"), el("small", { class: "tag" }, n.id)),
    el("td", {}, el("span", { class: "stage " + n.stage }, t(...(STAGES[n.stage] || [n.stage, n.stage])))),
    el("td", {}, el("span", { class: "bar", style: `width:${Math.round(n.priority * 120)}px` }), fmt(n.priority, 3)),
    el("td", { class: "num", title: t(n.evidence_zh || "", n.evidence_en || "") },
      n.evidence === "no_local_data" ? el("span", { class: "unknown" }, t("无本地数据", "no local data")) : String(n.local_count ?? "—")),
    el("td", { class: "num" }, fmt(n.lq)),
    el("td", { class: "num" }, fmt(n.feasibility)),
    el("td", { class: "num" }, fmt(n.importance)),
    el("td", { class: "num" }, fmt(n.emphasis)),
  )));
  $("#gaps-section").hidden = false;
}

function stack(contrib, max) {
  const s = el("div", { class: "stack", title: FEATURES.map(([k, zh, en]) => `${t(zh, en)} ${fmt(contrib[k] || 0, 3)}`).join("\n") });
  for (const [k, , , color] of FEATURES) {
    const v = contrib[k] || 0;
    if (v <= 0) continue;
    s.append(el("span", { style: `width:${(100 * v / max).toFixed(1)}%;background:${color}` }));
  }
  return s;
}

function renderTargets(res) {
  const body = $("#targets tbody");
  const targets = res.targets || [];
  const max = Math.max(1e-9, ...targets.map((x) => Object.values(x.contributions).reduce((a, v) => a + Math.max(0, v), 0)));
  body.replaceChildren(...targets.map((x) => {
    const e = x.enterprise || x.talent || {};
    const tags = (e.tags || []).map((g) => el("span", { class: "tag" }, g));
    const reasons = el("ul", { class: "reasons" }, ...(x.reasons || []).slice(0, 3).map((r) => el("li", {}, t(r.zh, r.en))));
    const detail = el("details", {}, el("summary", {}, t("贡献明细", "Contributions")),
      el("table", {}, ...FEATURES.map(([k, zh, en]) => el("tr", {}, el("td", {}, t(zh, en)), el("td", { class: "num" }, fmt(x.contributions[k] || 0, 4))))),
      x.unknown && x.unknown.length ? el("div", { class: "unknown" }, t("数据未知：", "Unknown: ") + x.unknown.join(", ")) : null);
    return el("tr", {},
      el("td", { class: "num" }, String(x.rank)),
      el("td", {}, el("strong", {}, e.name || e.id), el("br"), ...tags),
      el("td", {}, place(e.county || e.location, e.province)),
      el("td", {}, x.node_name || x.node),
      el("td", {}, el("span", { class: "score" }, fmt(x.score, 3)), stack(x.contributions, max), detail),
      el("td", {}, x.channel ? x.channel.name : "—",
        x.channel_reason ? el("div", { class: "unknown" }, t(x.channel_reason.zh, x.channel_reason.en)) : null,
        ...(x.flags || []).map((f) => el("div", { class: "tag" }, t(f.zh, f.en)))),
      el("td", {}, reasons),
    );
  }));
  $("#targets-section").hidden = false;
}

// place names a location from its county code (province, city, county), or the
// province code alone; a country code (talents abroad) is shown as it is.
function place(countyCode, provinceCode) {
  const c = state.byCode.get(countyCode);
  if (c) return [c.province_name, c.city_name !== c.province_name ? c.city_name : "", c.name].filter(Boolean).join(" ");
  if (provinceCode) {
    const p = state.counties.find((x) => x.province === provinceCode);
    if (p) return p.province_name;
  }
  return countyCode || provinceCode || t("未知", "unknown");
}

function render(m) {
  renderGaps(m.gaps);
  renderTargets(m.res);
}

async function run(ev) {
  if (ev) ev.preventDefault();
  const county = selectedCounty();
  if (!county) { status(t("请选择区县（输入代码或名称）。", "Pick a county (code or name)."), true); return; }
  renderCounty(county);
  const chain = $("#chain").value;
  const limit = Number($("#limit").value) || 30;
  const q = $("#q").value.trim();
  status(t("计算中…", "Computing…"));
  try {
    const started = performance.now();
    const [gaps, res] = await Promise.all([
      api(`/api/v1/counties/${encodeURIComponent(county.code)}/gaps?chain=${encodeURIComponent(chain)}`),
      api("/api/v1/match", { method: "POST", body: JSON.stringify({ county: county.code, chain, limit, ...(q ? { q } : {}) }) }),
    ]);
    state.lastMatch = { gaps, res, county, chain, limit, q };
    render(state.lastMatch);
    const ms = Math.round(performance.now() - started);
    status(t(`${(res.targets || []).length} 个目标，用时 ${ms} 毫秒。`, `${(res.targets || []).length} targets in ${ms} ms.`));
  } catch (err) {
    status(err.message, true);
  }
}

// exportLink downloads a list's export with the token in the Authorization header
// (a plain link could not carry it).
function exportLink(id, format, label) {
  const href = `/api/v1/lists/${id}/export?format=${format}`;
  const a = el("a", { href }, label);
  a.addEventListener("click", async (ev) => {
    ev.preventDefault();
    try {
      const res = await fetch(href, { headers: authHeaders() });
      if (!res.ok) throw new Error(t("导出失败 ", "export failed ") + res.status);
      const name = (res.headers.get("Content-Disposition") || "").match(/filename\*?=(?:UTF-8'')?"?([^";]+)/);
      const url = URL.createObjectURL(await res.blob());
      const dl = el("a", { href: url, download: name ? decodeURIComponent(name[1]) : `list-${id}.${format}` });
      document.body.append(dl);
      dl.click();
      dl.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      status(err.message, true);
    }
  });
  return a;
}

async function saveList() {
  const m = state.lastMatch;
  if (!m) return;
  const name = `${m.county.name} · ${m.chain} · ${new Date().toISOString().slice(0, 10)}`;
  try {
    const list = await api("/api/v1/lists", { method: "POST", body: JSON.stringify({ name, county: m.county.code, chain: m.chain, limit: m.limit }) });
    const id = list.id;
    $("#list-result").replaceChildren(t("已保存清单 ", "Saved list "), String(id), " · ",
      exportLink(id, "xlsx", "XLSX"), " · ", exportLink(id, "csv", "CSV"));
  } catch (err) {
    status(err.message, true);
  }
}

async function init() {
  $("#controls").addEventListener("submit", run);
  $("#lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; applyLang(); });
  $("#save-list").addEventListener("click", saveList);
  $("#print").addEventListener("click", () => window.print());
  $("#county-filter").addEventListener("change", () => { fillChains(); renderCounty(selectedCounty()); });
  status(t("加载中…", "Loading…"));
  try {
    const [chains, counties] = await Promise.all([api("/api/v1/chains"), api("/api/v1/counties")]);
    state.chains = Array.isArray(chains) ? chains : chains.chains || chains.items || [];
    state.counties = Array.isArray(counties) ? counties : counties.counties || counties.items || [];
    for (const c of state.counties) state.byCode.set(c.code, c);
    const profiled = state.counties.filter((c) => (c.positioning || []).length);
    const rest = state.counties.filter((c) => !(c.positioning || []).length);
    $("#county-list").replaceChildren(...[...profiled, ...rest].map((c) => el("option", { value: countyLabel(c) })));
    const start = new URLSearchParams(location.search);
    const first = state.byCode.get(start.get("county") || "331122") || profiled[0];
    if (first) $("#county-filter").value = countyLabel(first);
    renderLegend();
    fillChains();
    if (start.get("chain")) $("#chain").value = start.get("chain");
    status("");
    if (first) await run();
  } catch (err) {
    status(err.message, true);
  }
}

init();
