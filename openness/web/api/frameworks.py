"""The API's view of the frameworks: a model's stored MOF class and OSAID verdict per track,
in the same vocabulary as the pages (verdict codes, track names)."""

from openness.assessments import vocabulary
from openness.assessments.models import FrameworkVerdict
from openness.catalog.models import AIModel


def frameworks_data(model: AIModel) -> list[dict]:
    """The model's stored MOF class and OSAID verdict in each track (one query)."""
    rows = FrameworkVerdict.objects.filter(model=model).order_by("framework", "track")
    return [
        {
            "framework": v.framework,
            "version": v.version,
            "track": vocabulary.track_name(v.track),
            "verdict": v.verdict,
            "summary": v.summary,
            "computed_at": v.computed_at,
        }
        for v in rows
    ]
