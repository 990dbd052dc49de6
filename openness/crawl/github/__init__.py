"""GitHub: the only code that talks to it (its REST API, through httpx2).

client.py sends the requests (timeouts, retries, conditional requests with stored ETags, and
GitHub's `x-ratelimit-*` headers feeding the shared limiter); repos.py reads one code
repository (its record, file tree and README) into a FetchedDocument for the rules.
"""
