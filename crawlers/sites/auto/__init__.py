"""``auto`` fields: what a listing page says without a selector written for it.

A page is measured once (``AutoPage``): page chrome (nav, header, footer, sidebars, scripts; forms and
comment sections unless they hold a forum's posts), hidden elements, quoted earlier posts and *lists
of links to other pages* (a sidebar of other listings, "similar threads", "more from this vendor":
three or more sibling blocks of one kind, each mostly its link, or a link and a price or a count)
are set aside. A ``<noscript>`` holding more text than the rest of the page is the page.

* title: the best of the page's title-like elements — an ``<h1>`` outside the chrome, an element
  named like a title (``.thread-title``, ``#thread_subject``, ``.product-name``, …), microdata
  (``itemprop="name"`` of a product or posting), a "Product:" label, the breadcrumb's last item,
  an ``<h2>``/``<h3>`` — the one that agrees with ``og:title``/``<title>`` first; else that
  document title without the site's name (og:site_name, the logo, the link home) and its section's;
* body: the main text block — the first post when the page is a thread of posts; else from
  ``<body>`` down into the child holding most of the text outside links (or half of it when it
  holds the title), while one does;
* seller, posted_at, price, category: the value written after a common label (``Seller: x``,
  ``<dt>Vendor</dt><dd>x</dd>``, ``<th>卖家</th><td>x</td>``, ``发表于 2017-11-23``), else what the
  markup says (a ``<time>``, ``data-author``, ``itemprop``, a link to a member's profile, a
  ``.username``/``.price``/``.post-date`` element, ``data-price``), else (posted_at) a date written on
  its own — looked for in the first post, then around the title and body, then (labels only) in the
  whole page;
* messages: a channel's message list (posts by one author, each linking to itself from its
  ``<time>``, no thread heading outside them) read as one listing per message.

Every step is one pass over the page, or over a part of it, or over a bounded number of small
elements: linear in the page's size.

Modules, lowest first: ``text`` (shared small readings), ``dates`` (relative and epoch dates),
``labels`` (label patterns, labelled values), ``chrome`` (chrome, hidden parts, logos, breadcrumbs:
the flags), ``pieces`` (the text of a measured page), ``measure`` (the page measure, link lists,
the first post, the body block), ``marked`` (fields from markup), ``title`` (the title finder),
``page`` (``AutoPage``: the fields of one page).
"""
from .labels import MAX_LABELLED_VALUE
from .marked import posted_at_from_time_element
from .measure import block_signature
from .page import AutoPage, auto_body, auto_title, labelled_value

__all__ = ["AutoPage", "MAX_LABELLED_VALUE", "auto_body", "auto_title", "block_signature", "labelled_value",
           "posted_at_from_time_element"]
