// 长辈版 before the first paint on the standalone 材料清单 (checklist.html.j2 loads it, blocking, in <head>): the rule of
// main.html's inline snippet (?care=1|0, remembered; else the remembered choice). Keep the two in step.
(function () {
  var key = "banshi.care", asked = /[?&]care=([01])(?:&|$)/.exec(location.search), value = null;
  try {
    value = localStorage.getItem(key);
    if (asked) {
      value = asked[1];
      localStorage.setItem(key, value);
    }
  } catch (e) {
    if (asked) value = asked[1];
  }
  if (value === "1") document.documentElement.classList.add("bs-care");
})();
