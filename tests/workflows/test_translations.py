"""Every interface string of the workflows app has a Simplified Chinese translation waiting
in ``locale/pending/workflows.json`` with the same placeholders, until it is merged."""

from __future__ import annotations

import json
import re

from tests.conftest import ROOT

PENDING = ROOT / "locale" / "pending" / "workflows.json"


def msgids() -> set[str]:
    found = set()
    for path in (ROOT / "workflows").rglob("*"):
        if "migrations" in path.parts or path.suffix not in (".py", ".html"):
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'(?<![A-Za-z])_\(\s*((?:"[^"]*"\s*)+)', text):
            found.add("".join(re.findall(r'"([^"]*)"', match.group(1))))
        found.update(re.findall(r'{% trans "([^"]*)" %}', text))
    return found


def test_every_msgid_has_a_chinese_translation_with_the_same_placeholders():
    pending = json.loads(PENDING.read_text(encoding="utf-8"))
    missing = msgids() - pending.keys()
    assert not missing
    for msgid, chinese in pending.items():
        assert re.search(r"[\u4e00-\u9fff]", chinese), msgid
        placeholders = sorted(re.findall(r"%\(\w+\)s", msgid))
        assert sorted(re.findall(r"%\(\w+\)s", chinese)) == placeholders, msgid
