"""The EU index's model files in each of their historical formats, read as today's (pure).

The index's data repository changed its file format three times; a file of each era is read in
its own format and presented in the current one, so that one validator (osai_import's
`osai_data_parse`) reads them all:

- until 2024-10-16, the format inherited from opening-up-chatgpt: a `project` block and the
  criteria `opencode`, `llmdata`, `llmweights`, `rldata`, `rlweights`, `license`, ...;
- 2024-10-16 "updated database in yaml 2.0": `system`, and `datasources` and `weights` nesting
  a `basemodel` and an `endmodel` cell;
- 2024-10-17 "removed nesting and added releasedate field": flat cells such as
  `datasources_basemodel` (the format since, with `architecture` renamed
  `hardware_architecture` on 2025-03-10 and `package` and `api` removed on 2026-03-13).

The old names map one to one onto the new ones: the 2024-10-16 commit that introduced them
rewrote every file with the same classes, links and notes under the new names (checked by
tests/assessments/test_osai_history.py), so the mapping is the index's own, not a guess.
"""

from pathlib import PurePosixPath

# Files in the index's folder that are not models.
NOT_MODELS = frozenset({"a_submission_template.yaml", "A_sample.yaml"})

# The criteria of the opening-up-chatgpt format under their current codes.
PROJECT_ERA_CRITERIA = {
    "opencode": "trainingcode",
    "llmdata": "datasources_basemodel",
    "llmweights": "weights_basemodel",
    "rldata": "datasources_endmodel",
    "rlweights": "weights_endmodel",
    "license": "licenses",
}
PROJECT_ERA_SYSTEM = {
    "name": "name",
    "link": "link",
    "notes": "notes",
    "llmbase": "basemodelname",
    "rlbase": "endmodelname",
    "license": "endmodellicense",
}
# Criteria renamed in place.
RENAMED_CRITERIA = {"architecture": "hardware_architecture"}
# Blocks that nested two cells (the 2024-10-16 format).
NESTED_BLOCKS = ("datasources", "weights")
NESTED_CELLS = ("basemodel", "endmodel")


def is_model_file(path: str) -> bool:
    """A model file: a top-level `.yaml` file that is neither the template nor the sample."""
    pure = PurePosixPath(path)
    return len(pure.parts) == 1 and pure.suffix == ".yaml" and pure.name not in NOT_MODELS


def file_format(data: dict) -> str:
    """ "project", "nested" or "flat": which era's format a file's mapping is in."""
    if "project" in data and "system" not in data:
        return "project"
    if any(isinstance(data.get(block), dict) for block in NESTED_BLOCKS):
        return "nested"
    return "flat"


def current_format(data: dict) -> dict:
    """The mapping of a file of any era, with the keys of the current format.

    Keys are only renamed, never invented; a value is never changed. A new name that is already
    present wins over the old one (the validator then reports nothing: the old key is dropped).
    """
    era = file_format(data)
    out: dict = {}
    if era == "project":
        project = data.get("project")
        if isinstance(project, dict):
            out["system"] = {
                PROJECT_ERA_SYSTEM.get(str(key), str(key)): value for key, value in project.items()
            }
        else:
            out["system"] = project
        for key, value in data.items():
            if key == "project":
                continue
            out[PROJECT_ERA_CRITERIA.get(str(key), key)] = value
    elif era == "nested":
        for key, value in data.items():
            if key in NESTED_BLOCKS and isinstance(value, dict):
                for cell in NESTED_CELLS:
                    if cell in value:
                        out[f"{key}_{cell}"] = value[cell]
                for stray, stray_value in value.items():
                    if stray not in NESTED_CELLS:
                        out[f"{key}_{stray}"] = stray_value
            else:
                out[key] = value
    else:
        out = dict(data)
    for old, new in RENAMED_CRITERIA.items():
        if old in out:
            value = out.pop(old)
            out.setdefault(new, value)
    return out
