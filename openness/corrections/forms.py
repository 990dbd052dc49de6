"""Forms for submitting corrections, replying to a moderator, and moderating."""

from django import forms
from django.core.exceptions import ValidationError

from openness.assessments.models import Level
from openness.corrections.models import MAX_EVIDENCE_URLS, Correction
from openness.lib.text import refuse_unsafe_text, unsafe_characters
from openness.lib.urls import MAX_URL_LENGTH, is_http_url

MAX_EXPLANATION = 5000


refuse_unsafe_characters = refuse_unsafe_text  # the text policy (openness/lib/text.py)


class SafeCharField(forms.CharField):
    default_validators = [refuse_unsafe_characters]


def parse_evidence_urls(raw: str) -> list[str]:
    """One URL per line: each must be an absolute http(s) URL; duplicates are dropped."""
    urls: list[str] = []
    errors: list[str] = []
    for line in (raw or "").splitlines():
        candidate = line.strip()
        if not candidate:
            continue
        if unsafe_characters(candidate):
            errors.append(
                "A link contains invisible control or text-direction characters: "
                + ", ".join(unsafe_characters(candidate))
            )
        elif len(candidate) > MAX_URL_LENGTH:
            errors.append(f"A link is longer than {MAX_URL_LENGTH} characters.")
        elif not is_http_url(candidate):
            errors.append(f"Not an http:// or https:// link: {candidate[:100]}")
        elif candidate not in urls:
            urls.append(candidate)
    if errors:
        raise ValidationError(errors)
    if len(urls) > MAX_EVIDENCE_URLS:
        raise ValidationError(f"Give at most {MAX_EVIDENCE_URLS} links.")
    return urls


class CorrectionForm(forms.Form):
    """A visitor's proposal for one criterion of one model."""

    CONFLICT_CHOICES = [
        ("none", "I have no conflict of interest"),
        (
            "declared",
            "I have a conflict of interest (for example, I work for this model's developer)",
        ),
    ]

    criterion = forms.ModelChoiceField(queryset=None, to_field_name="code", empty_label=None)
    proposed_level = forms.ChoiceField(
        label="Proposed level",
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level you propose."},
    )
    evidence_urls = SafeCharField(
        label="Evidence links",
        required=False,
        max_length=MAX_EVIDENCE_URLS * (MAX_URL_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "inputmode": "url"}),
        help_text=(
            "One link per line, up to 10. Required unless you propose “Not assessed”. "
            "Prefer durable links: a DOI, an arXiv abstract, or a file at a commit."
        ),
    )
    explanation = SafeCharField(
        max_length=MAX_EXPLANATION,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the evidence shows, and why it supports the level you propose.",
    )
    submitter_name = SafeCharField(label="Your name", max_length=200, required=False)
    submitter_email = forms.EmailField(
        label="Your email",
        required=False,
        help_text="Optional. Only moderators see it; we write to you once a decision is made.",
    )
    affiliation = SafeCharField(max_length=200, required=False)
    conflict = forms.ChoiceField(
        label="Conflict of interest",
        choices=CONFLICT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have a conflict of interest."},
    )
    conflict_details = SafeCharField(
        label="Describe the conflict (if you declared one)", max_length=1000, required=False
    )
    show_name = forms.BooleanField(
        label="Show my name in the public record of this correction", required=False
    )
    # A honeypot: hidden from people by the stylesheet, filled in by naive bots.
    website = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria
        # Required only with a declared conflict: the form does not label it "optional".
        self.fields["conflict_details"].conditional = True

    def clean_evidence_urls(self) -> list[str]:
        return parse_evidence_urls(self.cleaned_data.get("evidence_urls", ""))

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(
                "This submission looks automated and was not stored. "
                "If you are a person, leave the last field empty."
            )
        return ""

    def clean(self):
        data = super().clean()
        level = data.get("proposed_level")
        links_valid = "evidence_urls" in data  # absent when the links themselves were refused
        if level and level != Level.NOT_ASSESSED and links_valid and not data["evidence_urls"]:
            self.add_error("evidence_urls", "Give at least one link to evidence for this level.")
        if data.get("conflict") == "declared" and not data.get("conflict_details", "").strip():
            self.add_error("conflict_details", "Say briefly what the conflict is.")
        if data.get("show_name") and not data.get("submitter_name", "").strip():
            self.add_error("submitter_name", "Give a name to show, or untick the box.")
        return data


class ReplyForm(forms.Form):
    """The submitter's answer to a moderator's question."""

    note = SafeCharField(
        label="Your answer", max_length=MAX_EXPLANATION, widget=forms.Textarea(attrs={"rows": 5})
    )


class DecisionForm(forms.Form):
    """One moderator action; `version` is the state the moderator saw."""

    ACTIONS = ["accept", "reject", "ask", "revert"]

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = SafeCharField(max_length=MAX_EXPLANATION, required=False, widget=forms.Textarea)
    keep_evidence = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") in {"reject", "ask", "revert"} and not data.get("note", "").strip():
            what = {
                "reject": "a reason for the submitter",
                "ask": "the question for the submitter",
                "revert": "a reason for the revert",
            }[data["action"]]
            self.add_error("note", f"Write {what}.")
        return data


class QueueFilterForm(forms.Form):
    """The moderation queue's filters, all optional, from the query string."""

    status = forms.ChoiceField(
        required=False,
        choices=[
            ("open", "Waiting (pending or needing information)"),
            ("", "Any status"),
            *Correction.Status.choices,
        ],
    )
    model = forms.CharField(required=False, max_length=250)
    criterion = forms.CharField(required=False, max_length=50)
    conflict = forms.ChoiceField(
        required=False,
        label="Conflict of interest",
        choices=[("", "Either"), ("yes", "Declared"), ("no", "None declared")],
    )
