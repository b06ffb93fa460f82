// 长辈版 (care mode) before the first paint, the rule's one home: ?care=1|0 wins and is remembered, else the remembered choice.
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
