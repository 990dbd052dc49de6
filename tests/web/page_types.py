"""Every page type of the site, for the browser tests that visit them all (layout,
accessibility), with the models the conftest's `page_types_site` fixture makes."""

from datetime import UTC, datetime

# The fixture's levels are recorded now: the ranking as of today is rebuilt from them.
TODAY = datetime.now(UTC).date().isoformat()

PAGES = (
    "/",
    "/?track=hub",
    f"/?as_of={TODAY}",
    f"/?as_of={TODAY}&lens=mof&q=model&level_paper=open&license=osi",
    "/models/m0/",
    "/models/m0/changes/",
    "/models/m0/share/",
    "/compare/?m=m0&m=m1&m=m2&m=m3&m=m4&m=m5",
    "/organisations/",
    "/organisations/long-org/",
    "/criteria/paper/",
    "/methodology/",
    "/data/",
    "/api/",
    "/corrections/",
    "/models/m0/corrections/",
)
