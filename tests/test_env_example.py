"""`.env.example` documents every setting of every process with its current default."""

from __future__ import annotations

from pathlib import Path

from cabinet.envdoc import render_env_example

ROOT = Path(__file__).resolve().parent.parent


def test_env_example_is_up_to_date() -> None:
    assert (ROOT / ".env.example").read_text(encoding="utf-8") == render_env_example(), (
        "regenerate it: .venv/bin/python -m cabinet.envdoc > .env.example"
    )


def test_env_example_keeps_secrets_to_safe_development_values() -> None:
    text = render_env_example()
    assert "BACKEND_SERVICE_TOKEN=dev-service-token-not-for-production" in text
    assert "BACKEND_ENVIRONMENT=dev" in text
