"""Pages for submitting, following and moderating community corrections."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from openness.corrections import selectors, services
from openness.corrections.forms import (
    CorrectionForm,
    DecisionForm,
    QueueFilterForm,
    ReplyForm,
    parse_evidence_urls,
)
from openness.corrections.links import durable_link_hint
from openness.corrections.models import Correction
from openness.lib import ratelimit


def _rate_limited(request):
    """A 429 page with Retry-After when this address has used up its submissions."""
    return ratelimit.refused_page(
        request,
        scope="corrections",
        limit=settings.CORRECTIONS_RATE_LIMIT,
        period=settings.CORRECTIONS_RATE_PERIOD_SECONDS,
        template="corrections/rate_limited.html",
    )


def moderator_required(view):
    """Staff accounts with the moderate permission (the moderators group grants it)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (
            user.is_active and user.is_staff and user.has_perm("corrections.moderate_correction")
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "HEAD", "POST"])
def correction_new(request, slug):
    model = selectors.model_for_corrections(slug)
    if model is None:
        raise Http404("No such model.")
    criteria = selectors.criteria_for_model(model)
    if request.method == "POST":
        limited = _rate_limited(request)
        if limited:
            return limited
        form = CorrectionForm(request.POST, criteria=criteria)
        if form.is_valid():
            data = form.cleaned_data
            try:
                correction = services.correction_submit(
                    model=model,
                    criterion=data["criterion"],
                    proposed_level=data["proposed_level"],
                    evidence_urls=data["evidence_urls"],
                    explanation=data["explanation"].strip(),
                    submitter_name=data["submitter_name"].strip(),
                    submitter_email=data["submitter_email"].strip(),
                    affiliation=data["affiliation"].strip(),
                    has_conflict=data["conflict"] == "declared",
                    conflict_details=data["conflict_details"].strip(),
                    show_name=data["show_name"],
                    ip_hash=ratelimit.ip_hash(ratelimit.client_ip(request)),
                )
            except services.DuplicateCorrection:
                form.add_error(
                    None,
                    "The same correction (this level with these links) is already waiting "
                    "for review. Nothing new was stored.",
                )
            else:
                return redirect(
                    reverse("corrections:status", args=[correction.token]) + "?submitted=1"
                )
        status = 400
    else:
        form = CorrectionForm(
            criteria=criteria, initial={"criterion": request.GET.get("criterion", "")}
        )
        status = 200
    selected_code = form["criterion"].value()
    criterion = next((c for c in criteria if c.code == selected_code), None)
    context = {
        "model": model,
        "form": form,
        "criterion": criterion,
        "assessment": selectors.current_assessment(model, criterion) if criterion else None,
    }
    return render(request, "corrections/new.html", context, status=status)


@require_safe
@vary_on_headers("HX-Request")
def link_hints(request):
    """Durable-link advice for the links typed so far (the form fetches it as you type)."""
    try:
        urls = parse_evidence_urls(request.GET.get("evidence_urls", "")[:25000])
        error = ""
    except ValidationError as invalid:
        urls, error = [], " ".join(invalid.messages)
    context = {"hints": [(url, durable_link_hint(url)) for url in urls], "error": error}
    template = "corrections/hints.html#link-hints" if request.htmx else "corrections/hints.html"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD", "POST"])
def correction_status(request, token):
    correction = selectors.correction_by_token(token)
    if correction is None:
        raise Http404("No correction has this link.")
    form = ReplyForm()
    status = 200
    if request.method == "POST":
        limited = _rate_limited(request)
        if limited:
            return limited
        form = ReplyForm(request.POST)
        if correction.status != Correction.Status.NEEDS_INFO:
            form.add_error(None, "This correction is not waiting for information from you.")
        if form.is_valid():
            try:
                services.correction_add_information(
                    correction=correction, note=form.cleaned_data["note"].strip()
                )
            except services.CorrectionConflict as conflict:
                form.add_error(None, str(conflict))
            else:
                messages.success(request, "Thank you: your answer is with the moderators.")
                return redirect("corrections:status", token=token)
        status = 400
    context = {
        "correction": correction,
        "form": form,
        "submitted": request.GET.get("submitted") == "1",
        "hints": [(url, durable_link_hint(url)) for url in correction.evidence_urls],
    }
    response = render(request, "corrections/status.html", context, status=status)
    # The link is a secret: keep it out of other sites' logs and shared caches.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def model_record(request, slug):
    model = selectors.model_for_corrections(slug)
    if model is None:
        raise Http404("No such model.")
    context = {"model": model, "record": selectors.model_record(model)}
    return render(request, "corrections/record.html", context)


@require_safe
def public_record(request):
    before = request.GET.get("before", "")
    try:
        page = selectors.public_record(before)
    except selectors.BadRecordCursor as error:
        return render(request, "corrections/public_record.html", {"error": str(error)}, status=400)
    return render(request, "corrections/public_record.html", {"page": page, "before": before})


@require_safe
@moderator_required
@vary_on_headers("HX-Request")
def queue(request):
    form = QueueFilterForm(request.GET or {"status": "open"})
    filters = form.cleaned_data if form.is_valid() else {"status": "open"}
    context = {"form": form, "corrections": selectors.queue(filters)[:200]}
    template = "corrections/queue.html#queue-rows" if request.htmx else "corrections/queue.html"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD", "POST"])
@moderator_required
def review(request, pk):
    status = 200
    form = None
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            outcome = _decide(request, pk, form.cleaned_data)
            if outcome is None:
                return redirect("corrections:review", pk=pk)
            form.add_error(None, outcome)
            status = 409
        else:
            status = 400
    data = selectors.review(pk)
    if data is None:
        raise Http404("No such correction.")
    context = {"review": data, "correction": data.correction, "form": form}
    return render(request, "corrections/review.html", context, status=status)


def _decide(request, pk: int, data: dict) -> str | None:
    """Run one moderator action; the conflict message when another moderator got there first."""
    common = {"correction_id": pk, "seen_version": data["version"], "moderator": request.user}
    note = data["note"].strip()
    try:
        if data["action"] == "accept":
            services.correction_accept(**common, notes=note, keep_evidence=data["keep_evidence"])
            messages.success(request, "Accepted: the judgment, score and rank are updated.")
        elif data["action"] == "reject":
            services.correction_reject(**common, reason=note)
            messages.success(request, "Rejected.")
        elif data["action"] == "ask":
            services.correction_request_information(**common, question=note)
            messages.success(request, "Question sent: the correction waits for the submitter.")
        else:
            services.correction_revert(**common, reason=note)
            messages.success(request, "Decision reverted.")
    except Correction.DoesNotExist:
        raise Http404("No such correction.") from None
    except services.CorrectionConflict as conflict:
        return str(conflict)
    return None
