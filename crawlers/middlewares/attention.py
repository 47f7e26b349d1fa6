"""Login walls and CAPTCHAs: reported as "needs attention", never parsed as listings.

``attention_reason`` is a pure function over what a response shows. The middleware drops such
responses with a stat, a log line and a JSON line in ``LEAKSCOUT_HOME/attention.jsonl``, so an
analyst can import a session (``leakscout session import``) or solve the CAPTCHA in a browser.
"""
from __future__ import annotations

import json
import os
import logging
import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from crawlers.middlewares.routing import request_site
from pipelines.extraction.html_text import visible_text
from crawlers.config import app_settings
from leakscout.core.private_files import open_private
from pipelines.extraction.masking import mask_text

logger = logging.getLogger(__name__)

# An <input ...> tag up to its end or the next "<": with "[^>]*" a page of <input without ">"
# is read to its end from every <input, quadratic time.
_INPUT_TAG = re.compile(r"<input\b[^<>]*", re.IGNORECASE)
_PASSWORD_TYPE = re.compile(r"\btype\s*=\s*[\"']?password\b", re.IGNORECASE)
_LOGIN_WORDS = re.compile(
    r"\b(log\s?in|sign\s?in|logon|password|username)\b|登录|登陆|密码|用户名|帐号|账号|會員登入|登入",
    re.IGNORECASE)
# A page that says the content is behind a login, whatever its length.
_LOGIN_REQUIRED_PHRASES = re.compile(
    r"(you must (be )?log(ged)? ?in|please (log|sign) ?in to|login required|members only"
    r"|需要登录|请先登录|登录后才可以|您需要登录|没有权限|請先登入)",
    re.IGNORECASE)
_CAPTCHA_MARKERS = re.compile(
    r"(g-recaptcha|grecaptcha|h-captcha|hcaptcha\.com|cf-turnstile|challenges\.cloudflare\.com"
    r"|cf-challenge|name=[\"']?captcha|id=[\"']?captcha|captcha\.(php|png|jpg)|/captcha\b"
    r"|ddos[- ]guard|ddos protection|prove you are (a )?human|i am not a robot|验证码|人机验证|请输入验证码)",
    re.IGNORECASE)
_LOGIN_PATH = re.compile(r"(login|logon|signin|sign-in|sign_in|auth|logging|member\.php)", re.IGNORECASE)
# A login form is the page when there is little else on it; forum pages often carry a small
# login box in the header next to the listing itself.
_SHORT_PAGE_CHARS = 3000
# Login walls and CAPTCHA pages are small: only this much of a page is looked at, so a page near
# DOWNLOAD_MAXSIZE costs no more than this in the reactor thread.
ATTENTION_CHARS = 512 * 1024


def attention_reason(status: int, url: str, html: str, redirected_from: list[str] | tuple = ()) -> str | None:
    """Why a page needs an analyst (a login wall, a CAPTCHA), or None for an ordinary page."""
    html = html[:ATTENTION_CHARS]
    if _CAPTCHA_MARKERS.search(html):
        return "captcha"
    if status == 401:
        return "login wall: HTTP 401"
    if redirected_from and _LOGIN_PATH.search(urlsplit(url).path + "?" + urlsplit(url).query):
        return "login wall: redirected to a login page"
    if _LOGIN_REQUIRED_PHRASES.search(html):
        return "login wall: the page asks to log in"
    has_login_form = _has_password_field(html) and bool(_LOGIN_WORDS.search(html))
    if status == 403 and (has_login_form or _LOGIN_WORDS.search(html)):
        return "login wall: HTTP 403 with a login prompt"
    if has_login_form and len(" ".join(visible_text(html).split())) < _SHORT_PAGE_CHARS:
        return "login wall: login form"
    return None


def _has_password_field(html: str) -> bool:
    return any(_PASSWORD_TYPE.search(tag[0]) for tag in _INPUT_TAG.finditer(html))


class AttentionMiddleware:
    def __init__(self, crawler, journal: Path):
        self.stats = crawler.stats
        self.journal = journal

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, app_settings(crawler.settings).home / "attention.jsonl")

    def process_response(self, request: Request, response: Response):
        if not isinstance(response, TextResponse):
            return response
        reason = attention_reason(response.status, response.url, response.text,
                                  request.meta.get("redirect_urls") or ())
        if reason is None:
            return response
        site = request_site(request)
        self.stats.inc_value("leakscout/needs_attention")
        self.stats.inc_value(f"leakscout/needs_attention/{reason.split(':')[0].replace(' ', '_')}")
        logger.warning("Needs attention: %s at %s (site %s)", reason, response.url, site)
        self._record(site, response, reason)
        raise IgnoreRequest(f"needs attention: {reason}")

    def _record(self, site: str, response: Response, reason: str) -> None:
        entry = {
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "site": site,
            "url": mask_text(response.url, whole_rows=False).text,
            "status": response.status,
            "reason": reason,
        }
        with os.fdopen(open_private(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT), "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
