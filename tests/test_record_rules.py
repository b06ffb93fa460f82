"""Code arithmetic used by the record rules; the rules themselves are exercised as data in tests/cases/."""

from __future__ import annotations

from generator.model.codes import credit_code_problem, make_credit_code


def test_credit_code_check_character() -> None:
    assert credit_code_problem("11450721MB15580811") is None  # a real, published code (a county market regulator in Guangxi)
    assert "校验位" in (credit_code_problem("11450721MB15580812") or "")
    assert "I、O、S、V、Z" in (credit_code_problem("11450721MB1558081I") or "")
    assert make_credit_code("11410200MB0A11111") == "11410200MB0A11111W"  # the fixture's city department
