"""The license and attribution that every copy of the curated data carries.

The curated assessments come from the European Open Source AI Index (CC-BY 4.0), which asks for
a link to the index, its Zenodo dataset and its paper, and a statement of what was changed.
"""

OSAI_LICENSE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}

OSAI_ATTRIBUTION = {
    "source": "European Open Source AI Index",
    "source_url": "https://osai-index.eu/",
    "dataset_doi": "10.5281/zenodo.15386042",
    "dataset_url": "https://doi.org/10.5281/zenodo.15386042",
    "paper": (
        "Liesenfeld, A. and Dingemanse, M. (2024). Rethinking open source generative AI: "
        "open-washing and the EU AI Act. FAccT '24. doi:10.1145/3630106.3659005"
    ),
    "paper_url": "https://doi.org/10.1145/3630106.3659005",
    "changes": (
        "Curated assessments are imported unchanged from the index; Openness adds hub metadata, "
        "automatic assessments, revision history and reviewed community corrections."
    ),
}


def license_block() -> dict:
    """The `license` block of API responses and dumps."""
    return {
        "data_license": OSAI_LICENSE,
        "attribution": OSAI_ATTRIBUTION,
        "text": attribution_text(),
    }


def attribution_text() -> str:
    return (
        "Curated data: European Open Source AI Index (https://osai-index.eu/), "
        "doi:10.5281/zenodo.15386042; Liesenfeld & Dingemanse, FAccT '24, "
        "doi:10.1145/3630106.3659005. Licensed CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/). " + OSAI_ATTRIBUTION["changes"]
    )


def datapackage_sources() -> list[dict]:
    """The sources to credit, as a Frictionless data package's `sources`."""
    return [
        {"title": OSAI_ATTRIBUTION["source"], "path": OSAI_ATTRIBUTION["source_url"]},
        {
            "title": f"EU OSAI Index dataset, doi:{OSAI_ATTRIBUTION['dataset_doi']}",
            "path": OSAI_ATTRIBUTION["dataset_url"],
        },
        {
            "title": "Liesenfeld and Dingemanse (2024), FAccT '24",
            "path": OSAI_ATTRIBUTION["paper_url"],
        },
        {
            "title": "Model Openness Framework 1.0 and the Model Openness Tool (LF AI & Data, "
            "MIT), mapped onto the evidence by Openness",
            "path": "https://github.com/lfai/model_openness_tool",
        },
        {
            "title": "Open Source AI Definition 1.0 (OSI), mapped onto the evidence by Openness",
            "path": "https://opensource.org/ai/open-source-ai-definition",
        },
    ]
