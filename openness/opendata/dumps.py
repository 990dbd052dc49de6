"""Open data dumps: the whole data set as one dated zip archive (JSON, CSV, README, license).

dump_create writes DUMPS_ROOT/openness-YYYY-MM-DD.zip (one per day; a second run the same day
replaces it), its Frictionless data package inside it and beside it
(openness-YYYY-MM-DD.datapackage.json, opendata/datapackage.py), and prunes the archive to the
newest DUMPS_KEEP dumps. The tables speak the site's vocabulary (assessments/vocabulary.py):
tracks are curated and hub, scores are in percent; a load turns them back into what the
database stores, and still reads dumps of format version 1 (the database's own codes and
fractions). dump_load reads such an
archive back into an empty database, keeping every primary key, so that ids quoted in revisions
(`{"reverts": 40}`) stay true.
"""

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import ijson
from django.conf import settings
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from openness.assessments import vocabulary
from openness.assessments.models import (
    Assessment,
    ComponentLicense,
    Criterion,
    Evidence,
    FrameworkVerdict,
    Methodology,
    Revision,
    Score,
)
from openness.catalog.models import AIModel, ModelSlugAlias, Organisation
from openness.lib import site
from openness.lib.text import csv_cell
from openness.opendata.datapackage import dump_datapackage
from openness.opendata.licensing import OSAI_LICENSE, attribution_text, license_block

FORMAT = "openness-dump"
# 2 (2026-12-05): track names and score unit of the site (curated/hub, percent); 1: the
# database's codes (editorial/automatic) and fractions from 0 to 1.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
NAME_PATTERN = re.compile(r"^openness-(\d{4}-\d{2}-\d{2})\.zip$")
DATAPACKAGE_PATTERN = re.compile(r"^openness-(\d{4}-\d{2}-\d{2})\.datapackage\.json$")
FRACTION_PLACES = Decimal("0.000001")

# Tables in load order (parents first). User accounts are never published: a user foreign key
# is replaced by the account's username in a `<field>_username` column, which a load keeps only
# as a label.
TABLES: list[tuple[str, type[models.Model]]] = [
    ("organisations", Organisation),
    ("models", AIModel),
    ("model_slug_aliases", ModelSlugAlias),
    ("methodologies", Methodology),
    ("criteria", Criterion),
    ("assessments", Assessment),
    ("evidence", Evidence),
    ("revisions", Revision),
    ("scores", Score),
    ("component_licenses", ComponentLicense),
    ("framework_verdicts", FrameworkVerdict),
]
# Tables that dumps written before them lack: such a dump still loads (`import_frameworks`
# records the licenses and derives the verdicts again).
ADDED_TABLES = {"component_licenses", "framework_verdicts"}
USER_FIELDS = {Assessment: ["reviewed_by"], Revision: ["actor"]}
# Columns derived from other tables and kept by the database itself (Score.search): never
# published; a load lets the database fill them. (Its search_key has no model field at all.)
DERIVED_FIELDS = {Score: {"search"}}


def _track_back(name: str) -> str:
    if name not in vocabulary.TRACKS_BY_NAME:
        raise DumpError(f"unknown track {name!r} (curated or hub)")
    return vocabulary.TRACKS_BY_NAME[name]


def _percent_out(value) -> str:
    return str(vocabulary.percent(value))


def _percent_back(value) -> str:
    try:
        fraction = Decimal(str(value)) / 100
    except (InvalidOperation, ValueError):
        raise DumpError(f"not a percentage: {value!r}") from None
    if not 0 <= fraction <= 1:
        raise DumpError(f"a percentage out of 0 to 100: {value!r}")
    return str(fraction.quantize(FRACTION_PLACES))


def _groups_out(groups: dict) -> dict:
    return {code: _percent_out(value) for code, value in groups.items()}


def _groups_back(groups) -> dict:
    if not isinstance(groups, dict):
        raise DumpError(f"groups must be an object, not {groups!r}")
    return {code: _percent_back(value) for code, value in groups.items()}


