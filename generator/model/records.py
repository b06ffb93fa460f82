"""The typed model of records. The JSON Schema is generated from these classes (workflow/schema_export.py).

Every field carries `section`: the guide section it appears in, used in error messages.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.json_schema import JsonDict

from generator.model import schema_rules
from generator.model.codes import BASIC_CODE_PATTERN, DIVISION_PATTERN, IMPLEMENTATION_CODE_PATTERN, ITEM_TYPES, LEVELS
from generator.model.schema_rules import PLACE_OR_ADDRESS_MESSAGE
from generator.model.values import check_https, check_line, check_link, check_phone, check_text, parse_date

# Length limits real guides never reach (the longest sample values are about a quarter of them), so one
# oversized value cannot inflate every page and the search index. Codes and ids are ASCII ([0-9], not \d).
NAME_MAX = 100
TEXT_MAX = 500
LONG_TEXT_MAX = 5000
LIST_MAX = 200

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX, json_schema_extra=schema_rules.LINE), AfterValidator(check_line)]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX, json_schema_extra=schema_rules.TEXT), AfterValidator(check_text)]
LongText = Annotated[str, Field(min_length=1, max_length=LONG_TEXT_MAX, json_schema_extra=schema_rules.TEXT), AfterValidator(check_text)]
T = TypeVar("T")
Many = Annotated[list[T], Field(max_length=LIST_MAX)]
Date = Annotated[dt.date, BeforeValidator(parse_date), Field(json_schema_extra=schema_rules.DATE)]
Link = Annotated[str, AfterValidator(check_link), Field(json_schema_extra=schema_rules.LINK)]
HttpsLink = Annotated[str, AfterValidator(check_https), Field(json_schema_extra=schema_rules.LINK)]
Phone = Annotated[str, AfterValidator(check_phone), Field(json_schema_extra=schema_rules.PHONE)]

if TYPE_CHECKING:  # a type checker cannot read a Literal built from a tuple at run time: for it these are strings
    ItemType = str
    Level = str
else:
    ItemType = Literal[tuple(ITEM_TYPES)]
    Level = Literal[tuple(LEVELS)]
ServiceObject = Literal["自然人", "企业法人", "事业法人", "社会组织法人", "非法人企业", "行政机关", "其他组织"]
Depth = Literal["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"]


def sect(name: str) -> JsonDict:
    """json_schema_extra naming the guide section a field belongs to."""
    return {"section": name}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LegalBasis(Strict):
    law: Text = Field(description="法律法规名称，如《中华人民共和国居民身份证法》")
    article: Text | None = Field(None, description="条款，如 第八条")
    text: LongText | None = Field(None, description="条款原文（可选）")


class TimeLimit(Strict):
    value: int = Field(ge=0, le=3650, description="时限数值；即办件为 0")
    unit: Literal["工作日", "自然日"] = Field(description="单位：工作日 或 自然日")
    note: Text | None = Field(None, description="说明，如 不含公告时间")


class Exemption(Strict):
    reason: Text = Field(description="免提交的理由，如 通过数据共享获取")
    source: Text = Field(description="由哪个部门、哪个系统共享获取")


class Material(Strict):
    name: Name = Field(description="材料名称")
    necessity: Literal["必要", "非必要", "容缺后补"] = Field(description="必要性")
    kind: Literal["原件", "复印件", "原件和复印件"] | None = Field(None, description="材料类型（办事指南未写明时不填，页面显示 未公布）")
    form: Literal["纸质", "电子", "纸质和电子"] | None = Field(None, description="材料形式（办事指南未写明时不填）")
    copies: int | None = Field(None, ge=0, le=50, description="份数（办事指南未写明时不填）")
    paper_size: Literal["A4", "A3", "不限"] = Field("A4", description="纸张规格")
    source: Literal["申请人自备", "政府部门核发", "其他"] | None = Field(None, description="来源渠道（办事指南未写明时不填）")
    source_note: Text | None = Field(None, description="来源说明，如 由公安机关核发")
    provided_at_window: bool = Field(False, description="窗口提供：受理地点现场提供这份表格（当场领取、填写），申请人不必自带；来源说明写明窗口提供时填 true")
    fill_instructions: LongText | None = Field(None, description="填报须知")
    basis: Text | None = Field(None, description="材料依据")
    blank_form: Link | None = Field(None, description="空白表格：https 链接或 items/_files/ 下的文件路径")
    sample: Link | None = Field(None, description="示例样表：https 链接或 items/_files/ 下的文件路径")
    exempt: Exemption | None = Field(None, description="免提交：本地通过数据共享获取时填写")
    condition: Text | None = Field(None, description="提交情形：只在这种情形下才要提交，如 申请人未满十六周岁的")
    alternatives: Many[Name] = Field([], description="可替代材料：提交本材料或其中任意一份均可，如 社会保障卡、学生证")


class Step(Strict):
    name: Name = Field(description="环节名称：申请、受理、审查、决定、送达等")
    actor: Text = Field(description="办理人员或岗位")
    time_limit: Text | None = Field(None, description="本环节时限，如 1个工作日")
    description: LongText | None = Field(None, description="环节说明")


class StageLimit(Strict):
    stage: Name = Field(description="环节，如 初审、审批")
    body: Name | None = Field(None, description="负责本环节的机构，如 乡镇人民政府")
    limit: TimeLimit = Field(description="本环节时限，如 20 工作日")


class CaseSituation(Strict):
    case_type: Literal["即办件", "承诺件"] = Field(description="这种情形下的办件类型")
    situation: Text | None = Field(None, description="情形，如 材料齐全、符合法定形式的（办事指南未写明时不填）")


class SpecialProcedure(Strict):
    name: Name = Field(description="特别程序名称：听证、专家评审等")
    time_limit: Text = Field(description="时限")
    note: Text | None = Field(None, description="说明")


class FeeItem(Strict):
    name: Name = Field(description="收费项目")
    standard: Text = Field(description="收费标准")
    basis: Text = Field(description="收费依据")


class Fee(Strict):
    charged: bool = Field(description="是否收费")
    items: Many[FeeItem] = Field([], description="收费项目（收费时必填）")
    reducible: Text | None = Field(None, description="减免政策")


class Location(Strict):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, json_schema_extra={"anyOf": schema_rules.PLACE_OR_ADDRESS})

    name: Name | None = Field(None, description="办理场所名称")
    place_class: Name | None = Field(None, description="一类场所（办事指南不写具体地址时），如 户籍所在地派出所")
    address: Text | None = Field(None, description="办理地址（写一类场所时可不填，页面显示 未公布）")
    window: Text | None = Field(None, description="窗口")
    hours: Text | None = Field(None, description="办公时间（办事指南未写明时不填，页面显示 未公布）")
    phone: Phone | None = Field(None, description="窗口电话，带区号")
    map_url: Link | None = Field(None, description="地图链接（https）")

    @model_validator(mode="after")
    def _place_or_address(self) -> Location:
        if self.address is None and self.place_class is None and self.name is None:
            raise ValueError(PLACE_OR_ADDRESS_MESSAGE)
        return self


class Contact(Strict):
    phone: Phone | None = Field(None, description="电话，带区号（区号-号码），或 12345、12389 等全国服务热线（办事指南未写明时不填）")
    note: Text | None = Field(None, description="其他方式，如 网站、信箱")


class Online(Strict):
    depth: Depth = Field(description="网上办理深度：Ⅰ 信息公开 Ⅱ 下载/预约 Ⅲ 网上预审 Ⅳ 全程网办")
    apply: bool = Field(description="是否提供在线申报入口（在线办理按钮）")
    payment: bool = Field(False, description="是否支持网上缴费")
    express_delivery: bool = Field(False, description="是否支持物流快递")
    appointment: bool = Field(False, description="是否支持网上预约")
    appointment_url: HttpsLink | None = Field(None, description="网上预约地址（https，主机须在允许列表中）")


class Result(Strict):
    type: Literal["证照", "批文", "其他"] = Field(description="结果类型")
    name: Name = Field(description="结果名称")
    delivery: Text | None = Field(None, description="送达方式")
    sample: Link | None = Field(None, description="结果样本")


class Faq(Strict):
    q: Text = Field(description="问题")
    a: LongText = Field(description="解答")


class Variation(Strict):
    field: Literal["name", "legal_basis", "legal_time_limit", "conditions", "materials"] = Field(description="与基本目录不一致的要素")
    reason: Text = Field(description="不一致的理由")
    approved_by: Text | None = Field(
        None, description="批准单位及文号：批准单位 空格 机关代字〔年份〕序号号（批准单位须是本级或上级的政务服务管理机构）；尚未批准时不填，记为待批准"
    )


class HandlingItem(Strict):
    code: Annotated[str, Field(pattern=r"^[0-9]{2}$")] = Field(description="业务办理项两位代码")
    name: Name = Field(description="业务办理项名称，如 新办、变更、延续、注销")
    materials: Many[Material] | None = Field(None, description="本办理项的申请材料")
    steps: Many[Step] | None = Field(None, description="本办理项的办理流程")


class DirectoryItem(Strict):
    """基本目录事项: the standard for one basic code, shared by all tiers."""

    basic_code: Annotated[str, Field(pattern=BASIC_CODE_PATTERN)] = Field(description="基本编码，12 位数字", json_schema_extra=sect("事项编码"))
    name: Name = Field(description="事项名称", json_schema_extra=sect("基本信息"))
    item_type: ItemType = Field(description="事项类型", json_schema_extra=sect("基本信息"))
    exercise_levels: Many[Level] = Field(min_length=1, description="行使层级", json_schema_extra=sect("基本信息"))
    legal_basis: Many[LegalBasis] = Field(min_length=1, description="设定依据", json_schema_extra=sect("设定依据"))
    legal_time_limit: TimeLimit = Field(description="法定办结时限", json_schema_extra=sect("办理时限"))
    conditions: Many[Text] = Field(min_length=1, description="受理条件", json_schema_extra=sect("办理条件"))
    materials: Many[Material] = Field(description="申请材料", json_schema_extra=sect("申请材料"))
    service_objects: Many[ServiceObject] = Field(min_length=1, description="服务对象", json_schema_extra=sect("适用范围"))
    steps: Many[Step] = Field(min_length=1, description="默认办理流程", json_schema_extra=sect("办理流程"))
    result: Result = Field(description="审批结果", json_schema_extra=sect("结果送达"))
    themes: Many[Name] = Field([], description="主题（人生事件、企业事件）", json_schema_extra=sect("主题"))
    keywords: Many[Name] = Field([], description="俗称、搜索关键词", json_schema_extra=sect("搜索"))
    aliases: Many[Name] = Field([], description="其他语言的名称或通行叫法，如英文 ID card、passport（用于搜索）", json_schema_extra=sect("搜索"))
    remedies: LongText | None = Field(None, description="行政救济途径", json_schema_extra=sect("行政救济途径"))
    faq: Many[Faq] = Field([], description="常见问题", json_schema_extra=sect("常见问题"))


FIXED_FIELDS = ("implementation_code", "basic_code", "region", "department", "scheduled")  # a scheduled change cannot move a record


class ScheduledChange(Strict):
    """A change decided now that takes effect on a date (生效日期): the page announces it until then, publishes it from then."""

    effective: Date = Field(description="生效日期，如 2027-01-01：当天起网站按新内容发布")
    note: Text | None = Field(None, description="调整依据或说明，如 按某某〔2026〕8号文件压缩承诺时限")
    set: dict[str, Any] = Field(
        description="生效后的新内容：字段名和新的值，写法与记录正文相同，如 promised_time_limit: {value: 5, unit: 工作日}",
        json_schema_extra={"propertyNames": {"not": {"enum": list(FIXED_FIELDS)}}, "minProperties": 1, "errorMessage": "写出生效后要改的字段和新值"},
    )


class ImplementationRecord(Strict):
    """实施清单事项: one implementing body's guide for a directory item."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, json_schema_extra={"allOf": schema_rules.RECORD_RULES})

    implementation_code: Annotated[str, Field(pattern=IMPLEMENTATION_CODE_PATTERN)] | None = Field(
        None,
        description="实施编码 = 统一社会信用代码(18) + 层级码(1) + 基本编码(12)；办事指南未公布时不填，文件名用小写字母、数字和短横线",
        json_schema_extra=sect("事项编码"),
    )
    basic_code: Annotated[str, Field(pattern=BASIC_CODE_PATTERN)] = Field(description="基本编码", json_schema_extra=sect("事项编码"))
    region: Annotated[str, Field(pattern=DIVISION_PATTERN)] = Field(description="行政区划代码（6 位或乡镇 9 位）", json_schema_extra=sect("适用范围"))
    department: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")] = Field(
        description="实施主体：departments.yaml 中的部门标识", json_schema_extra=sect("受理机构")
    )
    status: Literal["在用", "暂停", "取消"] = Field("在用", description="事项状态", json_schema_extra=sect("基本信息"))
    updated: Date = Field(description="最近更新日期", json_schema_extra=sect("基本信息"))
    power_source: Literal["法定本级行使", "上级下放", "上级授权", "同级授权", "上级委托", "同级委托"] = Field(
        "法定本级行使", description="权力来源", json_schema_extra=sect("受理机构")
    )
    case_type: Literal["即办件", "承诺件"] | None = Field(None, description="办件类型（按情形不同时改写 case_situations）", json_schema_extra=sect("办理时限"))
    case_situations: Many[CaseSituation] = Field([], description="按情形区分的办件类型，如 材料齐全的即办、需核查的承诺", json_schema_extra=sect("办理时限"))
    promised_time_limit: TimeLimit | None = Field(None, description="承诺办结时限（办事指南未写明时不填）", json_schema_extra=sect("办理时限"))
    stage_limits: Many[StageLimit] = Field([], description="分环节时限，如 初审 20 工作日、审批 10 工作日", json_schema_extra=sect("办理时限"))
    time_limit_note: Text | None = Field(None, description="时限说明文字", json_schema_extra=sect("办理时限"))
    onsite_visits: int | None = Field(None, ge=0, le=10, description="到办事现场次数（办事指南未写明时不填）", json_schema_extra=sect("受理方式"))
    onsite_reason: Text | None = Field(None, description="必须到现场的理由", json_schema_extra=sect("受理方式"))
    online: Online | None = Field(None, description="网上办理（办事指南未写明时不填）", json_schema_extra=sect("受理方式"))
    in_service_hall: bool | None = Field(None, description="是否进驻政务服务大厅（办事指南未写明时不填）", json_schema_extra=sect("办理地址和时间"))
    fee: Fee | None = Field(None, description="收费（办事指南未写明时不填）", json_schema_extra=sect("收费依据及标准"))
    locations: Many[Location] = Field([], description="办理地点和时间（办事指南未写明时不填）", json_schema_extra=sect("办理地址和时间"))
    accepting_body: Name | None = Field(None, description="受理机构（与实施主体不同时），如 户籍所在地派出所", json_schema_extra=sect("受理机构"))
    entrusted_body: Name | None = Field(None, description="受委托办理的机构，如 区政务服务大厅企业注册窗口", json_schema_extra=sect("受理机构"))
    joint_bodies: Many[Name] = Field([], description="联办机构：参与办理的其他部门或组织，如 社区居民委员会", json_schema_extra=sect("受理机构"))
    refusal_grounds: Many[Text] = Field([], description="不予受理、不予许可（批准）的情形", json_schema_extra=sect("办理条件"))
    quantity_limit: Text | None = Field(None, description="数量限制，如 每个行政区划限 3 家（无限制时不填）", json_schema_extra=sect("办理条件"))
    intermediary_services: Many[Text] = Field([], description="中介服务：办理前须委托的中介服务及其依据（无则不填）", json_schema_extra=sect("办理条件"))
    consult: Contact | None = Field(None, description="咨询方式（办事指南未写明时不填）", json_schema_extra=sect("咨询方式"))
    complaint: Contact | None = Field(None, description="监督投诉渠道（办事指南未写明时不填）", json_schema_extra=sect("监督投诉渠道"))
    # Standard elements: inherited from the directory item when left out.
    name: Name | None = Field(None, description="事项名称（默认取基本目录）", json_schema_extra=sect("基本信息"))
    item_type: ItemType | None = Field(None, description="事项类型（默认取基本目录）", json_schema_extra=sect("基本信息"))
    legal_basis: Many[LegalBasis] | None = Field(None, description="设定依据（默认取基本目录）", json_schema_extra=sect("设定依据"))
    legal_time_limit: TimeLimit | None = Field(None, description="法定办结时限（默认取基本目录）", json_schema_extra=sect("办理时限"))
    conditions: Many[Text] | None = Field(None, description="受理条件（默认取基本目录）", json_schema_extra=sect("办理条件"))
    materials: Many[Material] | None = Field(None, description="申请材料（默认取基本目录）", json_schema_extra=sect("申请材料"))
    exempt_materials: Many[ExemptMaterial] = Field((), description="本地免提交的材料（通过数据共享获取）", json_schema_extra=sect("申请材料"))  # type: ignore[arg-type]  # () : an immutable empty default, as frozen records keep it
    variations: Many[Variation] = Field([], description="本地差异：与基本目录不同的要素（经批准，或待批准）", json_schema_extra=sect("基本信息"))
    # Free to differ: defaults come from the directory item.
    service_objects: Many[ServiceObject] | None = Field(None, description="服务对象", json_schema_extra=sect("适用范围"))
    steps: Many[Step] | None = Field(None, description="办理流程（默认取基本目录）", json_schema_extra=sect("办理流程"))
    special_procedures: Many[SpecialProcedure] = Field([], description="特别程序", json_schema_extra=sect("办理流程"))
    result: Result | None = Field(None, description="审批结果（默认取基本目录）", json_schema_extra=sect("结果送达"))
    handling_items: Many[HandlingItem] = Field([], description="业务办理项", json_schema_extra=sect("申请材料"))
    remedies: LongText | None = Field(None, description="行政救济途径", json_schema_extra=sect("行政救济途径"))
    faq: Many[Faq] = Field([], description="常见问题", json_schema_extra=sect("常见问题"))
    keywords: Many[Name] = Field([], description="本地俗称、搜索关键词", json_schema_extra=sect("搜索"))
    scheduled: Many[ScheduledChange] = Field([], description="定期生效的调整（生效日期前网站预告，当天起发布）", json_schema_extra=sect("基本信息"))


