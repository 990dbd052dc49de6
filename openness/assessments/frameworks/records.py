"""The frameworks' tables: per-component licenses, stored verdicts, the Model Openness Tool's
records. Imported by assessments.models so that they belong to the assessments app."""

from django.db import models


class ComponentLicense(models.Model):
    """The license of one kind of artefact of a model, as a curated source records it.

    Filled from the EU index's `licenses` notes ("Weights: MIT. Code: not released. Data: ...")
    by frameworks.services.component_licenses_import; the frameworks read it as evidence.
    """

    class Slot(models.TextChoices):
        PARAMETERS = "parameters", "Parameters (weights)"
        CODE = "code", "Code"
        DATA = "data", "Data"
        DOCUMENTATION = "documentation", "Documentation"

    model = models.ForeignKey(
        "catalog.AIModel", on_delete=models.CASCADE, related_name="component_licenses"
    )
    slot = models.CharField(max_length=15, choices=Slot.choices)
    license_name = models.CharField(max_length=300)  # as the source writes it
    source = models.CharField(max_length=20, default="osai-index")
    source_file = models.CharField(max_length=200, blank=True)
    quote = models.TextField(blank=True)  # the text it was read from
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "slot", "source"], name="componentlicense_unique_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model_id} {self.slot}: {self.license_name}"


class FrameworkVerdict(models.Model):
    """A model's MOF class or OSAID verdict in one track, derived from its evidence.

    Written only by frameworks.services.framework_verdicts_recompute; pages read it.
    """

    class Framework(models.TextChoices):
        MOF = "mof", "Model Openness Framework"
        OSAID = "osaid", "Open Source AI Definition"

    model = models.ForeignKey(
        "catalog.AIModel", on_delete=models.CASCADE, related_name="framework_verdicts"
    )
    framework = models.CharField(max_length=10, choices=Framework.choices)
    version = models.CharField(max_length=20)
    track = models.CharField(max_length=10)
    # MOF: "III", "II", "I", "none"; OSAID: "conforms", "does_not_conform", "cannot_tell".
    verdict = models.CharField(max_length=20)
    # Higher is more open: MOF class I = 3 ... none = 0; OSAID conforms = 2, cannot tell = 1.
    order = models.PositiveSmallIntegerField()
    summary = models.TextField()
    detail = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    # What the verdict was derived from (services.EVIDENCE_KEY: the levels, the declared and
    # recorded licenses, the definitions' versions), so that a recompute judges only the
    # models whose evidence moved.
    evidence_key = models.CharField(max_length=32, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "framework", "track"], name="frameworkverdict_unique"
            ),
        ]
        indexes = [
            # The definition lens (web.selectors_lens): one framework, track and verdict, its
            # first models by id, read in index order even when millions share the verdict.
            models.Index(
                fields=["framework", "track", "verdict", "model"], name="frameworkverdict_lens"
            ),
            # The ranking under a lens (web.ranking_sql.lens_steps): the models of one verdict
            # order in a track, when few have it.
            models.Index(
                fields=["framework", "track", "order", "model"], name="frameworkverdict_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model_id} {self.framework} ({self.track}): {self.verdict}"


class MotRecord(models.Model):
    """One model file of the Model Openness Tool (MIT), its class under the MOF's rules from the
    tool's own component licenses, and the catalog model it was matched to, if any."""

    file = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=300)
    producer = models.CharField(max_length=300, blank=True)
    repository = models.CharField(max_length=500, blank=True)
    huggingface_repo = models.CharField(max_length=300, blank=True)
    distribution_license = models.CharField(max_length=300, blank=True)
    components = models.JSONField(default=dict)  # {component: {"license": ..., "path": ...}}
    mof_class = models.CharField(max_length=5)
    summary = models.TextField()
    detail = models.JSONField(default=dict)
    model = models.ForeignKey(
        "catalog.AIModel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mot_records",
    )
    # How the match was made: "repository", "name", "family" ("" when unmatched).
    match_basis = models.CharField(max_length=20, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (MOT {self.mof_class})"