# Columns published in the site's vocabulary: (to the dump, back to the database).
PUBLIC_VALUES: dict[type[models.Model], dict[str, tuple]] = {
    Assessment: {"track": (vocabulary.track_name, _track_back)},
    FrameworkVerdict: {"track": (vocabulary.track_name, _track_back)},
    Score: {
        "track": (vocabulary.track_name, _track_back),
        "total": (_percent_out, _percent_back),
        "total_upper": (_percent_out, _percent_back),
        "groups": (_groups_out, _groups_back),
    },
}


def _published_fields(model: type[models.Model]) -> list[models.Field]:
    derived = DERIVED_FIELDS.get(model, set())
    return [f for f in model._meta.concrete_fields if f.name not in derived]


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (a load gives back exact values)."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


@contextmanager
def _stored_timestamps(model: type[models.Model]) -> Iterator[None]:
    """Let a load keep the dump's created/updated times instead of auto_now(_add) stamping now."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class DumpError(ValueError):
    """An archive that cannot be loaded, with the reason."""


@dataclass(frozen=True)
class DumpFile:
    """One archived dump on disk."""

    name: str
    day: date
    size: int
    sha256: str
    path: Path
    datapackage: str = ""  # the name of its data package beside it, if there is one


def dumps_root() -> Path:
    return Path(settings.DUMPS_ROOT)


def _columns(model: type[models.Model]) -> list[str]:
    users = set(USER_FIELDS.get(model, []))
    columns = []
    for field in _published_fields(model):
        if field.name in users:
            columns.append(f"{field.name}_username")
        else:
            columns.append(field.attname)
    return columns


def _rows(model: type[models.Model]) -> Iterator[dict]:
    users = USER_FIELDS.get(model, [])
    fields = [f.attname for f in _published_fields(model) if f.name not in users]
    lookups = fields + [f"{name}__username" for name in users]
    public = PUBLIC_VALUES.get(model, {})
    for row in model.objects.order_by("pk").values(*lookups).iterator(chunk_size=5000):
        for name in users:
            row[f"{name}_username"] = row.pop(f"{name}__username") or ""
        for name, (out, _back) in public.items():
            if row[name] is not None:
                row[name] = out(row[name])
        yield row


def _csv_value(value) -> str:
    """A cell's text; text that a spreadsheet would take for a formula is neutralised."""
    if isinstance(value, str):
        return csv_cell(value)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _readme(generated_at: datetime, counts: dict[str, int]) -> str:
    lines = [
        "# Openness: open data dump",
        "",
        f"Generated {generated_at.isoformat()} by {site.site_url()}/ .",
        "",
        "AI models ranked by openness, criterion by criterion, with cited evidence, provenance",
        "and the full, append-only history of every judgment.",
        "",
        "## License and attribution",
        "",
        f"Data license: {OSAI_LICENSE['name']} ({OSAI_LICENSE['id']}), {OSAI_LICENSE['url']}",
        "",
        attribution_text(),
        "",
        "When you publish anything made from this data, credit the European Open Source AI",
        "Index as above, and Openness with a link to the dump you used.",
        "",
        "## Files",
        "",
        "- `data.json`: every table below in one document, with `license` and `counts`;",
        "  `manage.py opendata_load` reads it back into an empty Openness database.",
        "- one CSV per table (UTF-8, header row; JSON columns hold JSON text; a text cell",
        "  that starts with = + - @, a tab or a carriage return is written with a leading",
        "  apostrophe, so that no spreadsheet runs it as a formula; data.json has it as is):",
        "",
    ]
    for name, model in TABLES:
        doc = (model.__doc__ or "").strip().splitlines()[0]
        lines.append(f"  - `{name}.csv` ({counts[name]} rows): {doc}")
    lines += [
        "",
        "## Reading it",
        "",
        "- Levels: open, partial, closed, not_assessed. Scores: open = 1, partial = 0.5, closed",
        "  or not assessed = 0; total = mean over the criteria that apply to the model's types.",
        "- `scores.total`, `scores.total_upper` and `scores.groups` are percentages (0 to 100,",
        "  four decimals: exact; the site shows them with one decimal).",
        "- `scores.assessed` of `scores.applicable` criteria were judged (coverage = assessed /",
        "  applicable); `scores.total` counts the rest as closed (the Hub catalog ranks by it),",
        "  `scores.total_upper` as open: the hub track's range is total to total_upper.",
        "- `assessments.track`, `scores.track`: curated (the curated index) or hub (automatic",
        "  judgments from Hugging Face Hub metadata), as on the site and in the API.",
        "- `datapackage.json`: the Frictionless data package: license, sources, and every",
        "  field of every CSV with its type and meaning.",
        "- `framework_verdicts`: each model's class under the Model Openness Framework",
        "  (`framework` mof; `verdict` III, II, I or none) and verdict under the Open Source AI",
        "  Definition (osaid; conforms, cannot_tell or does_not_conform) per track, derived by",
        "  Openness from the same levels and `component_licenses`; `order` ranks them (higher",
        "  is more open), `summary` names what decides each.",
        "- `evidence.retracted_at` set: the source no longer supports the current judgment.",
        "- `revisions`: one row per change (old and new level, notes and evidence, reason,",
        "  time); the state of any assessment on any past day is the latest revision up to then.",
        "- User accounts are not published: `*_username` columns name the curator.",
        "",
    ]
    return "\n".join(lines)


