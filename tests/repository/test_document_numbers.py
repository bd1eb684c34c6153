"""发文字号: one spelling whatever brackets and digit widths the user typed."""

import pytest
from django.core.exceptions import ValidationError

from repository.document_numbers import (
    find_document_numbers,
    normalize_document_number,
    parse_document_number,
)


@pytest.mark.parametrize(
    "typed",
    [
        "浙接待函〔2026〕3号",
        "浙接待函[2026]3号",
        "浙接待函(2026)3号",
        "浙接待函【2026】3号",
        "浙接待函（２０２６）３号",
        "浙接待函 〔2026〕 第3号",
        "浙接待函［2026］03号",
    ],
)
def test_every_spelling_normalises_to_the_standard_form(typed):
    assert normalize_document_number(typed) == "浙接待函〔2026〕3号"
    number = parse_document_number(typed)
    assert (number.issuer_code, number.year, number.serial) == ("浙接待函", 2026, 3)
    assert str(number) == "浙接待函〔2026〕3号"


@pytest.mark.parametrize(
    "bad", ["", "2026年3号", "浙接待函〔26〕3号", "浙接待函〔2026〕0号", "浙接待函〔2026〕号"]
)
def test_malformed_numbers_are_rejected(bad):
    with pytest.raises(ValidationError):
        parse_document_number(bad)


def test_numbers_are_found_in_running_text():
    text = "根据国办发〔2012〕12号和浙接待函[2026]3号文件精神，再次重申浙接待函〔2026〕3号要求。"
    assert find_document_numbers(text) == ["国办发〔2012〕12号", "浙接待函〔2026〕3号"]
