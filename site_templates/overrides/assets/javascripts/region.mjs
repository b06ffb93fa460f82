// The reader's region (选择所在地区): `?region=<division code>` in the URL wins, then the device's memory.
// One home for the rule, imported by every script that favours the reader's region.
const KEY = "banshi.region";
const CODE = /^\d{6}(\d{3})?$/;

export function currentRegion() {
  const fromUrl = new URLSearchParams(location.search).get("region");
  if (fromUrl && CODE.test(fromUrl)) return fromUrl;
  try {
    const saved = localStorage.getItem(KEY);
    return saved && CODE.test(saved) ? saved : null;
  } catch {
    return null;
  }
}

export function setRegion(code) {
  try {
    if (code && CODE.test(code)) localStorage.setItem(KEY, code);
    else localStorage.removeItem(KEY);
  } catch {
    /* storage may be disabled: the URL still carries the region */
  }
}
