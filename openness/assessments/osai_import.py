"""Import of the EU Open Source AI Index's curated data (fixtures/osai-index/).

Every model file is validated first (`osai_file_parse`, pure) and imported only when it has no
error; a file with an error changes nothing and the others still come in. Each criterion is
recorded through services.assessment_record, so every change leaves a Revision. Re-importing
an unchanged file writes nothing: each assessment keeps a digest of the upstream cell it was
last imported from. When a cell changed upstream, the change is applied as a new revision,
unless the assessment was changed here since the last import: then it is left alone, flagged
for review and reported as a conflict.
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify

from openness.assessments import osai_links
from openness.assessments.models import (
    Assessment,
    Criterion,
    Level,
    Methodology,
    Provenance,
    Revision,
    Track,
)
from openness.assessments.services import (
    EvidenceInput,
    assessment_flag_for_review,
    assessment_record,
    scores_recompute,
)
from openness.assessments.snapshots import snapshots_refresh
from openness.catalog.licenses import spdx_id_for
from openness.catalog.models import MODEL_TYPES, AIModel, Organisation
from openness.lib.text import clean_text
from openness.lib.urls import MAX_URL_LENGTH, is_http_url

# libyaml's parser when PyYAML has it (it is ten times faster); the pure-Python one otherwise.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TEMPLATE_FILE = "a_submission_template.yaml"
ACTOR_LABEL = "EU OSAI Index import"
REVIEWER_LABEL = "EU Open Source AI Index"
SYSTEM_KEYS = (
    "name",
    "link",
    "type",
    "performanceclass",
    "basemodelname",
    "endmodelname",
    "endmodellicense",
    "releasedate",
    "notes",
)
ORG_KEYS = ("name", "link", "notes")
CELL_KEYS = ("class", "link", "notes")
LEVELS = {"open": Level.OPEN, "partial": Level.PARTIAL, "closed": Level.CLOSED}
MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
# Field lengths of the models the metadata goes into.
MAX_LENGTHS = {
    "system.name": 300,
    "system.performanceclass": 20,
    "system.basemodelname": 300,
    "system.endmodelname": 300,
    "system.endmodellicense": 300,
    "org.name": 300,
}


@dataclass(frozen=True)
class Issue:
    """One thing wrong with one field of one file."""

    file: str
    field: str
    message: str
    severity: str = "error"  # "error": the file is not imported; "warning": it is

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Conflict:
    """An upstream change not applied because the assessment was changed here since."""

    file: str
    criterion: str
    local_level: str
    upstream_level: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.criterion}: changed here ({self.local_level}) and upstream "
            f"({self.upstream_level}); kept the local judgment"
        )


@dataclass(frozen=True)
class Cell:
    """One criterion of one model as the upstream file states it."""

    code: str
    level: str
    links: tuple[str, ...]
    notes: str

    @property
    def digest(self) -> str:
        payload = json.dumps(
            {"class": self.level, "link": list(self.links), "notes": self.notes},
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def evidence(self) -> list[EvidenceInput]:
        return [
            EvidenceInput(
                url=url,
                title=osai_links.evidence_title(url),
                kind=osai_links.evidence_kind(url),
                revision=osai_links.evidence_revision(url),
            )
            for url in self.links
        ]


@dataclass
class ModelRecord:
    """A model file's content, validated and in the shape of the catalog's fields."""

    file: str
    slug: str
    name: str
    organisation_name: str
    organisation_link: str
    organisation_notes: str
    fields: dict
    cells: dict[str, Cell]


@dataclass
class FileResult:
    file: str
    status: str = "unchanged"  # created | updated | unchanged | failed
    issues: list[Issue] = field(default_factory=list)
    assessments_changed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]


@dataclass
class ImportReport:
    """What an import did, file by file."""

    path: Path
    upstream_commit: str
    methodology: str
    dry_run: bool
    files: list[FileResult] = field(default_factory=list)
    scores_written: int = 0
    # Files imported earlier that the folder no longer has: their models are kept as they are.
    missing_files: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def errors(self) -> list[Issue]:
        return [i for f in self.files for i in f.errors]

    @property
    def warnings(self) -> list[Issue]:
        return [i for f in self.files for i in f.warnings]

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for f in self.files for c in f.conflicts]

    @property
    def assessments_changed(self) -> int:
        return sum(f.assessments_changed for f in self.files)

    def summary(self) -> str:
        return (
            f"{len(self.files)} files: {self.count('created')} models created, "
            f"{self.count('updated')} updated, {self.count('unchanged')} unchanged, "
            f"{len(self.failed)} failed; {self.assessments_changed} assessments changed; "
            f"{len(self.conflicts)} conflicts; {len(self.errors)} errors; "
            f"{len(self.warnings)} warnings"
        )


def upstream_commit(path: Path) -> str:
    """The upstream commit that PROVENANCE.md names, or "" when it names none."""
    provenance = path / "PROVENANCE.md"
    if not provenance.is_file():
        return ""
    match = re.search(r"commit\s+([0-9a-f]{40})", provenance.read_text(encoding="utf-8"))
    return match.group(1) if match else ""


def upstream_reviewed_at(path: Path) -> datetime | None:
    """When upstream last reviewed the data: the date PROVENANCE.md gives its commit, if any.

    Pages say "last reviewed" with this date, not the day Openness happened to import it.
    """
    provenance = path / "PROVENANCE.md"
    if not provenance.is_file():
        return None
    text = provenance.read_text(encoding="utf-8")
    match = re.search(r"commit\s+[0-9a-f]{40}\s*\((\d{4}-\d{2}-\d{2})\)", text)
    if not match:
        return None
    return datetime.fromisoformat(match.group(1)).replace(tzinfo=UTC)


def model_files(path: Path) -> list[Path]:
    """The model files of an index folder (not the submission template), by name."""
    return sorted(
        p for p in path.iterdir() if p.is_file() and p.suffix == ".yaml" and p.name != TEMPLATE_FILE
    )


def _canonical(key: str) -> str:
    return re.sub(r"[\s_\-]+", "", key).casefold()


def _resolve_keys(
    block: dict,
    known: tuple[str, ...],
    *,
    file: str,
    where: str,
    issues: list[Issue],
    stray: tuple[str, ...] = (),
) -> dict:
    """The block with misspelt keys read as the key they evidently mean; unknown keys reported."""
    resolved: dict = {}
    by_canonical = {_canonical(k): k for k in known}
    for key, value in block.items():
        key_text = str(key)
        if key_text in known:
            resolved[key_text] = value
    for key, value in block.items():
        key_text = str(key)
        if key_text in known:
            continue
        location = f"{where}.{key_text}" if where else key_text
        if key_text in stray:
            issues.append(
                Issue(
                    file,
                    location,
                    f"`{key_text}` is a criterion and belongs at the top level, not under "
                    f"`{where}`; ignored (its value here: {str(value)[:80]!r})",
                    "warning",
                )
            )
            continue
        intended = by_canonical.get(_canonical(key_text))
        if intended is None:
            close = difflib.get_close_matches(key_text, known, n=1, cutoff=0.85)
            intended = close[0] if close else None
        if intended is None:
            issues.append(Issue(file, location, f"unknown key `{key_text}`; ignored", "warning"))
        elif intended in resolved:
            issues.append(
                Issue(
                    file,
                    location,
                    f"misspelt key `{key_text}` (meant `{intended}`, which is also present); "
                    "ignored",
                    "warning",
                )
            )
        else:
            resolved[intended] = value
            issues.append(
                Issue(
                    file,
                    location,
                    f"misspelt key `{key_text}`; read as `{intended}`",
                    "warning",
                )
            )
    return resolved


def _text(value) -> str:
    """A text cell, cleaned by the text policy (openness/lib/text.py)."""
    if value is None:
        return ""
    return clean_text(str(value)).strip()


def _one_link(value, *, file: str, where: str, issues: list[Issue]) -> str:
    """A metadata link (not evidence): the first http(s) URL; anything else is dropped."""
    values = value if isinstance(value, list) else [value]
    urls = [_text(v) for v in values if _text(v)]
    if not urls:
        return ""
    if len(urls) > 1:
        issues.append(
            Issue(
                file,
                where,
                f"a list of {len(urls)} links where one is expected; the first is kept",
                "warning",
            )
        )
    if not is_http_url(urls[0]):
        issues.append(
            Issue(file, where, f"{urls[0][:100]!r} is not an http(s) URL; left empty", "warning")
        )
        return ""
    return urls[0]


def _release_date(value, *, file: str, issues: list[Issue]) -> tuple[date | None, str]:
    if value is None or _text(value) == "":
        return None, ""
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    text = _text(value)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if match and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1), "month"
    match = re.fullmatch(r"(\d{4})\s+([A-Za-z]{3})[A-Za-z]*", text)
    if match and match.group(2).lower() in MONTHS:
        return date(int(match.group(1)), MONTHS[match.group(2).lower()], 1), "month"
    try:
        return date.fromisoformat(text), "day"
    except ValueError:
        issues.append(
            Issue(
                file,
                "system.releasedate",
                f"{text!r} is not a date (YYYY-MM expected); left empty",
                "warning",
            )
        )
        return None, ""


def _model_types(value, *, file: str, issues: list[Issue]) -> list[str]:
    names = [t.strip().lower() for t in re.split(r"[,\s/]+", _text(value)) if t.strip()]
    known = [t for t in dict.fromkeys(names) if t in MODEL_TYPES]
    for unknown in [t for t in names if t not in MODEL_TYPES]:
        issues.append(
            Issue(
                file,
                "system.type",
                f"unknown model type {unknown!r} (known: {', '.join(MODEL_TYPES)}); ignored",
                "warning",
            )
        )
    if not known:
        issues.append(Issue(file, "system.type", "no model type given", "warning"))
    return known


def _cell(
    code: str, block, *, file: str, issues: list[Issue], keep_level: bool = False
) -> Cell | None:
    """One criterion's cell; None when it has an error. With `keep_level`, a link that is no
    URL is reported and left out while the level and notes stand (history replay)."""
    if block is None:
        block = {}
    if not isinstance(block, dict):
        issues.append(Issue(file, code, f"expected class/link/notes, found {type(block).__name__}"))
        return None
    block = _resolve_keys(block, CELL_KEYS, file=file, where=code, issues=issues)
    raw_level = block.get("class")
    level_text = _text(raw_level).lower()
    if level_text == "":
        level = Level.NOT_ASSESSED
    elif level_text in LEVELS:
        level = LEVELS[level_text]
    else:
        issues.append(
            Issue(
                file,
                f"{code}.class",
                f"unknown level {_text(raw_level)[:50]!r} (expected open, partial, closed "
                "or empty)",
            )
        )
        return None
    raw_links = block.get("link")
    if raw_links is None:
        raw_links = []
    elif not isinstance(raw_links, list):
        raw_links = [raw_links]
    links: list[str] = []
    ok = True
    for index, raw in enumerate(raw_links):
        where = f"{code}.link" if len(raw_links) == 1 else f"{code}.link[{index}]"
        if raw is None or _text(raw) == "":
            issues.append(Issue(file, where, "empty link; ignored", "warning"))
            continue
        if not isinstance(raw, str):
            issues.append(Issue(file, where, f"expected a URL, found {type(raw).__name__}"))
            ok = False
            continue
        url = raw.strip()
        if not is_http_url(url):
            reason = "too long" if len(url) > MAX_URL_LENGTH else "not an http(s) URL"
            kept = "; left out, the level kept" if keep_level else ""
            issues.append(Issue(file, where, f"{url[:100]!r} is {reason}{kept}"))
            ok = False
            continue
        if url in links:
            issues.append(Issue(file, where, f"{url!r} listed twice; kept once", "warning"))
            continue
        links.append(url)
    if not ok and not keep_level:
        return None
    return Cell(code=code, level=level, links=tuple(links), notes=_text(block.get("notes")))


def osai_file_parse(
    *, path: Path, criteria: tuple[str, ...], retired: tuple[str, ...] = ()
) -> tuple[ModelRecord | None, list[Issue]]:
    """Validate one model file; the record is None when the file has an error.

    `criteria` are the codes the file must assess; `retired` are codes of earlier
    methodology versions (reported when present, never imported).
    """
    data, issues = osai_yaml_load(path.read_bytes(), file=path.name)
    if data is None:
        return None, issues
    return osai_data_parse(data, file=path.name, criteria=criteria, retired=retired)


def osai_yaml_load(content: bytes, *, file: str) -> tuple[dict | None, list[Issue]]:
    """A model file's YAML mapping, or None and the reason it cannot be read."""
    try:
        data = yaml.load(content.decode("utf-8"), Loader=YAML_LOADER)  # noqa: S506
    except UnicodeDecodeError as exc:
        return None, [Issue(file, "(file)", f"not UTF-8 text ({exc.reason})")]
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Issue(file, "(file)", f"broken YAML{where}: {problem}")]
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return None, [Issue(file, "(file)", f"expected a mapping of fields, found {kind}")]
    return data, []


