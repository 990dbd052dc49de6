"""The definition lens page: /definitions/?lens=eu|mof|osaid&track=curated|hub&verdict=..."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from openness.web import selectors_lens


@require_safe
def definitions(request):
    try:
        query = selectors_lens.lens_query_parse(request.GET)
    except selectors_lens.LensError as error:
        return render(request, "web/lens.html", {"error": str(error)}, status=400)
    rows, truncated = selectors_lens.lens_rows(query)
    context = {
        "query": query,
        "rows": rows,
        "truncated": truncated,
        "tabs": [
            (code, label, query.url_params(lens=code, verdict=""))
            for code, label in selectors_lens.LENSES.items()
        ],
        "verdicts": selectors_lens.VERDICTS.get(query.lens, []),
        "hub_limit": selectors_lens.HUB_LIMIT,
    }
    return render(request, "web/lens.html", context)
