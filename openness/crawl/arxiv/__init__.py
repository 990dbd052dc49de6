"""arXiv's own metadata (the export API's Atom feed): the only code that talks to arXiv."""
