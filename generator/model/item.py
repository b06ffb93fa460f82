"""A resolved item: an implementation record with its directory item, region and department."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath

from generator.model.codes import LEVEL_BY_DIGIT, division_tier
from generator.model.records import (
    Department,
    DirectoryItem,
    Exemption,
    Faq,
    ImplementationRecord,
    LegalBasis,
    Material,
    Region,
    Result,
    ScheduledChange,
    Step,
    TimeLimit,
)


def record_key(record: ImplementationRecord, file: str) -> str:
    """What keys a record (page, search, history): its implementation code; when the guide states none (未公布), the
    record file's name (codes.RECORD_KEY_PATTERN, checked by validate/region_rules.py)."""
    return record.implementation_code or PurePosixPath(file).stem


@dataclass(frozen=True)
class Item:
    record: ImplementationRecord
    standard: DirectoryItem
    region: Region
    department: Department
    file: str  # repository-relative path of the record
    upcoming: tuple[ScheduledChange, ...] = ()  # changes with a later 生效日期, announced on the page

    @property
    def code(self) -> str:
        """The implementation code; when the guide states none (未公布), the record file's name keys the item."""
        return record_key(self.record, self.file)

    @property
    def basic_code(self) -> str:
        return self.record.basic_code

    @property
    def level(self) -> str:
        code = self.record.implementation_code
        return LEVEL_BY_DIGIT[code[18]] if code else division_tier(self.region.code)

    @property
    def name(self) -> str:
        return self.record.name or self.standard.name

    @property
    def item_type(self) -> str:
        return self.record.item_type or self.standard.item_type

    @property
    def legal_basis(self) -> list[LegalBasis]:
        return self.record.legal_basis if self.record.legal_basis is not None else self.standard.legal_basis

    @property
    def legal_time_limit(self) -> TimeLimit:
        return self.record.legal_time_limit or self.standard.legal_time_limit

    @property
    def conditions(self) -> list[str]:
        return self.record.conditions if self.record.conditions is not None else self.standard.conditions

    @cached_property
    def materials(self) -> list[Material]:
        """Materials with local exemptions (免提交) applied."""
        base = self.record.materials if self.record.materials is not None else self.standard.materials
        exempt = {e.name: e for e in self.record.exempt_materials}
        out = []
        for m in base:
            e = exempt.get(m.name)
            if e is not None and m.exempt is None:
                m = m.model_copy(update={"exempt": Exemption(reason=e.reason, source=e.source)})
            out.append(m)
        return out

    @property
    def service_objects(self) -> list[str]:
        return list(self.record.service_objects or self.standard.service_objects)

    @property
    def steps(self) -> list[Step]:
        return self.record.steps or self.standard.steps

    @property
    def result(self) -> Result:
        return self.record.result or self.standard.result

    @property
    def themes(self) -> list[str]:
        return list(self.standard.themes)

    @property
    def keywords(self) -> list[str]:
        return [*self.standard.keywords, *self.record.keywords]

    @property
    def aliases(self) -> list[str]:
        """Names in other languages or spellings (English ID card, passport), from the directory item."""
        return list(self.standard.aliases)

    @property
    def remedies(self) -> str | None:
        return self.record.remedies or self.standard.remedies

    @property
    def faq(self) -> list[Faq]:
        return [*self.standard.faq, *self.record.faq]

    @property
    def applies_online(self) -> bool:
        """An online application entry the page links to: stated (online.apply) and the item in use."""
        return self.record.online is not None and self.record.online.apply and self.record.status == "在用"

    @property
    def fully_online(self) -> bool:
        return self.record.online is not None and self.record.online.depth == "Ⅳ"