def dump_create(*, root: Path | None = None, now: datetime | None = None) -> DumpFile:
    """Write today's archive from one consistent snapshot of the database, then prune."""
    root = root or dumps_root()
    root.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    name = f"openness-{now.astimezone(UTC).date().isoformat()}.zip"
    temporary = root / f".{name}.{os.getpid()}.tmp"
    counts: dict[str, int] = {}
    # REPEATABLE READ: every table comes from the same moment, even while the crawler writes
    # (inside a caller's transaction, that transaction's view is used as it is).
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if own_transaction:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with archive.open("data.json", "w", force_zip64=True) as raw:
                out = io.TextIOWrapper(raw, encoding="utf-8")
                header = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "generated_at": now.isoformat(),
                    "site": site.site_url(),
                    "license": license_block(),
                }
                out.write(json.dumps(header, ensure_ascii=False)[:-1])
                for table, model in TABLES:
                    out.write(f',\n"{table}":[')
                    count = 0
                    for row in _rows(model):
                        out.write(("," if count else "") + "\n")
                        out.write(json.dumps(row, cls=_ExactEncoder, ensure_ascii=False))
                        count += 1
                    out.write("]")
                    counts[table] = count
                out.write(',\n"counts":' + json.dumps(counts) + "}\n")
                out.flush()
                out.detach()
            for table, model in TABLES:
                with archive.open(f"{table}.csv", "w", force_zip64=True) as raw:
                    out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                    columns = _columns(model)
                    writer = csv.writer(out)
                    writer.writerow(columns)
                    for row in _rows(model):
                        writer.writerow([_csv_value(row[c]) for c in columns])
                    out.flush()
                    out.detach()
            package = _datapackage(name, now, counts)
            archive.writestr("datapackage.json", package)
            archive.writestr("README.md", _readme(now, counts))
            archive.writestr(
                "LICENSE.txt",
                f"{OSAI_LICENSE['name']} ({OSAI_LICENSE['url']})\n\n{attribution_text()}\n",
            )
    digest = _sha256(temporary)
    final = root / name
    sidecar = root / datapackage_name(name)
    sidecar_temporary = root / f".{sidecar.name}.{os.getpid()}.tmp"
    sidecar_temporary.write_text(package, encoding="utf-8")
    os.replace(temporary, final)
    os.replace(sidecar_temporary, sidecar)
    (root / f"{name}.sha256").write_text(f"{digest}  {name}\n")
    _prune(root)
    return _dump_file(final)


