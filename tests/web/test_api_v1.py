"""The read-only JSON API: data, filters, keyset pages, errors, CORS, conditional GETs, limits."""

import pytest
from builders import model_build, scripted_history
from django.core.cache import cache
from django.test import override_settings

from openness.assessments.models import Track
from openness.catalog.models import ModelSlugAlias

from . import factories


@pytest.fixture
def scripted(db):
    cache.clear()
    return scripted_history()


def test_the_models_list_is_in_rank_order_with_scores_and_license(client, scripted):
    response = client.get("/api/v1/models")
    assert response.status_code == 200
    body = response.json()
    assert [m["slug"] for m in body["data"]] == ["pythia", "olmo"]
    assert body["data"][0]["score"]["total"] == 100.0  # percent, as the pages show it
    assert body["data"][0]["score"]["rank"] == 1
    assert body["data"][1]["score"]["points"] == 10.5
    assert body["license"]["data_license"]["id"] == "CC-BY-4.0"
    assert "osai-index.eu" in body["license"]["attribution"]["source_url"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_tracks_have_the_pages_names_and_the_former_ones_answer_with_a_deprecation_note(
    client, scripted
):
    current = client.get("/api/v1/models", {"track": "curated"})
    assert current.status_code == 200
    assert current.json()["track"] == "curated"
    assert {m["score"]["track"] for m in current.json()["data"]} == {"curated"}
    assert "Deprecation" not in current and "deprecation" not in current.json()
    assert client.get("/api/v1/models").json()["track"] == "curated"
    assert client.get("/api/v1/models", {"track": "hub"}).json()["track"] == "hub"

    former = client.get("/api/v1/models", {"track": "editorial"})
    assert former.status_code == 200
    assert former.json()["data"] == current.json()["data"]
    assert former.json()["track"] == "curated"
    assert "use track=curated" in former.json()["deprecation"]
    assert former["Deprecation"].startswith("@")
    assert 'rel="deprecation"' in former["Link"] and "/api/#changelog" in former["Link"]
    hub = client.get("/api/v1/models", {"track": "automatic"})
    assert hub.status_code == 200 and hub.json()["track"] == "hub"
    assert "use track=hub" in hub.json()["deprecation"]


def test_the_api_reference_has_a_dated_changelog_of_the_names_and_the_unit(client, scripted):
    page = client.get("/api/").content.decode()
    assert 'id="changelog"' in page
    assert '<time datetime="2026-12-05">' in page
    assert "<code>curated</code>" in page and "<code>hub</code>" in page
    assert "percent" in page


def test_keyset_pages_cover_every_model_once(client, scripted):
    for index in range(5):
        model_build(organisation=scripted["organisation"], name=f"Extra {index}", slug=f"x{index}")
    for sort in ("rank", "name", "-name", "-updated"):
        seen, cursor = [], ""
        for _page in range(10):
            response = client.get("/api/v1/models", {"sort": sort, "limit": 2, "cursor": cursor})
            assert response.status_code == 200, response.content
            body = response.json()
            seen += [m["slug"] for m in body["data"]]
            cursor = body["next_cursor"]
            if not cursor:
                break
        assert sorted(seen) == sorted(["olmo", "pythia", "x0", "x1", "x2", "x3", "x4"]), sort
        assert len(seen) == 7
        if sort == "rank":  # the ranked models, then the unranked ones by id, across pages
            assert seen == ["pythia", "olmo", "x0", "x1", "x2", "x3", "x4"]
    ranked = client.get("/api/v1/models", {"limit": 200}).json()["data"]
    assert [m["slug"] for m in ranked[:2]] == ["pythia", "olmo"]


def test_filters_narrow_the_list(client, scripted):
    def slugs(**params):
        return [m["slug"] for m in client.get("/api/v1/models", params).json()["data"]]

    assert slugs(organisation="eleutherai") == ["pythia"]
    # By name too, in any case, as on the pages; one that does not exist is a clear error.
    name = scripted["organisation"].name
    assert slugs(organisation=name.upper()) == slugs(organisation=scripted["organisation"].slug)
    missing = client.get("/api/v1/models", {"organisation": "No Such Lab"})
    assert missing.status_code == 400
    assert "No Such Lab" in missing.json()["error"]["message"]
    assert slugs(q="olm") == ["olmo"]
    assert slugs(type="image") == []
    assert slugs(curated="true") == ["pythia", "olmo"]


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "downloads"},
        {"limit": "0"},
        {"limit": "abc"},
        {"cursor": "forged"},
        {"type": "poetry"},
        {"curated": "maybe"},
        {"track": "secret"},
    ],
)
def test_bad_parameters_get_a_json_400(client, scripted, params):
    response = client.get("/api/v1/models", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["message"]


def test_a_rank_cursor_with_a_rank_that_is_not_a_number_is_refused(client, scripted):
    from openness.web.api.pagination import cursor_encode

    cursor = cursor_encode(sort="rank", key=["first", 1])
    response = client.get("/api/v1/models", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"


def test_a_cursor_of_another_sort_is_refused(client, scripted):
    model_build(organisation=scripted["organisation"], name="Extra", slug="extra")
    cursor = client.get("/api/v1/models", {"limit": 1}).json()["next_cursor"]
    response = client.get("/api/v1/models", {"sort": "name", "cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"


def test_one_model_has_criteria_evidence_and_history(client, scripted):
    body = client.get("/api/v1/models/olmo").json()["data"]
    assert body["score"]["total"] == 87.5
    licenses = next(c for c in body["criteria"] if c["code"] == "licenses")
    assert licenses["assessments"]["curated"]["level"] == "open"
    assert {e["url"] for e in licenses["assessments"]["curated"]["evidence"]} == {
        "https://allenai.org/licenses",
        "https://www.apache.org/licenses/LICENSE-2.0",
    }
    assert len(body["criteria"]) == 12
    assert body["history"][0]["reason"] == "weights withdrawn"
    assert len(body["history"]) == 14


def test_an_old_slug_redirects_permanently(client, scripted):
    ModelSlugAlias.objects.create(slug="olmo-old", model=scripted["olmo"])
    response = client.get("/api/v1/models/olmo-old")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/models/olmo"


def test_unknown_things_get_a_json_404(client, scripted):
    for url in ("/api/v1/models/nope", "/api/v1/organisations/nope", "/api/v1/nothing/here"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_writes_get_a_json_405(client, scripted):
    response = client.post("/api/v1/models", {})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_a_preflight_request_is_answered_for_get(client, scripted):
    response = client.options("/api/v1/models", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_etag_and_last_modified_give_304s(client, scripted):
    first = client.get("/api/v1/models/olmo")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/api/v1/models/olmo", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    since = client.get("/api/v1/models/olmo", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    stale = client.get("/api/v1/models/olmo", HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200


@override_settings(API_RATE_LIMIT=3, API_RATE_WINDOW_SECONDS=60)
def test_too_many_requests_get_a_429_with_retry_after(client, scripted):
    statuses = [client.get("/api/v1/criteria").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/criteria")
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    other = client.get("/api/v1/criteria", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_organisations_criteria_and_methodologies(client, scripted):
    organisations = client.get("/api/v1/organisations").json()["data"]
    assert [o["slug"] for o in organisations] == ["ai2", "eleutherai"]
    page = client.get("/api/v1/organisations", {"limit": 1}).json()
    second = client.get("/api/v1/organisations", {"cursor": page["next_cursor"]}).json()
    assert [o["slug"] for o in second["data"]] == ["eleutherai"]
    one = client.get("/api/v1/organisations/ai2").json()["data"]
    assert [m["slug"] for m in one["models"]] == ["olmo"]
    criteria = client.get("/api/v1/criteria").json()
    assert criteria["methodology"] == "osai@2026-03"
    assert len(criteria["data"]) == 12
    old = client.get("/api/v1/criteria", {"methodology": "osai@1999"})
    assert old.status_code == 404
    methodologies = client.get("/api/v1/methodologies").json()["data"]
    assert methodologies[0]["id"] == "osai@2026-03"
    assert len(methodologies[0]["criteria"]) == 12


def test_the_models_list_takes_a_fixed_number_of_queries(
    client, scripted, django_assert_max_num_queries
):
    for index in range(20):
        model_build(organisation=scripted["organisation"], name=f"Extra {index}", slug=f"x{index}")
    # The methodology, the page of models, their scores, their MOF classes and OSAID verdicts.
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/models", {"limit": 200}).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/models", {"limit": 200, "lens": "mof"}).status_code == 200


@pytest.mark.parametrize(
    "params", [{"q": "\x00"}, {"organisation": "a\x00"}, {"license": "\x00"}, {"sort": "\x00"}]
)
def test_a_nul_character_in_a_parameter_is_a_400_not_a_crash(client, scripted, params):
    response = client.get("/api/v1/models", params)
    assert response.status_code == 400
    assert "NUL" in response.json()["error"]["message"]


def test_a_model_as_of_a_day_comes_from_the_revisions(client, scripted):
    body = client.get("/api/v1/models/olmo/as-of/2026-03-20").json()
    data = body["data"]
    assert (data["total"], data["rank"], data["ranked"]) == (95.8333, 1, 2)
    assert data["methodology"] == "osai@2026-03"
    licenses = next(c for c in data["criteria"] if c["code"] == "licenses")
    assert licenses["level"] == "open" and len(licenses["evidence"]) == 2
    assert body["license"]["data_license"]["id"] == "CC-BY-4.0"
    before = client.get("/api/v1/models/olmo/as-of/2026-03-01").json()["data"]
    assert before["assessed"] is False and before["total"] is None


def test_a_bad_day_is_a_json_400(client, scripted):
    for day in ("2026-02-30", "2999-01-01", "soon"):
        response = client.get(f"/api/v1/models/olmo/as-of/{day}")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_date"


@pytest.mark.parametrize("sort", ["-updated", "name", "-name"])
def test_pages_after_a_cursor_start_in_the_sorts_index(client, scripted, sort):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    cursor = client.get("/api/v1/models", {"sort": sort, "limit": 1}).json()["next_cursor"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/models", {"sort": sort, "cursor": cursor}).status_code == 200
    (page_sql,) = [q["sql"] for q in queries if q["sql"].startswith('SELECT "catalog_aimodel"')]
    with transaction.atomic(), connection.cursor() as db:
        # Whole-table reads priced out: the plan reads the sort's index from the cursor on.
        db.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; "
            "SET LOCAL enable_sort = off"
        )
        db.execute(f"EXPLAIN {page_sql}")
        plan = [row[0] for row in db.fetchall()]
    index = "aimodel_updated" if sort == "-updated" else "aimodel_sort_name"
    (at,) = [k for k, line in enumerate(plan) if f"using {index} on" in line]
    node = plan[at + 1 :]
    node = node[: next((k for k, line in enumerate(node) if "->" in line), len(node))]
    assert any("Index Cond" in line for line in node), "\n".join(plan)


def test_a_hub_only_model_has_its_hub_score_as_its_headline(client, db):
    """A model the curated index does not hold shows its Hub score on its page, badge and
    card; the API's `score` says the same, named by its track."""
    methodology = factories.methodology_create()
    org = factories.organisation_create("Example Org", slug="example-org")
    model = factories.model_create("Hub Only", org, slug="hub-only")
    codes = [c.code for c in methodology.criteria.all()]
    factories.assess(
        model,
        methodology,
        dict.fromkeys(codes[:6], "open"),
        track=Track.AUTOMATIC,
        provenance="automatic",
    )
    factories.recompute(methodology)
    body = client.get("/api/v1/models/hub-only").json()["data"]
    assert body["score"]["track"] == "hub"
    assert body["score"]["assessed"] == 6
    assert [s["track"] for s in body["scores"]] == ["hub"]


def test_a_304_to_a_former_track_name_keeps_the_deprecation_note(client, scripted):
    first = client.get("/api/v1/models", {"track": "editorial"})
    assert first["Deprecation"]
    again = client.get("/api/v1/models", {"track": "editorial"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Deprecation"] == first["Deprecation"]
    assert again["Link"] == first["Link"]
    assert again["RateLimit-Remaining"]
