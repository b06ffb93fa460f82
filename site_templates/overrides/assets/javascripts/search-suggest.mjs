// The search box's suggestions as you type: item and bundle names from the static index's understand.json, shown as
// an ARIA 1.2 combobox with a listbox popup (arrows move through the options, Enter takes one, Escape closes).
import { escapeHTML } from "./search-results.mjs";

const SUGGEST_LIMIT = 8;

/** The combobox of `input` and its `listbox`: `loadUnderstanding()` gives understand.json, `onChoose(name)` searches
 * the chosen name. Returns `show` (after typing), `close` and `keydown` (true when the popup took the key). */
export function suggestions(input, listbox, loadUnderstanding, onChoose) {
  let options = [];
  let active = -1;

  function closeSuggestions() {
    listbox.hidden = true;
    listbox.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    options = [];
    active = -1;
  }

  function setActive(index) {
    active = index;
    listbox.querySelectorAll("[role=option]").forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", `bs-suggest-${index}`);
    else input.removeAttribute("aria-activedescendant");
  }

  async function showSuggestions() {
    const raw = input.value.trim();
    if (!raw) return closeSuggestions();
    let understanding;
    try {
      understanding = await loadUnderstanding();
    } catch {
      return closeSuggestions();
    }
    if (input.value.trim() !== raw) return; // typed on meanwhile
    const q = [...raw.normalize("NFKC").toLowerCase()].map((c) => understanding.t2s?.[c] ?? c).join("");
    const found = [];
    for (const [name, kind] of understanding.suggest || []) {
      const at = name.toLowerCase().indexOf(q);
      if (at >= 0 && name !== raw) found.push([at === 0 ? 0 : 1, name.length, name, kind]);
    }
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    options = found.slice(0, SUGGEST_LIMIT).map(([, , name, kind]) => ({ name, kind }));
    if (!options.length) return closeSuggestions();
    listbox.innerHTML = options
      .map((o, i) => `<li id="bs-suggest-${i}" role="option" aria-selected="false" data-value="${escapeHTML(o.name)}">${escapeHTML(o.name)}${o.kind === "bundle" ? '<span class="bs-suggest__kind">一件事</span>' : ""}</li>`)
      .join("");
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  function choose(name) {
    closeSuggestions();
    onChoose(name);
  }

  listbox.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the box
  listbox.addEventListener("click", (event) => {
    const li = event.target.closest("[role=option]");
    if (li) choose(li.dataset.value);
  });
  input.addEventListener("blur", () => setTimeout(closeSuggestions, 0));

  /** The combobox's keys while its popup is open: true when it took the key (the box's other keys are search.mjs's). */
  function keydown(event) {
    if (listbox.hidden || !options.length) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      let next = active + step; // cycles through the options and back to the box itself (-1)
      if (next >= options.length) next = -1;
      if (next < -1) next = options.length - 1;
      setActive(next);
      return true;
    }
    if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(options[active].name);
      return true;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      closeSuggestions();
      return true;
    }
    return false;
  }

  return { show: showSuggestions, close: closeSuggestions, keydown };
}
