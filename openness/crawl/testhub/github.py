"""GitHub's REST API in the loopback hub, under the path prefix /github-api.

Served from `DIR/code/github/<owner>__<repo>.json` (the contract of fixtures/hub-gold/code/):
`repo` answers `GET /repos/{o}/{r}`, `tree` answers `GET /repos/{o}/{r}/git/trees/{branch}`
(the whole tree with `recursive=1`, the top level without), and the file named by
`readme_path` answers `GET /repos/{o}/{r}/readme` (base64, as GitHub sends it; 404 when
null). Keys starting with `_` are never served; a repository whose license is listed in
`_unknown` is served without a `license` key, so a reader can tell "unknown" from "none".

Like GitHub: owner and name are case-insensitive; every answer has an `ETag` and a request
with a matching `If-None-Match` gets 304 with no body (and is not counted against the quota);
every answer carries `x-ratelimit-limit/-remaining/-reset/-used/-resource`; a 429 fault
answers 403 with `x-ratelimit-remaining: 0`, as GitHub's primary limit does.
"""

import base64
import copy
import hashlib
import json
import re
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

PREFIX = "/github-api"
_REPO = re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)(?P<rest>/.*)?$")


class GitHubState:
    """The repositories the fake serves, and its hourly quota."""

    def __init__(self, fixtures: Path, *, quota: int = 5000, window: int = 3600):
        self.lock = threading.Lock()
        self.repos: dict[str, dict] = {}
        self.readmes: dict[str, bytes | None] = {}
        self.readme_names: dict[str, str] = {}
        for path in sorted((fixtures / "code" / "github").glob("*.json")):
            record = json.loads(path.read_text())
            key = path.stem.replace("__", "/", 1).lower()
            self.repos[key] = record
            readme_path = record.get("readme_path")
            readme_file = fixtures / readme_path if isinstance(readme_path, str) else None
            self.readmes[key] = (
                readme_file.read_bytes() if readme_file and readme_file.is_file() else None
            )
            # "code/github/<owner>__<repo>.README.md" is served as "README.md".
            name = readme_file.name if readme_file else "README.md"
            self.readme_names[key] = name.removeprefix(f"{path.stem}.") or "README.md"
        self.quota = quota
        self.window = window
        self.window_started = time.time()
        self.used = 0

    def count(self, *, counted: bool) -> tuple[int, int]:
        """(remaining, reset epoch) after one request; 304s are not counted, as on GitHub."""
        with self.lock:
            now = time.time()
            if now - self.window_started >= self.window:
                self.window_started, self.used = now, 0
            if counted:
                self.used += 1
            return max(0, self.quota - self.used), int(self.window_started + self.window)

    def repo_record(self, key: str) -> dict | None:
        record = self.repos.get(key)
        if record is None:
            return None
        repo = copy.deepcopy(record.get("repo") or {})
        unknown = record.get("_unknown") or []
        if any(isinstance(u, str) and "license" in u.lower() for u in unknown):
            repo.pop("license", None)
        return {k: v for k, v in repo.items() if not k.startswith("_")}

    def tree(self, key: str) -> dict | None:
        record = self.repos.get(key)
        tree = copy.deepcopy(record.get("tree")) if record else None
        if not isinstance(tree, dict):
            return None
        return {k: v for k, v in tree.items() if not k.startswith("_")}


def serve(handler) -> None:
    """Answer one request under PREFIX (`handler` is the test hub's request handler)."""
    state: GitHubState = handler.server.state.github
    target = handler.path
    parts = urlsplit(target)
    path = unquote(parts.path).removeprefix(PREFIX)
    query = dict(parse_qsl(parts.query))
    hub = handler.server.state
    hub.requests.append(target)
    fault = hub.fault_take(target)
    limited = False
    if fault is not None:
        if fault.kind == "slow":
            time.sleep(fault.delay)
        elif fault.kind == "status":
            return _send(handler, state, fault.status, {"message": "injected failure"})
        elif fault.kind == "429":
            limited = True
    match = _REPO.match(path)
    if match is None:
        return _send(handler, state, 404, {"message": "Not Found"})
    key = f"{match['owner']}/{match['name']}".lower()
    if limited:
        remaining, reset = 0, int(time.time()) + fault.reset
        body = {"message": "API rate limit exceeded"}
        return _send(handler, state, 403, body, ratelimit=(remaining, reset))
    repo = state.repo_record(key)
    if repo is None:
        return _send(handler, state, 404, {"message": "Not Found"})
    rest = match["rest"] or ""
    if rest == "":
        return _send(handler, state, 200, repo, fault=fault)
    if rest.startswith("/git/trees/"):
        branch = rest.removeprefix("/git/trees/")
        tree = state.tree(key)
        if tree is None or branch not in (repo.get("default_branch"), tree.get("sha"), "HEAD"):
            return _send(handler, state, 404, {"message": "Not Found"})
        if query.get("recursive") not in ("1", "true"):
            entries = tree.get("tree") or []
            tree["tree"] = [e for e in entries if "/" not in str(e.get("path", ""))]
        return _send(handler, state, 200, tree, fault=fault)
    if rest == "/readme":
        body = state.readmes.get(key)
        if body is None:
            return _send(handler, state, 404, {"message": "Not Found"})
        name = state.readme_names.get(key, "README.md")
        answer = {
            "name": name,
            "path": name,
            "encoding": "base64",
            "content": base64.encodebytes(body).decode(),
        }
        return _send(handler, state, 200, answer, fault=fault)
    return _send(handler, state, 404, {"message": "Not Found"})


def _send(handler, state, status, data, *, fault=None, ratelimit=None) -> None:
    body = json.dumps(data, ensure_ascii=False).encode()
    etag = f'W/"{hashlib.sha256(body).hexdigest()}"'
    not_modified = status == 200 and handler.headers.get("If-None-Match") == etag
    remaining, reset = ratelimit or state.count(counted=not not_modified)
    headers = {
        "x-ratelimit-limit": str(state.quota),
        "x-ratelimit-remaining": str(remaining),
        "x-ratelimit-reset": str(reset),
        "x-ratelimit-used": str(state.used),
        "x-ratelimit-resource": "core",
    }
    if not_modified:
        handler.send_response(304)
        for key, value in {**headers, "ETag": etag, "Content-Length": "0"}.items():
            handler.send_header(key, value)
        handler.end_headers()
        return
    headers.update({"Content-Type": "application/json; charset=utf-8", "ETag": etag})
    handler.send_response(status)
    for key, value in {**headers, "Content-Length": str(len(body))}.items():
        handler.send_header(key, value)
    handler.end_headers()
    if handler.head_only:
        return
    if fault is not None and fault.kind == "truncate":
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        handler.close_connection = True
        return
    handler.wfile.write(body)