def osai_data_parse(
    data: dict,
    *,
    file: str,
    criteria: tuple[str, ...],
    retired: tuple[str, ...] = (),
    partial: bool = False,
) -> tuple[ModelRecord | None, list[Issue]]:
    """Validate a model file's mapping (see osai_file_parse).

    With `partial`, a record is returned despite errors, holding only the cells that are sound
    (the history replay skips a malformed cell, not its whole file).
    """
    issues: list[Issue] = []
    path = Path(file)
    top = _resolve_keys(
        data, ("system", "org", *criteria, *retired), file=file, where="", issues=issues
    )
    for code in retired:
        if code in top:
            issues.append(
                Issue(
                    file,
                    code,
                    f"`{code}` is a criterion of the index's earlier version, not of the "
                    "current one; not imported",
                    "warning",
                )
            )

    system = top.get("system")
    if not isinstance(system, dict):
        issues.append(Issue(file, "system", "missing, or not a mapping of fields"))
        system = {}
    system = _resolve_keys(
        system, SYSTEM_KEYS, file=file, where="system", issues=issues, stray=criteria + retired
    )
    org = top.get("org")
    if not isinstance(org, dict):
        issues.append(Issue(file, "org", "missing, or not a mapping of fields"))
        org = {}
    org = _resolve_keys(org, ORG_KEYS, file=file, where="org", issues=issues)

    name = _text(system.get("name"))
    if not name:
        issues.append(Issue(file, "system.name", "missing: every model needs a name"))
    organisation_name = _text(org.get("name"))
    if not organisation_name and org:
        issues.append(Issue(file, "org.name", "missing: every model needs an organisation"))
    elif organisation_name and not slugify(organisation_name):
        issues.append(Issue(file, "org.name", f"{organisation_name!r} gives no usable slug"))
    slug = slugify(path.stem)
    if not slug:
        issues.append(Issue(file, "(file)", "the file name gives no usable slug"))
    for key, limit in MAX_LENGTHS.items():
        block_name, _, field_name = key.partition(".")
        value = _text((system if block_name == "system" else org).get(field_name))
        if len(value) > limit:
            issues.append(Issue(file, key, f"longer than {limit} characters ({len(value)})"))

    cells: dict[str, Cell] = {}
    for code in criteria:
        if code not in top:
            issues.append(Issue(file, code, "missing criterion"))
            continue
        cell = _cell(code, top[code], file=file, issues=issues, keep_level=partial)
        if cell is not None:
            cells[code] = cell

    link = _one_link(system.get("link"), file=file, where="system.link", issues=issues)
    release_date, precision = _release_date(system.get("releasedate"), file=file, issues=issues)
    model_types = _model_types(system.get("type"), file=file, issues=issues)
    organisation_link = _one_link(org.get("link"), file=file, where="org.link", issues=issues)

    if not partial and any(i.severity == "error" for i in issues):
        return None, issues

    license_name = _text(system.get("endmodellicense"))
    end_model_repo = osai_links.hf_model_repo(link) if link else ""
    for url in cells["weights_endmodel"].links if "weights_endmodel" in cells else ():
        if end_model_repo:
            break
        end_model_repo = osai_links.hf_model_repo(url)
    base_model_repo = ""
    for url in cells["weights_basemodel"].links if "weights_basemodel" in cells else ():
        base_model_repo = osai_links.hf_model_repo(url)
        if base_model_repo:
            break
    fields = {
        "name": name,
        "model_types": model_types,
        "description": _text(system.get("notes")),
        "link": link,
        "release_date": release_date,
        "release_date_precision": precision,
        "performance_class": _text(system.get("performanceclass")),
        "end_model_name": _text(system.get("endmodelname")),
        "base_model_name": _text(system.get("basemodelname")),
        "end_model_repo": end_model_repo,
        "base_model_repo": base_model_repo,
        "license_name": license_name,
        "license_spdx": spdx_id_for(license_name),
    }
    record = ModelRecord(
        file=file,
        slug=slug,
        name=name,
        organisation_name=organisation_name,
        organisation_link=organisation_link,
        organisation_notes=_text(org.get("notes")),
        fields=fields,
        cells=cells,
    )
    return record, issues


