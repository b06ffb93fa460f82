// Banshi page enhancements: care mode (长辈版), and the page's QR code drawn in the browser (no build cost per page).
import "./care.mjs";
import { renderSVG } from "./vendor/uqr-0.1.3.mjs";

for (const holder of document.querySelectorAll("[data-qr]")) {
  const url = holder.getAttribute("data-qr");
  if (!url || !/^https?:\/\//.test(url)) continue;
  holder.innerHTML = renderSVG(url, { ecc: "M", border: 2, pixelSize: 4 });
  const svg = holder.querySelector("svg");
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "本页二维码：" + url);
    svg.classList.add("bs-qr");
  }
}

// The search page loads its own module (and the Meilisearch client or the static index) only when needed.
if (document.getElementById("bs-search")) import("./search.mjs");
