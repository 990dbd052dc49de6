"""The readers every rule shares (openness/crawl/rules/base.py): whether a fetched document can
be read at all."""

from datetime import UTC, datetime

import pytest

from openness.crawl.rules.base import record_readable, text_readable
from openness.crawl.snapshot import FetchedDocument

AT = datetime(2026, 3, 20, tzinfo=UTC)
URL = "https://huggingface.co/api/datasets/allenai/dolma"


def _doc(**fields) -> FetchedDocument:
    return FetchedDocument(url=URL, retrieved_at=AT, **fields)


def test_a_record_fetched_without_error_as_a_json_object_is_readable():
    assert record_readable(_doc(data={}))
    assert record_readable(_doc(data={"id": "allenai/dolma"}))


@pytest.mark.parametrize(
    "doc",
    [
        None,  # not fetched
        _doc(data={"id": "allenai/dolma"}, error="GatedRepoError"),
        _doc(error="404"),
        _doc(data=None),
        _doc(data=["allenai/dolma"]),
        _doc(data="allenai/dolma"),
        _doc(text="# Dolma"),  # a text, not a record
    ],
)
def test_a_record_not_fetched_failed_or_not_a_json_object_is_unreadable(doc):
    assert not record_readable(doc)


def test_a_text_fetched_without_error_is_readable_even_when_empty():
    assert text_readable(_doc(text=""))
    assert text_readable(_doc(text="# Dolma"))


@pytest.mark.parametrize(
    "doc",
    [
        None,
        _doc(text="# Dolma", error="not UTF-8"),
        _doc(text=None),
        _doc(data={"id": "allenai/dolma"}),  # a record, not a text
    ],
)
def test_a_text_not_fetched_failed_or_not_decoded_is_unreadable(doc):
    assert not text_readable(doc)
