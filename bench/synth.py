"""Deterministic synthetic province catalog for benchmarks: valid records at any N.

python bench/synth.py --records N --out DIR

The directory items, themes and synonyms are the sample's, plus provincial variants of them (basic codes
with the province prefix, names with a qualifier) when N needs more; regions, departments (credit codes with
valid check characters) and implementation records are generated. The same N always gives the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.model.codes import CREDIT_ALPHABET, LEVELS, make_credit_code  # noqa: E402

QUALIFIERS = ["变更", "延续", "注销", "补办", "备案", "迁移", "年度报告", "复核", "撤销", "换发"]
CITY_NAMES = ["郑州", "开封", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳", "许昌", "漯河", "三门峡", "南阳", "商丘", "信阳", "周口", "驻马店"]
DEPARTMENTS = [
    ("gaj", "公安局"),
    ("scjgj", "市场监督管理局"),
    ("rsj", "人力资源和社会保障局"),
    ("ybj", "医疗保障局"),
    ("mzj", "民政局"),
    ("wjw", "卫生健康委员会"),
    ("jyj", "教育局"),
    ("jtj", "交通运输局"),
    ("zjj", "住房和城乡建设局"),
    ("zrzyj", "自然资源和规划局"),
    ("sthjj", "生态环境局"),
    ("sfj", "司法局"),
    ("ycj", "烟草专卖局"),
    ("cl", "残疾人联合会"),
    ("bdcdj", "不动产登记中心"),
    ("gjj", "住房公积金管理中心"),
]
RECORD = """# yaml-language-server: $schema=../../../schema/item.schema.json
implementation_code: "{code}"
basic_code: "{basic}"
region: "{region}"
department: {dep}
updated: 2026-{month:02d}-{day:02d}
case_type: {case_type}
promised_time_limit:
  value: {promised}
  unit: {unit}
onsite_visits: {visits}
{reason}online:
  depth: {depth}
  apply: {apply}
  payment: false
  express_delivery: true
  appointment: {appointment}
in_service_hall: true
fee:
  charged: false
locations:
  - name: {region_name}政务服务中心
    address: {region_name}{street}路{number}号政务服务中心{floor}楼
    window: {dep_name}综合窗口
    hours: 周一至周五 上午8:30-12:00，下午14:30-17:30，法定节假日除外
    phone: 0371-{phone1}
consult:
  phone: 0371-{phone2}
complaint:
  phone: "12345"
