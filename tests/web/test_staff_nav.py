"""Staff links in the header for staff only, without making public pages personal."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from . import factories

PUBLIC_PAGES = ["/", "/?track=hub", "/models/olmo/", "/organisations/", "/index/changes/"]


@pytest.fixture
def site(methodology, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    cache.clear()
    org = factories.organisation_create("Allen AI", slug="allenai")
    model = factories.model_create("OLMo", org, slug="olmo")
    factories.assess(model, methodology, "open")
    factories.recompute(methodology)
    return model


@pytest.fixture
def staff_client(db):
    user = User.objects.create_user("curator", password="pw-for-tests-only", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def _has_staff_links(html: str) -> bool:
    return "/moderation/corrections/" in html or "/admin/logout/" in html


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_staff_member_sees_the_links_and_anonymous_cached_pages_never_do(
    client, staff_client, site, path
):
    # The anonymous page first, twice: on the second request it is admitted to the cache.
    for _ in range(2):
        client.get(path)
    staff = staff_client.get(path)
    html = staff.content.decode()
    assert staff.status_code == 200
    assert 'href="/moderation/corrections/"' in html and 'href="/admin/"' in html
    assert 'action="/admin/logout/"' in html and 'name="csrfmiddlewaretoken"' in html
    assert "public" not in staff.get("Cache-Control", "")
    # The staff member's page neither came from nor went into the shared cache.
    for _ in range(2):
        anonymous = client.get(path)
        assert anonymous.status_code == 200
        assert not _has_staff_links(anonymous.content.decode())
        assert "public" in anonymous["Cache-Control"]
        assert "cookie" not in anonymous.get("Vary", "").lower()
        assert not anonymous.cookies


def test_a_signed_in_user_who_is_not_staff_sees_no_staff_links(client, site):
    user = User.objects.create_user("reader", password="pw-for-tests-only")
    client.force_login(user)
    assert not _has_staff_links(client.get("/").content.decode())


def test_the_moderation_queue_shows_the_links_to_a_moderator(staff_client, site):
    from corrections.factories import make_moderator

    moderator = make_moderator("mod")
    staff_client.force_login(moderator)
    html = staff_client.get("/moderation/corrections/").content.decode()
    assert 'aria-current="page">Moderation queue' in html
    assert "Log out mod" in html
