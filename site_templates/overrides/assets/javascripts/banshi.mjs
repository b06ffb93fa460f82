// Banshi page enhancements: the theme's script at the first interaction, care mode (长辈版), the reader's region, and
// the page's QR code drawn in the browser (no build cost per page).
import "./theme.mjs";
import "./care.mjs";
import { renderSVG } from "./vendor/uqr-0.1.3.mjs";
import "./journey.mjs";
import "./situations.mjs";

// Encoding a QR code (choosing its mask) takes 40-70 ms of script on first use, four times that on a slow phone: a
// QR code is drawn only when it comes near the screen, or when the page is printed (the printed guide and the
// 材料清单 carry it). beforeprint covers window.print(), the browser's print command and saving as PDF; the print
// media query covers print previews that do not fire it.
function drawQr(holder) {
  if (holder.querySelector("svg")) return;
  const url = holder.getAttribute("data-qr");
  holder.innerHTML = renderSVG(url, { ecc: "M", border: 2, pixelSize: 4 });
  const svg = holder.querySelector("svg");
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "本页二维码：" + url);
    svg.classList.add("bs-qr");
  }
}

const qrHolders = [...document.querySelectorAll("[data-qr]")].filter((holder) => /^https?:\/\//.test(holder.getAttribute("data-qr") || ""));
if (qrHolders.length) {
  const nearScreen = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        nearScreen.unobserve(entry.target);
        drawQr(entry.target);
      }
    },
    { rootMargin: "100px 0px" },
  );
  for (const holder of qrHolders) nearScreen.observe(holder);
  const drawAll = () => {
    nearScreen.disconnect();
    qrHolders.forEach(drawQr);
  };
  window.addEventListener("beforeprint", drawAll);
  window.matchMedia("print").addEventListener("change", (event) => event.matches && drawAll());
}

// Print buttons (the guide's and the 材料清单's): a listener here, not an onclick attribute, which the site's
// Content-Security-Policy does not allow (generator/site/csp.py).
for (const button of document.querySelectorAll("[data-bs-print]")) button.addEventListener("click", () => window.print());

// The search page loads its own module (and the Meilisearch client or the static index) only when needed.
if (document.getElementById("bs-search")) import("./search.mjs");