def datapackage_name(dump_name: str) -> str:
    """openness-YYYY-MM-DD.zip -> openness-YYYY-MM-DD.datapackage.json"""
    return dump_name.removesuffix(".zip") + ".datapackage.json"


def _datapackage(name: str, now: datetime, counts: dict[str, int]) -> str:
    descriptor = dump_datapackage(
        name=name,
        generated_at=now,
        site_url=site.site_url(),
        tables=[(table, model, _columns(model)) for table, model in TABLES],
        counts=counts,
    )
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_file(path: Path) -> DumpFile:
    match = NAME_PATTERN.match(path.name)
    checksum = path.with_name(path.name + ".sha256")
    sha = checksum.read_text().split()[0] if checksum.exists() else _sha256(path)
    package = path.with_name(datapackage_name(path.name))
    return DumpFile(
        name=path.name,
        day=date.fromisoformat(match.group(1)),
        size=path.stat().st_size,
        sha256=sha,
        path=path,
        datapackage=package.name if package.is_file() else "",
    )


def dumps_list(*, root: Path | None = None) -> list[DumpFile]:
    """The archived dumps, newest first."""
    root = root or dumps_root()
    if not root.is_dir():
        return []
    paths = [p for p in root.iterdir() if p.is_file() and NAME_PATTERN.match(p.name)]
    return [_dump_file(p) for p in sorted(paths, key=lambda p: p.name, reverse=True)]


def dump_path(name: str, *, root: Path | None = None) -> Path | None:
    """The file of an archived dump or of its data package by its exact name, or None (never
    a path outside root)."""
    if not (NAME_PATTERN.match(name) or DATAPACKAGE_PATTERN.match(name)):
        return None
    path = (root or dumps_root()) / name
    return path if path.is_file() else None


def _prune(root: Path) -> None:
    for old in dumps_list(root=root)[settings.DUMPS_KEEP :]:
        old.path.unlink(missing_ok=True)
        old.path.with_name(old.name + ".sha256").unlink(missing_ok=True)
        old.path.with_name(datapackage_name(old.name)).unlink(missing_ok=True)


