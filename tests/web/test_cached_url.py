"""{% url %} through lib.reverse_cache: the same addresses as Django's reverse(), kept per
URLconf and script prefix."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from openness.lib.reverse_cache import cached_reverse
from openness.web.templatetags.cached_url import CachedURLNode


def test_the_url_tag_in_every_template_is_the_cached_one():
    template = Template("{% url 'web:model' 'olmo' %}")
    assert isinstance(template.nodelist[0], CachedURLNode)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% url 'web:ranking' %}", lambda: reverse("web:ranking")),
        ("{% url 'web:model' slug %}", lambda: reverse("web:model", args=["olmo-2"])),
        (
            "{% url 'web:model' slug=slug %}",
            lambda: reverse("web:model", kwargs={"slug": "olmo-2"}),
        ),
        (
            "{% url 'web:model' slug as there %}[{{ there }}]",
            lambda: f"[{reverse('web:model', args=['olmo-2'])}]",
        ),
        ("{% url 'web:model' 'no/such' as there %}[{{ there }}]", lambda: "[]"),
    ],
)
def test_the_tag_gives_what_djangos_gives(source, expected):
    assert Template(source).render(Context({"slug": "olmo-2"})) == expected()


def test_a_view_that_does_not_reverse_raises_as_djangos_tag_does():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'web:no-such-view' %}").render(Context())
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


def test_an_address_follows_the_script_prefix_and_the_urlconf():
    assert cached_reverse("web:ranking") == reverse("web:ranking")
    try:
        set_script_prefix("/mirror/")
        assert cached_reverse("web:ranking") == "/mirror/"
        assert cached_reverse("web:model", args=["olmo"]) == "/mirror/models/olmo/"
    finally:
        set_script_prefix("/")
    assert cached_reverse("web:ranking") == "/"
    with override_settings(ROOT_URLCONF="tests.web.urls_other"), pytest.raises(NoReverseMatch):
        cached_reverse("web:ranking")
    assert cached_reverse("web:ranking") == "/"


def test_arguments_that_are_not_plain_are_reversed_every_time():
    class Slug:
        def __str__(self):
            return "olmo"

    assert cached_reverse("web:model", args=[Slug()]) == reverse("web:model", args=["olmo"])
