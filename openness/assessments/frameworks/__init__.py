"""Other definitions of openness applied to the same evidence: the Model Openness Framework's
classes and the Open Source AI Definition's verdict (see docs/frameworks.md).

definitions.py reads and checks their versioned files (fixtures/frameworks/); licensing.py says
which kind of content a license suits; evidence.py turns a model's criteria levels and recorded
licenses into per-component evidence; mof.py and osaid.py are the pure rules; mot.py reads the
Model Openness Tool's model files; services.py stores verdicts; history.py rebuilds them as of
a past day.
"""
