import json
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from openness.crawl import ingest

AWKWARD = [
    'quote " inside',
    "back\\slash",
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    "comma, {brace} NULL",
    "NULL",
    "",
    "\\N",
    "ünïcödé ✓",
]


def _stage_row(**changes) -> tuple:
    row = {
        "hub_uid": "uid-1",
        "repo_id": "org/name",
        "sha": "abc",
        "author": "org",
        "hub_created_at": datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC),
        "last_modified": None,
        "private": False,
        "gated": "no",
        "disabled": None,
        "pipeline_tag": "",
        "library_name": "",
        "tags": [],
        "downloads": None,
        "likes": 0,
        "base_models": [],
        "base_model_relation": "",
        "license": "",
        "raw": "{}",
        "org_slug": "org",
        "model_slug": "org--name",
        "model_name": "name",
        "model_types": [],
        "model_pk": None,
    }
    row.update(changes)
    return tuple(row[column] for column in ingest.STAGE_COLUMNS)


def _round_trip(rows: list[tuple]) -> list[tuple]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(ingest._CREATE_STAGE)
        cursor.execute("DELETE FROM crawl_stage")
        columns = ", ".join(ingest.STAGE_COLUMNS)
        with cursor.copy(f"COPY crawl_stage ({columns}) FROM STDIN") as copy:
            copy.write(ingest.copy_text(rows))
        cursor.execute(f"SELECT {columns} FROM crawl_stage")
        return cursor.fetchall()


@pytest.mark.django_db
def test_the_copy_text_keeps_every_awkward_value_as_it_was():
    rows = [
        _stage_row(
            hub_uid=f"uid-{k}",
            repo_id=f"org/{value}",
            tags=AWKWARD,
            base_models=[value, "plain"],
            license=value,
            raw=ingest.raw_json({"note": value, "tags": AWKWARD}),
            downloads=2**61,
            private=True,
            disabled=False,
            model_pk=9_000_000_000,
        )
        for k, value in enumerate(AWKWARD)
    ]
    stored = _round_trip(rows)
    assert len(stored) == len(rows)
    for original, back in zip(rows, stored, strict=True):
        for column, want, got in zip(ingest.STAGE_COLUMNS, original, back, strict=True):
            if column == "raw":  # psycopg parses json
                assert got == json.loads(want)
            elif column in ("tags", "base_models", "model_types"):
                assert got == list(want), column
            else:
                assert got == want, column


@pytest.mark.django_db
def test_the_copy_text_writes_nulls_and_empty_arrays_as_such():
    (back,) = _round_trip([_stage_row()])
    stored = dict(zip(ingest.STAGE_COLUMNS, back, strict=True))
    assert stored["last_modified"] is None
    assert stored["disabled"] is None
    assert stored["downloads"] is None
    assert stored["model_pk"] is None
    assert stored["tags"] == []
    assert stored["hub_created_at"] == datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)


@pytest.mark.django_db
def test_a_nul_character_in_a_text_value_is_dropped_not_a_failed_page():
    (back,) = _round_trip([_stage_row(license="mi\x00t", tags=["a\x00b"])])
    stored = dict(zip(ingest.STAGE_COLUMNS, back, strict=True))
    assert stored["license"] == "mit"
    assert stored["tags"] == ["ab"]


@pytest.mark.django_db
def test_a_text_array_parameter_keeps_every_awkward_value():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[], %s::text[], %s::text[]", [
            ingest.text_array(AWKWARD),
            ingest.text_array(iter(["plain", "x"])),
            ingest.text_array([]),
        ])  # fmt: skip
        awkward, plain, empty = cursor.fetchone()
    assert awkward == AWKWARD
    assert plain == ["plain", "x"]
    assert empty == []
    assert ingest.text_array(["a\x00b"]) == '{"ab"}'


@pytest.mark.django_db
def test_the_raw_item_is_kept_as_json_text_in_its_own_key_order_and_read_back_whole():
    from openness.crawl.models import HubRepo

    moment = datetime(2026, 1, 1, tzinfo=UTC)
    item = {"z": 1, "a": {"nested": ["x", None, 2.5]}, "note": AWKWARD}
    repo = HubRepo.objects.create(
        hub="huggingface", hub_uid="uid-raw", repo_id="org/raw", sha="s",
        first_seen_at=moment, last_seen_at=moment, sha_changed_at=moment, raw=item,
    )  # fmt: skip
    assert HubRepo.objects.get(pk=repo.pk).raw == item
    HubRepo.objects.filter(pk=repo.pk).update(raw={"replaced": True})
    assert HubRepo.objects.values_list("raw", flat=True).get(pk=repo.pk) == {"replaced": True}
    repo.raw = ["a list", 1]
    repo.save(update_fields=["raw"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_typeof(raw)::text, raw::text FROM crawl_hubrepo WHERE id = %s", [repo.pk]
        )
        assert cursor.fetchone() == ("json", '["a list", 1]')
    HubRepo.objects.filter(pk=repo.pk).update(raw=item)
    with connection.cursor() as cursor:
        cursor.execute("SELECT raw::text FROM crawl_hubrepo WHERE id = %s", [repo.pk])
        assert list(json.loads(cursor.fetchone()[0])) == ["z", "a", "note"]  # not jsonb's order
