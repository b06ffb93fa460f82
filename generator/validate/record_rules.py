"""The per-record rules, in the order they run: one schema-valid implementation record against the catalog. Each
rule lives in the module of its guide section (code_rules, time_rules, visit_rules, fee_rules, contact_rules,
result_rules, material_rules, department_rules, variation_rules, region_rules) or of its family (link_rules,
pasted_rules, placeholder_rules, formula_rule). Rules that compare records with each other live in generator/check.

To add a rule: write `rule_x(ctx)` calling `ctx.add(path, message, hint)` in the module of its section, list it in
RULES below, and add a case under tests/cases/ with its expected findings.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.model.findings import Finding
from generator.validate.code_rules import rule_references_and_codes
from generator.validate.contact_rules import rule_phones
from generator.validate.context import RuleContext
from generator.validate.department_rules import rule_remit
from generator.validate.fee_rules import rule_fee
from generator.validate.formula_rule import rule_formula_start
from generator.validate.link_rules import rule_appointment_link, rule_tracking_parameters
from generator.validate.material_rules import rule_attachments, rule_duplicate_materials
from generator.validate.pasted_rules import rule_list_numbering, rule_pasted_text
from generator.validate.placeholder_rules import rule_placeholders, rule_stand_ins
from generator.validate.region_rules import rule_region
from generator.validate.result_rules import rule_result
from generator.validate.role_rules import rule_roles_in_record
from generator.validate.time_rules import rule_time_limits
from generator.validate.variation_rules import rule_standard_elements, rule_variation_approval
from generator.validate.visit_rules import rule_visits_and_online, rule_zero_visits_online

RULES: list[Callable[[RuleContext], None]] = [
    rule_region,
    rule_references_and_codes,
    rule_time_limits,
    rule_visits_and_online,
    rule_fee,
    rule_phones,
    rule_result,
    rule_standard_elements,
    rule_attachments,
    rule_variation_approval,
    rule_list_numbering,
    rule_zero_visits_online,
    rule_duplicate_materials,
    rule_placeholders,
    rule_stand_ins,
    rule_remit,
    rule_formula_start,
    rule_appointment_link,
    rule_tracking_parameters,
    rule_pasted_text,
    rule_roles_in_record,
]


def check_record(ctx: RuleContext) -> list[Finding]:
    for rule in RULES:
        rule(ctx)
    return ctx.findings
