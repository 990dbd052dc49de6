"""The crawl status page's table rows (25 runs, 50 item errors), in plain Python.

Through the template engine the rows cost most of an uncached render of /crawl/ (a date
filter per timestamp, display methods, truncatechars on every message); here they cost a
fraction of it (docs/benchmarks.md, "/crawl/ rendered in Python"). The markup is what
templates/crawl/status.html wrote; every value is escaped.
"""

from html import escape

from django.template.defaultfilters import truncatechars
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from openness.crawl.models import CrawlRun

KINDS = dict(CrawlRun.Kind.choices)
STATUSES = dict(CrawlRun.Status.choices)
MUTED_DASH = '<span class="muted">\u2013</span>'


def _truncated(text: str, length: int) -> str:
    """truncatechars, called only for the texts that are too long (it is slow)."""
    return text if len(text) <= length else truncatechars(text, length)


def _time(moment) -> str:
    """A <time> as the template's date filters wrote it: ISO 8601, then Y-m-d H:i:s, both in
    the current time zone."""
    local = localtime(moment)
    return (
        f'<time datetime="{escape(local.isoformat())}">{local.strftime("%Y-%m-%d %H:%M:%S")}</time>'
    )


def runs_rows_html(runs) -> SafeString:
    """One <tr> per run (CrawlRun instances): its counts, times and last run-level error."""
    rows = []
    for run in runs:
        status = escape(STATUSES.get(run.status, run.status))
        if run.status == CrawlRun.Status.RUNNING and run.next_url:
            status += ' <span class="muted">(checkpoint saved)</span>'
        finished = _time(run.finished_at) if run.finished_at else MUTED_DASH
        last = run.errors[-1] if run.errors else None
        if last:
            last_error = escape(_truncated(str(last.get("message", "")), 160))
        else:
            last_error = '<span class="muted">none</span>'
        rows.append(
            f'<tr>\n<th scope="row">#{run.pk}</th>\n'
            f"<td>{escape(KINDS.get(run.kind, run.kind))}</td>\n"
            f"<td>{status}</td>\n"
            f"<td>{_time(run.started_at)}</td>\n"
            f"<td>{finished}</td>\n"
            f'<td class="num">{run.pages}</td>\n'
            f'<td class="num">{run.items_created}</td>\n'
            f'<td class="num">{run.items_updated}</td>\n'
            f'<td class="num">{run.items_unchanged}</td>\n'
            f'<td class="num">{run.items_failed}</td>\n'
            f'<td class="num">{run.error_count}</td>\n'
            f"<td>{last_error}</td>\n</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every value above is escaped)


def errors_rows_html(errors) -> SafeString:
    """One <tr> per item error (CrawlError instances), newest first as given."""
    rows = [
        f"<tr>\n<td>{_time(error.created_at)}</td>\n"
        f"<td>#{error.run_id}</td>\n"
        f"<td>{escape(error.stage)}</td>\n"
        f"<td>{escape(error.repo_id) if error.repo_id else '\u2013'}</td>\n"
        f"<td>{escape(_truncated(error.message, 300))}</td>\n</tr>"
        for error in errors
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 (every value above is escaped)
