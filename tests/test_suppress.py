"""Only a real YAML comment silences a finding, never text that looks like one."""

from __future__ import annotations

import pytest

from cjm.suppress import suppressed_codes


@pytest.mark.parametrize(
    ("line", "codes"),
    [
        ("      - id: walks-in  # cjm: ignore[CJM209]", {"CJM209"}),
        ("# cjm: ignore[CJM204, cjm209]", {"CJM204", "CJM209"}),
        ("  action: Buys  #cjm:ignore[CJM203]", {"CJM203"}),
        ('  action: "Reads # cjm: ignore[CJM209]"', set()),
        ("  action: 'Reads # cjm: ignore[CJM209]'", set()),
        ("  action: 'It''s # cjm: ignore[CJM209]'", set()),
        ('  action: "say \\" # cjm: ignore[CJM209]"', set()),
        ('  action: "quoted" # cjm: ignore[CJM209]', {"CJM209"}),
        ("  action: issue#12 cjm: ignore[CJM209]", set()),
        ("  action: Ania's bag # cjm: ignore[CJM209]", {"CJM209"}),
        ("  action: plain text", set()),
    ],
)
def test_comment_detection(line: str, codes: set[str]) -> None:
    assert suppressed_codes(line) == codes