def _organisation(record: ModelRecord) -> Organisation:
    """The organisation by slug, created on first sight; existing ones only get blanks filled.

    Several files name the same organisation with different links and notes; filling blanks
    only keeps re-imports from flipping them from one file's version to another's.
    """
    slug = slugify(record.organisation_name)[:200]
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return Organisation.objects.create(
            slug=slug,
            name=record.organisation_name,
            link=record.organisation_link,
            notes=record.organisation_notes,
        )
    changed = []
    if not organisation.link and record.organisation_link:
        organisation.link = record.organisation_link
        changed.append("link")
    if not organisation.notes and record.organisation_notes:
        organisation.notes = record.organisation_notes
        changed.append("notes")
    if changed:
        organisation.save(update_fields=changed)
    return organisation


def _model(record: ModelRecord, organisation: Organisation) -> tuple[AIModel, str]:
    """Create or update the model; returns it and "created", "updated" or "unchanged"."""
    model = AIModel.objects.filter(osai_file=record.file).first()
    if model is None:
        model = AIModel.objects.filter(slug=record.slug).first()
        if model is not None and model.osai_file:
            raise ValueError(
                f"slug {record.slug!r} is already used by the model from {model.osai_file}"
            )
    values = {**record.fields, "organisation": organisation, "is_curated": True}
    if model is None:
        model = AIModel.objects.create(slug=record.slug, osai_file=record.file, **values)
        return model, "created"
    values["osai_file"] = record.file
    changed = [key for key, value in values.items() if getattr(model, key) != value]
    if not changed:
        return model, "unchanged"
    for key in changed:
        setattr(model, key, values[key])
    model.save(update_fields=[*changed, "updated_at"])
    return model, "updated"


