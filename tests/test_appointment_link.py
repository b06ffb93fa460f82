"""The 网上预约 line of an item page never claims what it cannot link to: a link on a host outside
`apply_allowed_hosts` is not shown and the page does not say 支持 either; an allowed link is shown without its
tracking parameters. (Validation warns on both: tests/cases/clerk/41-43.)"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import build_project_site
from tests.support import DIBAO_COUNTY, FOOD_COUNTY, edit, make_project

FOREIGN = "https://yuyue.lankao.gov.cn/book?item=000104001000"
TRACKED = "https://www.hnzwfw.gov.cn/kaifeng/yuyue?code=000502001000&utm_source=wechat&from=singlemessage&isappinstalled=0"


def appointment_line(site: Path, code: str, region: str) -> str:
    html = (site / "items" / region / code / "index.html").read_text(encoding="utf-8")
    (line,) = re.findall(r"<li>网上预约：.*?；", html)
    return line


def test_the_page_links_what_it_claims(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    online = "  express_delivery: true\n"
    edit(project, FOOD_COUNTY, online, f"{online}  appointment: true\n  appointment_url: {FOREIGN}\n")
    edit(project, DIBAO_COUNTY, online, f"{online}  appointment: true\n  appointment_url: {TRACKED}\n")
    site = build_project_site(project)
    dropped = appointment_line(site, "11410202MB0A22221F4000104001000", "410202")
    assert "支持" not in dropped and "href" not in dropped and "预约方式请咨询 0371-" in dropped, dropped
    shown = appointment_line(site, "11410225MB0A33331F4000502001000", "410225")
    assert 'href="https://www.hnzwfw.gov.cn/kaifeng/yuyue?code=000502001000"' in shown, shown