"""
STREETS = ["人民", "建设", "解放", "中山", "文化", "黄河", "迎宾", "复兴", "光明", "和平", "新华", "工业"]


def org_code(rng: random.Random) -> str:
    return "MB" + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(7))


def make_regions(records: int) -> list[tuple[str, str, str | None]]:
    """(code, name, parent) for a province large enough for `records`."""
    regions: list[tuple[str, str, str | None]] = []
    counties_per_city = max(1, min(12, records // 3000 + 1))
    towns_per_county = max(1, min(18, records // 8000 + 1))
    for c, city in enumerate(CITY_NAMES[: max(1, min(17, records // 5000 + 1))], start=1):
        city_code = f"41{c:02d}00"
        regions.append((city_code, f"{city}市", None))
        for k in range(1, counties_per_city + 1):
            county_code = f"41{c:02d}{20 + k:02d}"
            regions.append((county_code, f"{city}第{k}县", city_code))
            for t in range(1, towns_per_county + 1):
                regions.append((f"{county_code}{100 + t:03d}", f"{city}第{k}县第{t}镇", county_code))
    return regions


def tier(code: str) -> str:
    return "乡" if len(code) == 9 else ("市" if code.endswith("00") else "县")


def generate(records: int, out: Path) -> None:
    rng = random.Random(records)
    if out.exists():
        shutil.rmtree(out)
    catalog = out / "items" / "_catalog"
    (catalog / "directory").mkdir(parents=True)
    shutil.copytree(REPO / "items" / "_files", out / "items" / "_files")
    for name in ("themes.yaml", "synonyms.yaml"):
        shutil.copy(REPO / "items" / "_catalog" / name, catalog / name)
    base = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "items/_catalog/directory").glob("*.yaml"))}
    regions = make_regions(records)
    tiers = {"市": 0, "县": 0, "乡": 0}
    for code, _, _ in regions:
        tiers[tier(code)] += 1
    capacity = sum(tiers[t] for item in base.values() for t in item["exercise_levels"] if t in tiers)
    variants = min(len(QUALIFIERS) + 40, max(0, -(-records // max(capacity, 1)) - 1))
    directory: dict[str, dict] = {}
    for code, item in base.items():
        directory[code] = item
        for k in range(1, variants + 1):
            qualifier = QUALIFIERS[k - 1] if k <= len(QUALIFIERS) else f"第{k}类"
            variant = dict(item, basic_code=f"{40 + k:02d}{code[2:]}", name=f"{item['name']}（{qualifier}）")
            directory[variant["basic_code"]] = variant
    for code, item in directory.items():
        (catalog / "directory" / f"{code}.yaml").write_text(yaml.safe_dump(item, allow_unicode=True, sort_keys=False), encoding="utf-8")
    departments = []
    dep_of: dict[tuple[str, str], tuple[str, str, str]] = {}
    for code, name, _ in regions:
        county6 = code[:6]
        kinds = DEPARTMENTS if tier(code) != "乡" else [("zf", "人民政府")]
        for short, label in kinds:
            dep_id = f"d{code}-{short}"
            credit = make_credit_code("11" + county6 + org_code(rng))
            departments.append({"id": dep_id, "name": f"{name}{label}", "kind": label, "credit_code": credit, "region": code})
            dep_of[(code, short)] = (dep_id, credit, f"{name}{label}")
    (catalog / "regions.yaml").write_text(
        yaml.safe_dump({"regions": [{"code": c, "name": n, **({"parent": p} if p else {})} for c, n, p in regions]}, allow_unicode=True),
        encoding="utf-8",
    )
    (catalog / "departments.yaml").write_text(yaml.safe_dump({"departments": departments}, allow_unicode=True), encoding="utf-8")
    pairs = [(r, b) for r, _, _ in regions for b, item in directory.items() if tier(r) in item["exercise_levels"]]
    rng.shuffle(pairs)
    names = {c: n for c, n, _ in regions}
    for region, basic in sorted(pairs[:records]):
        item = directory[basic]
        short = "zf" if tier(region) == "乡" else DEPARTMENTS[int(basic[4:9]) % len(DEPARTMENTS)][0]
        dep_id, credit, dep_name = dep_of[(region, short)]
        code = credit + LEVELS[tier(region)] + basic
        legal = item["legal_time_limit"]
        promised = 0 if legal["value"] == 0 else rng.randint(1, legal["value"])
        depth = rng.choice(["Ⅱ", "Ⅲ", "Ⅲ", "Ⅳ"])
        visits = 0 if depth == "Ⅳ" else 1 if depth == "Ⅱ" else rng.randint(0, 1)  # 0 visits needs an online application
        path = out / "items" / region / dep_id / f"{code}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            RECORD.format(
                code=code,
                basic=basic,
                region=region,
                dep=dep_id,
                month=rng.randint(1, 11),
                day=rng.randint(1, 28),
                case_type="即办件" if promised == 0 else "承诺件",
                promised=promised,
                unit=legal["unit"],
                visits=visits,
                reason="onsite_reason: 需现场核验身份和原件\n" if visits else "",
                depth=depth,
                apply=str(depth != "Ⅱ").lower(),
                appointment=str(rng.random() < 0.5).lower(),
                region_name=names[region],
                street=rng.choice(STREETS),
                number=rng.randint(1, 300),
                floor=rng.randint(1, 4),
                dep_name=dep_name,
                phone1=rng.randint(20000000, 29999999),
                phone2=rng.randint(30000000, 39999999),
            ),
            encoding="utf-8",
        )
    if len(pairs) < records:
        print(f"warning: only {len(pairs)} records possible", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.records, args.out)


if __name__ == "__main__":
    main()