def _field_value(field: models.Field, value):
    """A JSON value back into what the field stores."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(value)
        if parsed is None:
            raise DumpError(f"{field.model.__name__}.{field.name}: bad date-time {value!r}")
        return parsed
    if isinstance(field, models.DateField):
        parsed = parse_date(value)
        if parsed is None:
            raise DumpError(f"{field.model.__name__}.{field.name}: bad date {value!r}")
        return parsed
    return value


LOAD_BATCH_ROWS = 2000


def _dump_stream(raw) -> Iterator[tuple[str, str, object]]:
    """data.json as a stream of top-level parts, one table row in memory at a time:
    ("value", key, value) for a value that is not an array, ("table", name, None) where an
    array starts, then ("row", name, row) for each of its elements."""
    builder = None
    building = ""  # the prefix of the value being built
    for prefix, event, value in ijson.parse(raw, use_float=True):
        if builder is not None:
            builder.event(event, value)
            if prefix == building and event in ("end_map", "end_array"):
                table, _, item = building.rpartition(".")
                if item == "item" and table and "." not in table:
                    yield "row", table, builder.value
                else:
                    yield "value", building, builder.value
                builder = None
            continue
        if not prefix or event == "map_key" or ("." in prefix and not prefix.endswith(".item")):
            continue
        table, _, item = prefix.rpartition(".")
        if item == "item" and table and "." not in table:  # an element of a top-level array
            if event in ("start_map", "start_array"):
                builder, building = ijson.ObjectBuilder(), prefix
                builder.event(event, value)
            else:
                yield "row", table, value
        elif "." not in prefix:  # a top-level value
            if event == "start_array":
                yield "table", prefix, None
            elif event == "start_map":
                builder, building = ijson.ObjectBuilder(), prefix
                builder.event(event, value)
            elif event != "end_array":
                yield "value", prefix, value


def _header_check(path: Path, header: dict) -> None:
    if header.get("format") != FORMAT:
        raise DumpError(f"{path}: not an Openness dump (format {header.get('format')!r}).")
    if header.get("format_version") not in READABLE_VERSIONS:
        raise DumpError(
            f"{path}: dump format version {header.get('format_version')!r}; "
            f"this code reads versions {', '.join(map(str, READABLE_VERSIONS))}."
        )


def _loaded_object(
    model: type[models.Model], table: str, number: int, row, *, version: int = FORMAT_VERSION
) -> models.Model:
    """One dumped row as an unsaved instance, its primary key kept."""
    if not isinstance(row, dict):
        raise DumpError(f"{table} row {number}: not an object.")
    if version >= 2:
        row = dict(row)
        for name, (_out, back) in PUBLIC_VALUES.get(model, {}).items():
            if row.get(name) is not None:
                try:
                    row[name] = back(row[name])
                except DumpError as error:
                    raise DumpError(f"{table} row {number}: {name}: {error}") from None
    users = USER_FIELDS.get(model, [])
    fields = {f.attname: f for f in _published_fields(model) if f.name not in users}
    unknown = set(row) - set(fields) - {f"{u}_username" for u in users}
    if unknown:
        raise DumpError(f"{table} row {number}: unknown fields {sorted(unknown)}.")
    # A column added after the dump was written (Score.assessed, Score.total_upper) takes its
    # default; scores_recompute fills such scores in again.
    values = {
        name: f.get_default()
        if name not in row and f.has_default()
        else _field_value(f, row.get(name))
        for name, f in fields.items()
    }
    if model is Revision and not values.get("actor_label"):
        values["actor_label"] = row.get("actor_username", "")
    if model is Assessment and not values.get("reviewer_label"):
        values["reviewer_label"] = row.get("reviewed_by_username", "")
    return model(**values)


@transaction.atomic
def dump_load(*, path: Path) -> dict[str, int]:
    """Load an archive into an empty database; all or nothing. Returns rows per table.

    data.json is read as a stream and written in batches, so a Hub-sized dump loads in the
    memory of a few thousand rows, not of the whole file.
    """
    occupied = [table for table, model in TABLES if model.objects.exists()]
    if occupied:
        raise DumpError(
            "The database is not empty (it has " + ", ".join(occupied) + "): a dump loads only "
            "into an empty database."
        )
    models_by_table = dict(TABLES)
    header: dict = {}
    counts: dict[str, int] = {}
    batch: list[models.Model] = []

    def flush() -> None:
        if batch:
            with _stored_timestamps(type(batch[0])):
                type(batch[0]).objects.bulk_create(batch)
            batch.clear()

    try:
        with zipfile.ZipFile(path) as archive, archive.open("data.json") as raw:
            for kind, key, value in _dump_stream(raw):
                if kind == "value":
                    header[key] = value
                    continue
                if not counts:  # the header comes before the first table
                    _header_check(path, header)
                if kind == "table":
                    if key not in models_by_table or key in counts:
                        raise DumpError(f"{path}: unexpected table {key!r}.")
                    flush()
                    counts[key] = 0
                    continue
                counts[key] += 1
                batch.append(
                    _loaded_object(
                        models_by_table[key],
                        key,
                        counts[key],
                        value,
                        version=header["format_version"],
                    )
                )
                if len(batch) >= LOAD_BATCH_ROWS:
                    flush()
            flush()
    except (OSError, zipfile.BadZipFile, KeyError, ijson.JSONError) as error:
        raise DumpError(f"{path}: not a readable Openness dump ({error}).") from None
    _header_check(path, header)
    missing = [t for t, _model in TABLES if t not in counts and t not in ADDED_TABLES]
    if missing:
        raise DumpError(f"{path}: tables missing: {', '.join(missing)}.")
    # Primary keys were kept: move each table's sequence past its largest id.
    statements = connection.ops.sequence_reset_sql(no_style(), [m for _t, m in TABLES])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return counts