def _same_state(assessment: Assessment, cell: Cell) -> bool:
    urls = set(assessment.evidence.filter(retracted_at__isnull=True).values_list("url", flat=True))
    return (
        assessment.level == cell.level
        and assessment.notes == cell.notes
        and urls == set(cell.links)
    )


def _import_record(
    record: ModelRecord,
    *,
    criteria: dict[str, Criterion],
    commit: str,
    result: FileResult,
    now: datetime,
    reviewed_at: datetime | None = None,
) -> None:
    organisation = _organisation(record)
    model, status = _model(record, organisation)
    latest_source = Subquery(
        Revision.objects.filter(assessment=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("source")[:1]
    )
    existing = {
        a.criterion.code: a
        for a in Assessment.objects.filter(
            model=model, criterion__in=criteria.values(), track=Track.EDITORIAL
        )
        .select_related("criterion")
        .annotate(latest_source=latest_source)
    }
    at_commit = f"upstream commit {commit}" if commit else "an unrecorded upstream commit"
    reason = f"Imported from the EU Open Source AI Index: {record.file} at {at_commit}."
    context = {"osai_file": record.file, "upstream_commit": commit}
    for code, criterion in criteria.items():
        cell = record.cells[code]
        digest = cell.digest
        assessment = existing.get(code)
        if assessment is not None and assessment.upstream_digest == digest:
            continue
        edited_here = assessment is not None and assessment.latest_source not in (
            None,
            Revision.Source.IMPORT,
        )
        if edited_here:
            if _same_state(assessment, cell):
                # Changed here to what upstream now says: nothing to apply or report.
                Assessment.objects.filter(pk=assessment.pk).update(upstream_digest=digest)
                continue
            result.conflicts.append(
                Conflict(record.file, code, assessment.level, cell.level or "not_assessed")
            )
            assessment_flag_for_review(
                assessment=assessment,
                reason=(
                    f"The EU Open Source AI Index changed this cell ({record.file}, {at_commit}: "
                    f"{cell.level}); not applied because it was edited here since the last "
                    "import."
                ),
            )
            continue
        revision = assessment_record(
            model=model,
            criterion=criterion,
            level=cell.level,
            notes=cell.notes,
            provenance=Provenance.CURATED,
            evidence=cell.evidence(),
            source=Revision.Source.IMPORT,
            reason=reason,
            track=Track.EDITORIAL,
            actor_label=ACTOR_LABEL,
            reviewer_label=REVIEWER_LABEL,
            upstream_digest=digest,
            context=context,
            reviewed_at=reviewed_at,
            at=now,
        )
        if revision is not None:
            result.assessments_changed += 1
    if status == "unchanged" and result.assessments_changed:
        status = "updated"
    result.status = status


def osai_import(
    *,
    path: Path,
    methodology: Methodology | None = None,
    dry_run: bool = False,
    recompute: bool = True,
    at: datetime | None = None,
) -> ImportReport:
    """Validate and import every model file in `path`; see the module docstring.

    `methodology` defaults to the current `osai` version. With `dry_run`, everything runs and
    is reported, then rolled back.
    """
    if methodology is None:
        methodology = Methodology.objects.get(slug="osai", is_current=True)
    criteria = {c.code: c for c in methodology.criteria.order_by("group_order", "order")}
    retired = tuple(
        sorted(
            set(
                Criterion.objects.filter(methodology__slug=methodology.slug)
                .exclude(methodology=methodology)
                .values_list("code", flat=True)
            )
            - set(criteria)
        )
    )
    commit = upstream_commit(path)
    reviewed_at = upstream_reviewed_at(path)
    report = ImportReport(
        path=path,
        upstream_commit=commit,
        methodology=f"{methodology.slug} {methodology.version}",
        dry_run=dry_run,
    )
    now = at or timezone.now()
    with transaction.atomic():
        for file_path in model_files(path):
            record, issues = osai_file_parse(
                path=file_path, criteria=tuple(criteria), retired=retired
            )
            result = FileResult(file=file_path.name, issues=issues)
            report.files.append(result)
            if record is None:
                result.status = "failed"
                continue
            try:
                # A savepoint per file: a file the database refuses leaves no trace.
                with transaction.atomic():
                    _import_record(
                        record,
                        criteria=criteria,
                        commit=commit,
                        result=result,
                        now=now,
                        reviewed_at=reviewed_at,
                    )
            except Exception as exc:
                result.status = "failed"
                result.assessments_changed = 0
                result.conflicts = []
                result.issues.append(Issue(file_path.name, "(file)", f"not imported: {exc}"))
        imported = [f.file for f in report.files]
        report.missing_files = list(
            AIModel.objects.filter(is_curated=True, withdrawn_at__isnull=True)
            .exclude(osai_file="")
            .exclude(osai_file__in=imported)
            .order_by("osai_file")
            .values_list("osai_file", flat=True)
        )
        changed = report.count("created") or report.count("updated")
        if recompute and (changed or dry_run or not _has_scores(methodology)):
            report.scores_written = scores_recompute(methodology=methodology)
        snapshots_refresh()  # the stored past rankings, if this import changed any cell
        if dry_run:
            transaction.set_rollback(True)
    return report


def _has_scores(methodology: Methodology) -> bool:
    return methodology.scores.filter(track=Track.EDITORIAL).exists()
