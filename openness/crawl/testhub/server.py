"""A real HTTP server that speaks the Hub's contract (../shared/HUB-API.md) over fixture files.

It serves the listing with keyset cursors and absolute `Link` headers on its own host and port,
`expand` filtering (400 on an unknown value), model info, README files at a revision with
`X-Repo-Commit` and `ETag`, datasets and papers, 401/404 with `X-Error-Code`, and `RateLimit`
headers on every response. Faults are injected per path: slow answers, 5xx, 429, truncated
bodies and malformed listing items. The crawler reaches it only through huggingface_hub and
the HUB_ENDPOINT setting.

Dataset cards are served at `/datasets/{id}/resolve/{rev}/README.md` from
`dataset-readmes/<author>__<name>.md` (401 GatedRepo when the dataset record is gated), model
configs at `/{id}/resolve/{rev}/config.json` from `configs/<author>__<name>.json`, and
GitHub's REST API under `/github-api` (github.py; GITHUB_API_URL points there in tests), and
arXiv's export API under `/arxiv-api` (arxiv.py; ARXIV_API_URL points there in tests).
"""

import base64
import copy
import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from openness.crawl.testhub import arxiv, github

MODEL_EXPAND = frozenset(
    [
        "author",
        "baseModels",
        "cardData",
        "childrenModelCount",
        "config",
        "createdAt",
        "disabled",
        "downloads",
        "downloadsAllTime",
        "evalResults",
        "gated",
        "gguf",
        "inference",
        "inferenceProviderMapping",
        "lastModified",
        "library_name",
        "likes",
        "mask_token",
        "model-index",
        "pipeline_tag",
        "private",
        "resourceGroup",
        "safetensors",
        "sha",
        "siblings",
        "spaces",
        "tags",
        "transformersInfo",
        "trendingScore",
        "usedStorage",
        "widgetData",
    ]
)
# What a listing item carries without `expand`.
DEFAULT_LIST_KEYS = (
    "likes",
    "downloads",
    "private",
    "pipeline_tag",
    "library_name",
    "tags",
    "createdAt",
    "modelId",
)
SORTS = {"createdAt", "lastModified", "downloads", "likes", "id", "trendingScore"}
NUMERIC_SORTS = {"downloads", "likes", "trendingScore"}
HUGE_README_BYTES = 50 * 1024 * 1024
RESOLVE = re.compile(r"^/(?P<repo>[^/]+(?:/[^/]+)?)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")
DATASET_RESOLVE = re.compile(
    r"^/datasets/(?P<repo>[^/]+(?:/[^/]+)?)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$"
)


@dataclass
class Fault:
    """An injected failure: the next `times` requests whose path and query contain `match`."""

    kind: str  # "slow", "status", "429", "truncate", "malformed"
    match: str = ""
    times: int = 1
    status: int = 503
    delay: float = 0.0
    reset: int = 1  # seconds until the rate-limit window resets (429)


def _served(document):
    """The document without the fixture's own notes: every key starting with `_` but the Hub's
    `_id` (a gold set's `_sources`, `_unknown`, `_synthetic` ... are for evaluators only)."""
    if not isinstance(document, dict):
        return document
    return {k: v for k, v in document.items() if not k.startswith("_") or k == "_id"}


