import gc

from django.template import engines

from openness.lib.warmup import process_warm


def test_warming_a_process_compiles_the_templates_without_touching_the_database():
    # No database fixture: pytest-django fails any query or connection attempt here.
    process_warm()
    loader = engines["django"].engine.template_loaders[0]
    assert "web/ranking.html" in {key.split(":")[0] for key in loader.get_template_cache}


def test_what_warming_loaded_is_left_out_of_full_collections():
    try:
        process_warm()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
