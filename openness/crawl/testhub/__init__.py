"""A loopback Hugging Face Hub for tests and development (never used in production)."""

from openness.crawl.testhub.server import Fault, HubState, TestHub

__all__ = ["Fault", "HubState", "TestHub"]