class HubState:
    """The models, documents, faults and rate-limit window the test hub serves."""

    def __init__(self, fixtures: Path, *, quota: int = 100_000, window: int = 300):
        self.lock = threading.Lock()
        self.models: dict[str, dict] = {}
        self.readme_kind: dict[str, str] = {}
        for path in sorted((fixtures / "models").glob("*.json")):
            info = _served(json.loads(path.read_text()))
            self.readme_kind[info["id"]] = info.pop("readme_kind", "standard")
            self.models[info["id"]] = info
        self.readmes = {
            p.stem.replace("__", "/"): p.read_bytes() for p in (fixtures / "readmes").glob("*.md")
        }
        self.datasets = {
            p.stem.replace("__", "/"): _served(json.loads(p.read_text()))
            for p in (fixtures / "datasets").glob("*.json")
        }
        self.papers = {
            p.stem: _served(json.loads(p.read_text())) for p in (fixtures / "papers").glob("*.json")
        }
        # A gold set's recorded config.json files, served at /{id}/resolve/{rev}/config.json.
        self.configs = {
            p.stem.replace("__", "/"): json.dumps(_served(json.loads(p.read_text()))).encode()
            for p in (fixtures / "configs").glob("*.json")
        }
        self.dataset_readmes = {
            p.stem.replace("__", "/"): p.read_bytes()
            for p in (fixtures / "dataset-readmes").glob("*.md")
        }
        self.github = github.GitHubState(fixtures)
        self.arxiv = arxiv.ArxivState(fixtures)
        self.faults: list[Fault] = []
        self.quota = quota
        self.window = window
        self.window_started = time.monotonic()
        self.used = 0
        self.requests: list[str] = []

    # Mutations the tests use to make the hub change between crawls.
    def model_update(self, repo_id: str, **fields) -> dict:
        """Change a model; a new sha and lastModified unless given."""
        with self.lock:
            info = self.models[repo_id]
            info.update(fields)
            if "sha" not in fields:
                info["sha"] = hashlib.sha1(f"{info['sha']}+".encode()).hexdigest()  # noqa: S324
            if "lastModified" not in fields:
                info["lastModified"] = _now_iso()
            return copy.deepcopy(info)

    def model_rename(self, old: str, new: str) -> None:
        """Rename a repository: same `_id`, new id, README moves along."""
        with self.lock:
            info = self.models.pop(old)
            info["id"] = info["modelId"] = new
            info["author"] = new.split("/")[0]
            info["lastModified"] = _now_iso()
            self.models[new] = info
            self.readme_kind[new] = self.readme_kind.pop(old)
            if old in self.readmes:
                self.readmes[new] = self.readmes.pop(old)

    def model_add(self, info: dict, readme_kind: str = "minimal") -> None:
        with self.lock:
            self.models[info["id"]] = info
            self.readme_kind[info["id"]] = readme_kind

    def fault_add(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def fault_take(self, target: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.match in target and fault.times > 0:
                    fault.times -= 1
                    if fault.times == 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def count_request(self, target: str) -> tuple[int, int]:
        """Count one request in the fixed window; (remaining, seconds to reset)."""
        with self.lock:
            self.requests.append(target)
            elapsed = time.monotonic() - self.window_started
            if elapsed >= self.window:
                self.window_started, self.used, elapsed = time.monotonic(), 0, 0.0
            self.used += 1
            return max(0, self.quota - self.used), max(1, int(self.window - elapsed))


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


def _sort_key(info: dict, sort: str):
    value = info.get(sort)
    if sort in NUMERIC_SORTS:
        value = value if isinstance(value, int) and not isinstance(value, bool) else -1
    else:
        value = value if isinstance(value, str) else ""
    return (value, info["_id"])


def _encode_cursor(key) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode()


def _decode_cursor(cursor: str):
    return tuple(json.loads(base64.urlsafe_b64decode(cursor.encode())))


def _project(info: dict, expand: list[str] | None) -> dict:
    keys = DEFAULT_LIST_KEYS if expand is None else expand
    item = {"_id": info["_id"], "id": info["id"]}
    for key in keys:
        if key == "modelId":
            item["modelId"] = info["id"]
        elif key in info:
            item[key] = copy.deepcopy(info[key])
    return item


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "TestHubServer"

    def log_message(self, format, *args):
        pass  # the tests read state.requests instead

    head_only = False

    def do_HEAD(self):
        self.head_only = True
        self.serve()

    def do_GET(self):
        self.head_only = False
        self.serve()

    def serve(self):
        for prefix, serve in ((github.PREFIX, github.serve), (arxiv.PREFIX, arxiv.serve)):
            if self.path.startswith(prefix + "/"):
                try:
                    return serve(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                    return
        state = self.server.state
        target = self.path
        remaining, reset = state.count_request(target)
        self.ratelimit = (remaining, reset)
        fault = state.fault_take(target)
        if fault is not None:
            if fault.kind == "slow":
                time.sleep(fault.delay)
            elif fault.kind == "status":
                return self.send_json(fault.status, {"error": "injected failure"})
            elif fault.kind == "429":
                self.ratelimit = (0, fault.reset)
                return self.send_json(429, {"error": "rate limited"})
        self.fault = fault
        parts = urlsplit(target)
        path = unquote(parts.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        try:
            if path == "/api/models":
                return self.list_models(query)
            if path.startswith("/api/models/"):
                return self.model_info(path.removeprefix("/api/models/"), query)
            if path.startswith("/api/datasets/"):
                return self.document(state.datasets, path.removeprefix("/api/datasets/"))
            if path.startswith("/api/papers/"):
                return self.document(state.papers, path.removeprefix("/api/papers/"))
            if match := DATASET_RESOLVE.match(path):
                return self.resolve_dataset(match["repo"], match["rev"], match["file"])
            if match := RESOLVE.match(path):
                return self.resolve(match["repo"], match["rev"], match["file"])
            return self.send_json(404, {"error": "not found"})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _expand(self, query) -> list[str] | str | None:
        values = [v for k, v in query if k in ("expand", "expand[]")]
        if not values:
            return None
        unknown = [v for v in values if v not in MODEL_EXPAND]
        if unknown:
            return f'"expand" contains invalid values: {", ".join(unknown)}'
        return values

    def list_models(self, query):
        state = self.server.state
        params = dict(query)
        expand = self._expand(query)
        if isinstance(expand, str):
            return self.send_json(400, {"error": expand})
        sort = params.get("sort", "createdAt")
        if sort not in SORTS:
            return self.send_json(400, {"error": f"invalid sort {sort!r}"})
        descending = params.get("direction", "-1") != "1"
        try:
            limit = max(1, min(1000, int(params.get("limit", "1000"))))
        except ValueError:
            return self.send_json(400, {"error": "invalid limit"})
        with state.lock:
            infos = [copy.deepcopy(i) for i in state.models.values()]
        if author := params.get("author"):
            infos = [i for i in infos if i.get("author") == author]
        if search := params.get("search"):
            infos = [i for i in infos if search.lower() in i["id"].lower()]
        infos.sort(key=lambda i: _sort_key(i, sort), reverse=descending)
        if cursor := params.get("cursor"):
            try:
                after = _decode_cursor(cursor)
            except ValueError:
                return self.send_json(400, {"error": "invalid cursor"})
            if descending:
                infos = [i for i in infos if _sort_key(i, sort) < after]
            else:
                infos = [i for i in infos if _sort_key(i, sort) > after]
        page, rest = infos[:limit], infos[limit:]
        items = [_project(i, expand) for i in page]
        if self.fault is not None and self.fault.kind == "malformed":
            items.insert(len(items) // 2, {"_id": None, "id": 12345, "cardData": "---\n{{"})
        headers = {}
        if rest:
            kept = [(k, v) for k, v in query if k != "cursor"]
            kept.append(("cursor", _encode_cursor(_sort_key(page[-1], sort))))
            host, port = self.server.server_address[:2]
            link = f"http://{host}:{port}/api/models?{urlencode(kept)}"
            headers["Link"] = f'<{link}>; rel="next"'
        return self.send_json(200, items, headers)

    def model_info(self, rest: str, query):
        state = self.server.state
        repo_id, _, revision = rest.partition("/revision/")
        with state.lock:
            info = copy.deepcopy(state.models.get(repo_id))
        if info is None:
            return self.send_error_code(404, "RepoNotFound", "Repository not found")
        if revision and revision not in (info.get("sha"), "main"):
            return self.send_error_code(404, "RevisionNotFound", "Invalid rev id")
        expand = self._expand(query)
        if isinstance(expand, str):
            return self.send_json(400, {"error": expand})
        body = info if expand is None else _project(info, expand)
        return self.send_json(200, body)

    def document(self, documents: dict, key: str):
        document = documents.get(key)
        if document is None:
            return self.send_error_code(404, "RepoNotFound", "Repository not found")
        return self.send_json(200, document)

    def resolve(self, repo_id: str, revision: str, filename: str):
        state = self.server.state
        with state.lock:
            info = copy.deepcopy(state.models.get(repo_id))
            kind = state.readme_kind.get(repo_id, "standard")
            body = state.readmes.get(repo_id)
            config = state.configs.get(repo_id)
        if info is None:
            return self.send_error_code(404, "RepoNotFound", "Repository not found")
        if revision not in (info.get("sha"), "main"):
            return self.send_error_code(404, "RevisionNotFound", "Invalid rev id")
        if kind == "gated":
            return self.send_error_code(
                401, "GatedRepo", "Access to model is restricted; you must be authenticated"
            )
        if filename == "config.json" and config is not None:
            headers = {"X-Repo-Commit": info["sha"], "Content-Type": "application/json"}
            headers["ETag"] = f'"{hashlib.sha256(config).hexdigest()}"'
            return self.send_bytes(200, config, headers)
        # "unknown": a gold set could not find the card; the evaluator reads `_unknown` instead.
        if filename != "README.md" or kind in ("none", "unknown"):
            return self.send_error_code(404, "EntryNotFound", "Entry not found")
        if body is None and kind != "huge":
            return self.send_error_code(404, "EntryNotFound", "Entry not found")
        headers = {"X-Repo-Commit": info["sha"], "Content-Type": "text/plain; charset=utf-8"}
        if kind == "huge":
            return self.send_huge(headers, info["sha"])
        headers["ETag"] = f'"{hashlib.sha256(body).hexdigest()}"'
        return self.send_bytes(200, body, headers)

    def resolve_dataset(self, dataset_id: str, revision: str, filename: str):
        state = self.server.state
        with state.lock:
            record = copy.deepcopy(state.datasets.get(dataset_id))
            body = state.dataset_readmes.get(dataset_id)
        if record is None:
            return self.send_error_code(404, "RepoNotFound", "Repository not found")
        sha = record.get("sha") or "main"
        if revision not in (sha, "main"):
            return self.send_error_code(404, "RevisionNotFound", "Invalid rev id")
        if record.get("gated") not in (None, False):
            return self.send_error_code(
                401, "GatedRepo", "Access to dataset is restricted; you must be authenticated"
            )
        if filename != "README.md" or body is None:
            return self.send_error_code(404, "EntryNotFound", "Entry not found")
        headers = {"X-Repo-Commit": sha, "Content-Type": "text/plain; charset=utf-8"}
        headers["ETag"] = f'"{hashlib.sha256(body).hexdigest()}"'
        return self.send_bytes(200, body, headers)

    def send_huge(self, headers: dict, sha: str):
        headers["ETag"] = f'"huge-{sha}"'
        line = b"This line repeats to make a fifty megabyte model card.\n"
        self.send_response(200)
        self._headers({**headers, "Content-Length": str(HUGE_README_BYTES)})
        if self.head_only:
            return
        sent = 0
        chunk = line * (65536 // len(line))
        while sent < HUGE_README_BYTES:
            piece = chunk[: HUGE_README_BYTES - sent]
            self.wfile.write(piece)
            sent += len(piece)

    def send_error_code(self, status: int, code: str, message: str):
        headers = {"X-Error-Code": code, "X-Error-Message": message}
        return self.send_json(status, {"error": message}, headers)

    def send_json(self, status: int, data, headers: dict | None = None):
        body = json.dumps(data, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return self.send_bytes(status, body, headers)

    def send_bytes(self, status: int, body: bytes, headers: dict):
        self.send_response(status)
        self._headers({**headers, "Content-Length": str(len(body))})
        if self.head_only:
            return
        fault = getattr(self, "fault", None)
        if fault is not None and fault.kind == "truncate" and status == 200:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def _headers(self, headers: dict):
        remaining, reset = self.ratelimit
        state = self.server.state
        bucket = "resolvers" if "/resolve/" in self.path else "api"
        self.send_header("RateLimit", f'"{bucket}";r={remaining};t={reset}')
        policy = f'"fixed window";"{bucket}";q={state.quota};w={state.window}'
        self.send_header("RateLimit-Policy", policy)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()


class TestHubServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state: HubState):
        super().__init__(address, Handler)
        self.state = state


class TestHub:
    """The loopback hub in a background thread: `with TestHub(fixtures) as hub: hub.url`."""

    __test__ = False  # not a pytest class

    def __init__(self, fixtures: Path, *, host: str = "127.0.0.1", port: int = 0, **state_options):
        self.state = HubState(Path(fixtures), **state_options)
        self.server = TestHubServer((host, port), self.state)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "TestHub":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "TestHub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
