// 情形引导 (situations): an item page or 材料清单 that lists materials required only in a situation (a material's
// condition) shows one yes/no question per situation (site_templates/pages/_macros.html.j2 `situations`). Answering
// 否 hides the materials of that situation, in the summary list, the materials table and the printed checklist;
// 是, or no answer, lists them. Without this script the form stays hidden and every material is listed with its
// condition written out. Answers are kept for this browsing session (sessionStorage), keyed by the situation's
// words, so the checklist opened from the page starts with the same answers; nothing leaves the browser.
// The counts a reader sees follow the answers: the summary's "要带的材料 N 项，其中 K 项视情况提供" counts the listed
// materials still shown ([data-bring] rows of a [data-material-counts] block); a material needed only in a situation
// answered 是 is no longer 视情况. 清除回答 forgets this form's answers and lists everything again.

const KEY = "banshi.situations";

function remembered() {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) || "{}");
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

function remember(answers) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(answers));
  } catch {
    // storage refused (private mode, quota): the answers still apply to this page
  }
}

// Recount each block's materials from its rows still shown; the page's own numbers are the no-answer case.
function recount(yes) {
  for (const block of document.querySelectorAll("[data-material-counts]")) {
    const rows = [...block.querySelectorAll("[data-bring]")].filter((row) => !row.hidden);
    const optional = rows.filter((row) => row.dataset.bring === "necessity" || (row.dataset.bring === "situation" && !yes.has(row.dataset.situation)));
    for (const count of block.querySelectorAll('[data-count="bring"]')) count.textContent = String(rows.length);
    for (const count of block.querySelectorAll('[data-count="optional"]')) count.textContent = String(optional.length);
    for (const clause of block.querySelectorAll("[data-count-clause]")) clause.hidden = optional.length === 0;
  }
}

function setUp(form) {
  const inputs = [...form.querySelectorAll("input[data-situation-answer]")];
  const status = form.querySelector(".bs-situations__status");
  const answers = remembered();
  for (const input of inputs) input.checked = answers[input.dataset.situationAnswer] === input.value;

  const apply = () => {
    const answered = (value) => new Set(inputs.filter((input) => input.checked && input.value === value).map((input) => input.dataset.situationAnswer));
    const not = answered("no");
    const left = new Set();
    for (const row of document.querySelectorAll("[data-situation]")) {
      row.hidden = not.has(row.dataset.situation);
      if (row.hidden) left.add(row.dataset.situationItem);
    }
    const unanswered = inputs.filter((input) => input.value === "yes" && !input.checked && !not.has(input.dataset.situationAnswer)).length;
    const parts = [];
    if (left.size) parts.push(`按您的回答，不用带：${[...left].join("、")}`);
    if (unanswered) parts.push(`还有 ${unanswered} 个问题没有回答，相关材料仍列出`);
    if (status) status.textContent = parts.join("；");
    recount(answered("yes"));
  };

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.situationAnswer) return;
    const all = remembered();
    all[input.dataset.situationAnswer] = input.value;
    remember(all);
    apply();
  });
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    const all = remembered();
    for (const input of inputs) {
      input.checked = false;
      delete all[input.dataset.situationAnswer];
    }
    remember(all);
    apply();
  });
  form.hidden = false;
  apply();
}

for (const form of document.querySelectorAll("[data-situations]")) setUp(form);
