// 长辈版 (care mode): the header switch, the item page's order and 朗读 (wired here, in the page from item.html.j2).
// Which mode a page opens in (?care=1|0, the remembered choice) is care-early.js's rule alone, run before the first
// paint; this module reads its outcome (the class) and writes the choice the switch makes under the same key.

export const CARE_KEY = "banshi.care";
const CARE_CLASS = "bs-care";
const root = document.documentElement;

function remember(on) {
  try {
    localStorage.setItem(CARE_KEY, on ? "1" : "0");
  } catch {
    // storage blocked (private mode): the choice lasts for this page only
  }
}

// Item page: in care mode the plain summary (or, without one, the materials) and the steps come first.
const moved = [];

function section(heading) {
  const nodes = [heading];
  for (let node = heading.nextElementSibling; node && node.tagName !== "H2"; node = node.nextElementSibling) nodes.push(node);
  return nodes;
}

function leadNodes() {
  const lead = [];
  const summary = document.getElementById("summary");
  if (!summary) {
    const materials = document.getElementById("materials");
    if (materials) lead.push(...section(materials));
  }
  const steps = document.getElementById("steps");
  if (steps) lead.push(...section(steps));
  return lead;
}

function arrangeItemPage(on) {
  const head = document.querySelector(".bs-item-head");
  if (!head) return;
  if (on && !moved.length) {
    let after = document.getElementById("summary") || document.getElementById("apply") || head;
    for (const node of leadNodes()) {
      const marker = document.createComment("care-mode: moved");
      node.before(marker);
      after.after(node);
      after = node;
      moved.push([node, marker]);
    }
  } else if (!on) {
    for (const [node, marker] of moved.splice(0)) {
      marker.replaceWith(node);
    }
  }
}

// 朗读: the summary, materials and steps, with the browser's own Chinese voice.
const NO_VOICE = "这台设备的浏览器没有中文语音，无法朗读。可以使用手机或电脑自带的读屏功能。";

function clean(text) {
  return text.replace(/\s+/g, " ").trim();
}

function readingText() {
  const parts = [];
  const title = document.getElementById("item-title");
  if (title) parts.push(clean(title.textContent));
  const summary = document.getElementById("summary");
  if (summary) parts.push(clean(summary.innerText));
  const materials = [...document.querySelectorAll('table.bs-materials')][0];
  if (materials) {
    const names = [...materials.querySelectorAll('td[data-label="材料名称"]')].map((td, i) => `${i + 1}，${clean(td.innerText)}`);
    if (names.length) parts.push(`申请材料共 ${names.length} 项：${names.join("；")}。`);
  }
  const steps = document.querySelector("#steps ~ ol.bs-steps") || document.querySelector("ol.bs-steps");
  if (steps) {
    const items = [...steps.children].map((li, i) => `第 ${i + 1} 步，${clean(li.innerText)}`);
    if (items.length) parts.push(`办理流程：${items.join("；")}。`);
  }
  return parts.join("\n");
}

function voices() {
  const synth = window.speechSynthesis;
  const list = synth.getVoices();
  if (list.length) return Promise.resolve(list);
  // Chromium fills the list asynchronously; a browser without voices never fires the event.
  return new Promise((resolve) => {
    const done = () => resolve(synth.getVoices());
    synth.addEventListener("voiceschanged", done, { once: true });
    setTimeout(done, 1500);
  });
}

function chineseVoice(list) {
  const zh = list.filter((v) => /^(zh|cmn)([-_]|$)/i.test(v.lang));
  return zh.find((v) => /^zh[-_]CN$/i.test(v.lang)) || zh[0] || null;
}

let reading = false;

function stopReading() {
  if (reading && window.speechSynthesis) window.speechSynthesis.cancel();
  reading = false;
  const button = document.querySelector("[data-read]");
  if (button) button.textContent = "朗读";
}

async function read(button, status) {
  if (reading) {
    stopReading();
    status.textContent = "已停止朗读。";
    return;
  }
  const voice = "speechSynthesis" in window ? chineseVoice(await voices()) : null;
  if (!voice) {
    status.textContent = NO_VOICE;
    return;
  }
  const utterance = new SpeechSynthesisUtterance(readingText());
  utterance.lang = "zh-CN";
  utterance.voice = voice;
  utterance.rate = 0.9;
  utterance.addEventListener("end", () => {
    reading = false;
    button.textContent = "朗读";
    status.textContent = "朗读完毕。";
  });
  reading = true;
  button.textContent = "停止朗读";
  status.textContent = "正在朗读本事项的要点、材料和流程。";
  window.speechSynthesis.speak(utterance);
}

/** 朗读's box is in the item page's head (item.html.j2; shown by CSS in care mode only): wire it. */
function wireReadButton() {
  const button = document.querySelector(".bs-item-head [data-read]");
  const status = document.getElementById("bs-read-status");
  if (button && status) button.addEventListener("click", () => read(button, status));
}

// A table wider than its box scrolls inside .bs-table-wrap (more often with care mode's large text): such a box gets
// a Tab stop and a name so keyboard users can scroll it (WCAG 2.1.1); boxes that fit get none. Checked by a
// ResizeObserver, i.e. after the browser's own layout (page load, rotation, care mode's larger text): measuring right
// away while the page loads forced an extra layout of the whole page (Lighthouse: a 200+ ms task on a slow phone).
/** A scrolling table box is a landmark (role=region): its name must be unique on the page (axe landmark-unique).
 *  The table's caption, else its section's heading, else its position; numbered when two share one. */
function tableName(wrap) {
  const caption = wrap.querySelector("caption");
  let heading = null;
  for (let node = wrap; node && !heading; node = node.parentElement) {
    for (let prev = node.previousElementSibling; prev && !heading; prev = prev.previousElementSibling) if (/^H[1-6]$/.test(prev.tagName)) heading = prev;
  }
  const base = clean((caption || heading)?.textContent || "") + "表格";
  const boxes = [...document.querySelectorAll(".bs-table-wrap")];
  const same = boxes.filter((box) => box !== wrap && box.getAttribute("aria-label")?.startsWith(base));
  return same.length ? `${base}（${boxes.indexOf(wrap) + 1}）` : base;
}

function markScrollableTables(entries) {
  for (const wrap of entries.map((entry) => entry.target)) {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && !wrap.hasAttribute("tabindex")) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", tableName(wrap) + "，可左右滚动");
    } else if (!scrolls && wrap.getAttribute("role") === "region" && wrap.tabIndex === 0) {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }
}

export function setCare(on) {
  root.classList.toggle(CARE_CLASS, on);
  for (const button of document.querySelectorAll("[data-care-switch]")) button.setAttribute("aria-pressed", String(on));
  arrangeItemPage(on);
  if (!on) stopReading();
}

wireReadButton();
const tableBoxes = new ResizeObserver(markScrollableTables);
for (const wrap of document.querySelectorAll(".bs-table-wrap")) tableBoxes.observe(wrap);
// Print is the same in both modes: the item page goes back to its own order while printing.
window.addEventListener("beforeprint", () => arrangeItemPage(false));
window.addEventListener("afterprint", () => arrangeItemPage(root.classList.contains(CARE_CLASS)));
for (const button of document.querySelectorAll("[data-care-switch]")) {
  button.addEventListener("click", () => {
    const on = !root.classList.contains(CARE_CLASS);
    remember(on);
    setCare(on);
  });
}
setCare(root.classList.contains(CARE_CLASS));
