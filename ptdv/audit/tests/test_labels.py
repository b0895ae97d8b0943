"""Every audit code the application writes is shown to users in Vietnamese."""

import re
from pathlib import Path

from ptdv.audit.labels import code_label

PTDV = Path(__file__).resolve().parents[2]
LITERAL_CODE = re.compile(r'code="([a-z_]+\.[a-z_]+)"')


def codes_written_by_the_application() -> set[str]:
    codes: set[str] = set()
    for source in PTDV.rglob("*.py"):
        if "tests" in source.parts or "migrations" in source.parts:
            continue
        codes.update(LITERAL_CODE.findall(source.read_text(encoding="utf-8")))
    return codes


def test_the_scan_finds_the_codes_of_several_apps():
    codes = codes_written_by_the_application()
    assert {"person.created", "user.otp_enrolled", "import.committed", "api_token.created"} <= codes


def test_every_code_written_by_the_application_has_a_vietnamese_label():
    unlabelled = sorted(code for code in codes_written_by_the_application() if code_label(code) == code)
    assert unlabelled == []
