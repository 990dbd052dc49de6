"""Every page type of the site, for the browser tests that visit them all (layout,
accessibility), with the models the conftest's `page_types_site` fixture makes."""

PAGES = (
    "/",
    "/?track=hub",
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
