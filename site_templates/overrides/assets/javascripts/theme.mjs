// The theme's script (mkdocs-material's bundle.js) at the reader's first interaction instead of during load: all it
// does on these pages answers the reader (the header and the table of contents following the scroll, back-to-top,
// keyboard shortcuts, the drawer's scroll lock), and parsing and running it was the biggest part of the main
// thread's work while a page loads. main.html replaces its tag with its address (#bs-theme-script).
const address = document.getElementById("bs-theme-script");
const FIRST_INTERACTION = ["pointerdown", "pointermove", "touchstart", "keydown", "wheel", "scroll", "focusin"];
let contentLoaded = document.readyState === "complete";
document.addEventListener("DOMContentLoaded", () => (contentLoaded = true), { once: true });

function loadTheme() {
  for (const type of FIRST_INTERACTION) window.removeEventListener(type, loadTheme, { capture: true });
  const script = document.createElement("script");
  script.src = new URL(JSON.parse(address.textContent), document.baseURI).href;
  // The theme starts its components on DOMContentLoaded, usually long past: it then gets the document through its
  // own document$ subject, the way its instant navigation hands it a new page.
  script.addEventListener("load", () => contentLoaded && window.document$?.next(document));
  document.body.append(script);
}

if (address) for (const type of FIRST_INTERACTION) window.addEventListener(type, loadTheme, { capture: true, passive: true });
