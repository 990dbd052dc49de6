"""A URLconf without the site's pages (test_cached_url: addresses are kept per URLconf)."""

urlpatterns = []
