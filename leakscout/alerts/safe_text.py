"""Text from a crawled page made safe for every alert channel: mail (text and HTML) and chat webhooks.

Every byte of a listing is the seller's: a title can hold `<img src=…>`, a link to a phishing page,
`?next=https://…`, or Slack's `<!channel>`. The channels use these functions and nothing else:

- `defang(text)`: every URL in the text, and every bare host name, stops being a link anywhere:
  each scheme (`http://` → `hxxp[:]//`, `ftp://` → `fxp[:]//`) and every dot of a URL or host
  (`[.]`), embedded ones included (`/login?next=https://evil.example/x`).
- `html_autoescape(name)`: the template environment's autoescape switch, on for every HTML template
  (`*.html`, `*.htm`, `*.html.j2`, …), off for text ones.
- `slack_escape(text)`: defanged, then `&`, `<`, `>` escaped as Slack's mrkdwn asks, so no
  `<!channel>`, `<@user>` or `<url|label>` survives.
"""
from __future__ import annotations

import re

# A URL with any scheme, up to whitespace or a character that cannot be part of one in text.
_SCHEME = r"(?i)\b([a-z][a-z0-9+\-]{0,30})(?:://|:\\\\)"
_URL = re.compile(_SCHEME + r"([^\s<>\"'`]*)")
_EMBEDDED_SCHEME = re.compile(_SCHEME)
# A host name without a scheme: labels and a dot before a letter-only top-level label ("evil.com",
# "www.x.onion/p"); "3.5", "v1.2" and masked values ("***") are not host names.
_HOST = re.compile(r"(?i)(?<![\w\-])((?:[a-z0-9\u00c0-\uffff](?:[a-z0-9\-\u00c0-\uffff]{0,62})\.)+(?:[a-z]{2,63}|xn--[a-z0-9\-]{1,59}))(?![\w\-])")
_HTML_TEMPLATE = re.compile(r"\.(?:html?|xhtml|xml)(?:\.j2|\.jinja2?|\.tmpl)?$")
_SCHEME_FANGS = {"http": "hxxp", "https": "hxxps", "ftp": "fxp", "ftps": "fxps", "ws": "wx", "wss": "wxs"}


def _fang(m: re.Match) -> str:
    return _SCHEME_FANGS.get(m.group(1).lower(), m.group(1) + "-x") + "[:]//"


def _defang_url(m: re.Match) -> str:
    rest = _EMBEDDED_SCHEME.sub(_fang, m.group(2))      # embedded URLs (?next=https://…) too
    return _fang(m) + rest.replace(".", "[.]")


def defang(text: str | None) -> str:
    """text with no live URL or host name left in it (see the module's doc); idempotent."""
    if not text:
        return ""
    text = str(text)
    if "://" not in text and ":\\\\" not in text and "." not in text:
        return text
    text = _URL.sub(_defang_url, text)
    return _HOST.sub(lambda m: m.group(1).replace(".", "[.]"), text)


def html_autoescape(template_name: str | None) -> bool:
    """Jinja2 autoescape for a template: on for HTML (and for templates made from strings)."""
    return template_name is None or _HTML_TEMPLATE.search(template_name) is not None


def slack_escape(text: str | None) -> str:
    """Defanged text as Slack's mrkdwn shows it literally: `&`, `<`, `>` escaped."""
    return defang(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
