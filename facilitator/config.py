"""Settings kept outside the database: the Confluence target, and where its token comes from.

The file is `config.ini` in platformdirs' user config folder (one [confluence] section,
easy to read and edit). The token is never stored there nor in the database: it comes from
COP_CONFLUENCE_TOKEN or the system keyring, and no message ever contains it.
"""

from __future__ import annotations

import ipaddress
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from facilitator.errors import InvalidInput
from facilitator.vocabulary import Deployment, known
from store.private_files import make_private, private_folder

TOKEN_VARIABLE = "COP_CONFLUENCE_TOKEN"
KEYRING_SERVICE = "cop-confluence"

if TYPE_CHECKING:
    from configparser import ConfigParser


@dataclass(frozen=True)
class ConfluenceConfig:
    url: str
    """The site's base URL, without a trailing slash (Cloud: ending in /wiki)."""
    deployment: str
    space: str
    parent_id: str | None = None
    email: str | None = None
    """Cloud signs in with an e-mail and an API token; Data Center with a token alone."""


def config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("cop", appauthor=False) / "config.ini"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def clean_url(url: str, deployment: str) -> str:
    """Check a site URL; Cloud's REST API lives under /wiki, so that is added when missing."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput(f"{url!r} is not a web address; give e.g. https://example.atlassian.net")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InvalidInput("use https: the token must not travel unencrypted")
    if parts.query or parts.fragment:
        raise InvalidInput("give the site's address without ?query or #fragment")
    base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    if deployment == Deployment.CLOUD and not base.endswith("/wiki"):
        base += "/wiki"
    return base


def check_deployment(deployment: str) -> str:
    if not known(Deployment, deployment):
        raise InvalidInput(f"unknown deployment {deployment!r}; use cloud or datacenter")
    return deployment


def read_settings() -> ConfigParser:
    # Imported here: most commands never read the file (≈ 8 M instructions at start-up).
    import configparser

    path = config_path()
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as error:
        raise InvalidInput(
            f"{path} cannot be read ({type(error).__name__}); fix or remove it"
        ) from None
    return parser


def write_settings(parser: ConfigParser) -> Path:
    path = config_path()
    try:
        private_folder(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            make_private(handle)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                parser.write(out)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise InvalidInput(f"cannot write {path}: {error.strerror or error}") from None
    return path


def load_confluence() -> ConfluenceConfig | None:
    parser = read_settings()
    if not parser.has_section("confluence"):
        return None
    section = parser["confluence"]
    missing = [key for key in ("url", "deployment", "space") if not section.get(key)]
    if missing:
        raise InvalidInput(f"{config_path()} lacks {', '.join(missing)} in [confluence]")
    return ConfluenceConfig(
        url=section["url"],
        deployment=check_deployment(section["deployment"]),
        space=section["space"],
        parent_id=section.get("parent") or None,
        email=section.get("email") or None,
    )


def save_confluence(config: ConfluenceConfig) -> Path:
    parser = read_settings()
    parser["confluence"] = {
        key: value
        for key, value in (
            ("url", config.url),
            ("deployment", config.deployment),
            ("space", config.space),
            ("parent", config.parent_id),
            ("email", config.email),
        )
        if value
    }
    return write_settings(parser)


def load_default_community() -> str | None:
    """The community commands use when none is named and the database holds several."""
    parser = read_settings()
    return parser.get("community", "default", fallback=None) or None


def save_default_community(name: str) -> Path:
    parser = read_settings()
    parser["community"] = {"default": name}
    return write_settings(parser)


def keyring_module():
    import keyring
    from keyring.errors import KeyringError

    return keyring, KeyringError


def read_token(config: ConfluenceConfig) -> str | None:
    """The token from the environment, else from the system keyring; None if neither has it."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if token:
        return token
    keyring, keyring_error = keyring_module()
    try:
        return keyring.get_password(KEYRING_SERVICE, config.url) or None
    except keyring_error:
        return None


def keep_secret(service: str, key: str, secret: str) -> str | None:
    """Put a secret in the system keyring and read it back: None when it is kept, else
    what went wrong. Some back-ends (the null one) accept a secret and keep nothing, so a
    write that raised nothing is not proof."""
    keyring, keyring_error = keyring_module()
    try:
        keyring.set_password(service, key, secret)
        if keyring.get_password(service, key) == secret:
            return None
        return "it did not keep the secret"
    except keyring_error as error:
        return type(error).__name__


def store_token(config: ConfluenceConfig, token: str) -> None:
    if not token.strip():
        raise InvalidInput("the token is empty; nothing was stored")
    problem = keep_secret(KEYRING_SERVICE, config.url, token.strip())
    if problem is not None:
        raise InvalidInput(
            f"no usable system keyring ({problem}); set {TOKEN_VARIABLE} in the environment instead"
        )
