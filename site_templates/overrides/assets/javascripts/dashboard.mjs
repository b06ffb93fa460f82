// Sortable tables on the 改革进展 page (progressive enhancement: without it the tables are complete and readable).
// Each header becomes a button; a cell's data-sort value (a number) or its text decides the order.
const collator = new Intl.Collator("zh-CN");

function value(cell) {
  const raw = cell.dataset.sort;
  return raw === undefined ? cell.textContent.trim() : Number(raw);
}

function sortBy(table, column, direction) {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  rows.sort((a, b) => {
    const x = value(a.cells[column]);
    const y = value(b.cells[column]);
    const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return direction === "ascending" ? order : -order;
  });
  body.append(...rows);
}

for (const table of document.querySelectorAll("table[data-sortable]")) {
  const headers = [...table.tHead.rows[0].cells];
  headers.forEach((th, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "bs-sort";
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener("click", () => {
      const direction = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", direction);
      sortBy(table, column, direction);
    });
  });
}