class ExemptMaterial(Strict):
    name: Name = Field(description="基本目录中的材料名称")
    reason: Text = Field(description="免提交理由，如 通过电子证照库共享获取")
    source: Text = Field(description="共享来源部门或系统")


class Region(Strict):
    code: Annotated[str, Field(pattern=DIVISION_PATTERN)] = Field(description="行政区划代码")
    name: Name = Field(description="名称")
    parent: Annotated[str, Field(pattern=DIVISION_PATTERN)] | None = Field(None, description="上级区划代码")


class Department(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")] = Field(description="部门标识（目录名）")
    name: Name = Field(description="部门全称")
    short_name: Name | None = Field(None, description="简称")
    kind: Name | None = Field(
        None, description="部门类别：各级同类部门写同一个词，如 公安、民政、人力资源社会保障；基本目录的「上一级主管部门」取上一级区划中类别相同的部门"
    )
    credit_code: Annotated[str, Field(min_length=18, max_length=18)] | None = Field(None, description="统一社会信用代码（未公布时不填）")
    region: Annotated[str, Field(pattern=DIVISION_PATTERN)] = Field(description="所属行政区划代码")
    nature: Literal["法定机关", "授权组织", "受委托组织"] = Field("法定机关", description="主体性质")
    reviewers: Many[Annotated[str, Field(pattern=r"^@[A-Za-z0-9][A-Za-z0-9/_-]*$")]] = Field((), description="审核人（GitHub 账号或团队，用于 CODEOWNERS）")  # type: ignore[arg-type]
    approver: bool = Field(False, description="政务服务管理机构：审核本区划及下级区划的本地差异（variations）和基本目录的修改")
    remit: Many[Annotated[str, Field(pattern=r"^[0-9]{2,12}$")]] = Field(
        (), description="职责范围：本部门可以实施的事项的基本编码开头几位，如 000106（不填则不限，如乡镇人民政府）"  # type: ignore[arg-type]
    )


class Theme(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")] = Field(description="主题标识")
    name: Name = Field(description="主题名称")
    audience: Literal["个人", "法人"] = Field(description="面向个人或法人")
    description: LongText | None = Field(None, description="说明")


class Synonym(Strict):
    official: Name = Field(description="规范用语")
    colloquial: Many[Name] = Field(min_length=1, description="俗称、口语说法")


class BundleMember(Strict):
    order: int = Field(ge=1, le=99, description="办理顺序：1、2、3……（连续、不重复）")
    basic_code: Annotated[str, Field(pattern=r"^[0-9]{12}$")] = Field(description="成员事项的基本编码")
    note: Text | None = Field(None, description="本环节说明，如 医院内直接办理")


class Bundle(Strict):
    """一件事一次办: the items of one life event, done behind one checklist."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")] = Field(description="一件事标识（页面地址）")
    name: Name = Field(description="一件事名称，如 新生儿出生一件事")
    description: Text = Field(description="一句话说明：办成什么")
    life_event: Name = Field(description="人生事件或企业事件，即 themes.yaml 中的主题名称")
    regions: Many[Annotated[str, Field(pattern=r"^[0-9]{6}([0-9]{3})?$")]] = Field(min_length=1, description="提供本一件事的行政区划（县级或市级代码）")
    members: Many[BundleMember] = Field(min_length=2, description="成员事项，按办理顺序")
    contact: Contact = Field(description="一件事咨询电话")
    keywords: Many[Name] = Field([], description="俗称、搜索关键词，如 生孩子")


class LocalBasis(Strict):
    """本地实施依据: the province's or city's own legal bases for one directory item (items/_catalog/local_basis.yaml)."""

    basic_code: Annotated[str, Field(pattern=BASIC_CODE_PATTERN)] = Field(description="基本目录事项的基本编码")
    legal_basis: Many[LegalBasis] = Field(
        min_length=1, description="本省、本市的地方性法规、规章和规范性文件：本项目每条实施记录的设定依据中，排在基本目录的依据之后"
    )


class LocalBasisFile(Strict):
    local_basis: list[LocalBasis]


class BundlesFile(Strict):
    bundles: list[Bundle]


class RegionsFile(Strict):
    regions: list[Region]


class DepartmentsFile(Strict):
    departments: list[Department]


class ThemesFile(Strict):
    themes: list[Theme]
    popular: Many[Annotated[str, Field(pattern=BASIC_CODE_PATTERN)]] = Field([], description="首页热门服务的基本编码")


class SynonymsFile(Strict):
    synonyms: list[Synonym]


ImplementationRecord.model_rebuild()
