// The citizen's journey in the browser: the 选择所在地区 picker, the region kept on links, and the parts of a
// page that follow the reader's region (service lead, home popular services, bundle and checklist sections).
// Every page works without this script: all regions are listed.
import { currentRegion, currentRegionName, keepRegion, parentsOf, regionChain, setRegion } from "./region.mjs";

const fromUrl = new URLSearchParams(location.search).get("region");
if (fromUrl && fromUrl === currentRegion()) setRegion(fromUrl); // a shared link or QR code: remember its region

// The region list (a few hundred rows [code, name, parent]), fetched once, when a page needs it.
const REGIONS_URL = new URL("../regions.json", import.meta.url);
let regionsPromise = null;
function loadRegions() {
  regionsPromise ||= fetch(REGIONS_URL).then((r) => (r.ok ? r.json() : [])).catch(() => []);
  return regionsPromise;
}

/** The nearest element for the reader's region: the region itself, then its county, then the city, else one of its
 *  townships (the rule of member_for_region in generator/render/journey.py). */
async function pickByRegion(elements, code) {
  if (!code || !elements.length) return null;
  const parents = parentsOf(await loadRegions());
  for (const c of regionChain(code, parents)) {
    const hit = elements.find((el) => el.dataset.region === c);
    if (hit) return hit;
  }
  return elements.find((el) => parents.get(el.dataset.region) === code) || null;
}

async function showCurrent(label) {
  const code = currentRegion();
  let name = currentRegionName();
  if (code && !name) {
    const row = (await loadRegions()).find((r) => r[0] === code);
    name = row ? row[1] : code;
    if (row) setRegion(code, name);
  }
  label.textContent = code ? name : "选择所在地区";
  label.closest("a").title = code ? `所在地区：${name}（点击更改）` : "选择所在地区";
}

function initPicker() {
  const open = document.querySelector("[data-region-open]");
  const panel = document.getElementById("bs-region-panel");
  if (!open || !panel) return;
  const label = open.querySelector("[data-region-current]");
  const selects = [...panel.querySelectorAll("select[data-level]")];
  let rows = [];
  showCurrent(label);

  const children = (parent) => rows.filter((r) => (parent ? r[2] === parent : !r[2]));
  function fill(level, parent, chosen) {
    const select = selects[level];
    const options = level === 0 ? children("") : parent ? children(parent) : [];
    const blank = level === 0 ? "" : `<option value="">${level === 1 ? "全市" : "全县（区）"}</option>`;
    select.innerHTML = blank + options.map(([code, name]) => `<option value="${code}">${name.replace(/[<>&"]/g, "")}</option>`).join("");
    select.value = options.some(([c]) => c === chosen) ? chosen : options.length && level === 0 ? options[0][0] : "";
    select.disabled = !options.length;
    select.closest("label").hidden = !options.length && level > 0;
  }
  function refill(fromLevel, chain) {
    for (let level = fromLevel; level < selects.length; level++) fill(level, level ? selects[level - 1].value : "", chain[level]);
  }
  async function show(event) {
    event.preventDefault();
    rows = await loadRegions();
    const chain = regionChain(currentRegion(), parentsOf(rows)).reverse();
    refill(0, chain);
    panel.hidden = false;
    open.setAttribute("aria-expanded", "true");
    selects[0].focus();
  }
  function hide() {
    panel.hidden = true;
    open.setAttribute("aria-expanded", "false");
    open.focus();
  }
  selects.forEach((select, level) => select.addEventListener("change", () => refill(level + 1, [])));
  open.addEventListener("click", show);
  panel.querySelector("[data-region-close]").addEventListener("click", hide);
  panel.addEventListener("keydown", (e) => e.key === "Escape" && hide());
  panel.querySelector("[data-region-clear]").addEventListener("click", () => choose(null, null));
  panel.querySelector("[data-region-save]").addEventListener("click", () => {
    const chosen = [...selects].reverse().find((s) => !s.disabled && s.value);
    const row = chosen && rows.find((r) => r[0] === chosen.value);
    choose(row ? row[0] : null, row ? row[1] : null);
  });
}

function choose(code, name) {
  setRegion(code, name);
  const url = new URL(location.href);
  if (code) url.searchParams.set("region", code);
  else url.searchParams.delete("region");
  location.assign(url.href); // reload: every part of the page follows the new region
}

/** Service page: lead with the office that serves the reader's region. */
async function serviceLead(code) {
  const lead = document.getElementById("bs-your-region");
  if (!lead) return;
  const entries = [...document.querySelectorAll("[data-service-entry]")];
  const hit = await pickByRegion(entries, code);
  if (!hit) return;
  const d = hit.dataset;
  lead.querySelector("[data-lead-department]").textContent = d.department;
  lead.querySelector("[data-lead-address]").textContent = d.address;
  lead.querySelector("[data-lead-hours]").textContent = d.hours;
  const phone = lead.querySelector("[data-lead-phone]");
  phone.textContent = d.phone;
  phone.href = "tel:" + d.phone;
  lead.querySelector("[data-lead-link]").href = hit.querySelector("a").href;
  hit.classList.add("bs-is-mine");
  lead.hidden = false;
}

/** Sections of a page by region (home popular services, bundle regions, checklist regions): show the reader's. */
async function regionSections(code) {
  for (const group of document.querySelectorAll("[data-region-sections]")) {
    const sections = [...group.querySelectorAll(":scope > [data-region]")];
    const hit = await pickByRegion(sections, code);
    const note = group.querySelector("[data-region-elsewhere]");
    if (note) note.hidden = !!hit || !code;
    if (!hit) continue;
    for (const s of sections) {
      s.hidden = s !== hit;
      s.classList.toggle("is-current", s === hit);
    }
  }
}

/** A checklist opened from a printed QR code: say so when the printed version is out of date. */
function checklistVersion() {
  const sheet = document.querySelector(".bs-checklist[data-version]");
  if (!sheet) return;
  const printed = new URLSearchParams(location.search).get(sheet.dataset.versionParam || "v");
  if (printed && printed !== sheet.dataset.version) {
    const notice = sheet.querySelector(".bs-checklist__stale");
    notice.querySelector("[data-old-version]").textContent = printed;
    notice.hidden = false;
  }
}

const region = currentRegion();
initPicker();
keepRegion();
serviceLead(region);
regionSections(region);
checklistVersion();
