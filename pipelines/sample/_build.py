#!/usr/bin/env python3
"""Generator for the wirefacts bundled sample corpus (pipelines/sample/).

Standard library only.  Re-runnable: ``python3 pipelines/sample/_build.py``
rewrites pages/, manifest.json, syndication.json and feeds/ byte-for-byte.

All outlets, domains (reserved ``.example`` TLD), local places, reporters,
commenters and most quoted minor figures are fictional.  All article text was
written by the wirefacts team, except the seed article (SEED_PARAS), which is
the product owner's own document and is reproduced verbatim.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import pathlib
import re
from email.utils import format_datetime

HERE = pathlib.Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# Outlets
# ---------------------------------------------------------------------------
OUTLETS = {
    "harborledger": {
        "site_name": "The Harbor Ledger",
        "home": "https://www.harborledger.example/",
        "cdn": "https://cdn.harborledger.example",
        "offset": -4, "tzname": "EDT",
        "desc": "US metro daily (Port Calder); JSON-LD NewsArticle; comments",
    },
    "thamesherald": {
        "site_name": "The Thames Herald",
        "home": "https://www.thamesherald.example/",
        "cdn": "https://i.thamesherald.example",
        "offset": 0, "tzname": "GMT",
        "desc": "UK national paper; OpenGraph/meta tags only; comments",
    },
    "northfork7": {
        "site_name": "Northfork 7 News",
        "home": "https://www.northfork7.example/",
        "cdn": "https://media.northfork7.example",
        "offset": -5, "tzname": "CDT",
        "desc": "regional TV broadcaster site; no date metadata (visible text / URL only)",
    },
    "meridian": {
        "site_name": "Meridian Business Daily",
        "home": "https://www.meridianbiz.example/",
        "cdn": "https://img.meridianbiz.example",
        "offset": -4, "tzname": "ET",
        "desc": "business news site; JSON-LD @graph plus OpenGraph",
    },
    "wirestream": {
        "site_name": "WireStream",
        "home": "https://wirestream.example/",
        "cdn": "https://static.wirestream.example",
        "offset": 0, "tzname": "UTC",
        "desc": "aggregator reprinting wire copy; OpenGraph only; Russian edition",
    },
}

AGENCY_NAMES = {"AP": "Associated Press", "Reuters": "Reuters", "AFP": "Agence France-Presse"}

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MON3 = [m[:3] for m in MONTHS]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

ARTICLES: list[dict] = []


def A(**kw) -> dict:
    """Register one article page."""
    kw.setdefault("kind", "article")
    kw.setdefault("language", "en")
    kw.setdefault("encoding", "utf-8")
    kw.setdefault("agency", None)
    kw.setdefault("dateline", None)
    kw.setdefault("story", None)
    kw.setdefault("is_seed", False)
    kw.setdefault("modified", None)
    kw.setdefault("keywords", [])
    kw.setdefault("date_mode", "published")   # northfork7: published | updated | url
    kw.setdefault("comments", True)
    kw.setdefault("body_in_jsonld", False)
    if isinstance(kw.get("body"), str):
        kw["paras"] = P(kw.pop("body"))
    ARTICLES.append(kw)
    return kw


def P(text: str) -> list[str]:  # noqa: N802
    """Split a triple-quoted block into paragraphs (blank-line separated)."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def attr(s: str) -> str:
    return html.escape(s, quote=True)


def fill(tpl: str, **kw) -> str:
    def rep(m):
        k = m.group(1)
        if k not in kw:
            raise KeyError(k)
        return str(kw[k])
    return re.sub(r"\{\{(\w+)\}\}", rep, tpl)


def h8(s: str, n: int = 8) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:n]


def hnum(s: str, lo: int, hi: int) -> int:
    return lo + int(hashlib.sha1(s.encode("utf-8")).hexdigest(), 16) % (hi - lo + 1)


# ---------------------------------------------------------------------------
# Time helpers
# ---------------------------------------------------------------------------
def tzinfo_for(outlet: str, local: dt.datetime) -> tuple[dt.timezone, str]:
    o = OUTLETS[outlet]
    if outlet == "thamesherald":
        # UK clocks went forward at 01:00 GMT on Sunday 30 March 2025.
        if local >= dt.datetime(2025, 3, 30, 2, 0):
            return dt.timezone(dt.timedelta(hours=1)), "BST"
        return dt.timezone.utc, "GMT"
    return dt.timezone(dt.timedelta(hours=o["offset"])), o["tzname"]


def mkdt(outlet: str, date: str, time: str, force_offset: int | None = None, force_name: str | None = None):
    local = dt.datetime.fromisoformat(f"{date}T{time}:00")
    if force_offset is not None:
        tz, name = dt.timezone(dt.timedelta(hours=force_offset)), force_name
    else:
        tz, name = tzinfo_for(outlet, local)
    return local.replace(tzinfo=tz), name


def iso(d: dt.datetime) -> str:
    return d.isoformat()


def iso_z(d: dt.datetime) -> str:
    return d.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def ap_clock(d: dt.datetime) -> str:
    h = d.hour % 12 or 12
    return f"{h}:{d.minute:02d} {'a.m.' if d.hour < 12 else 'p.m.'}"


def us_clock(d: dt.datetime) -> str:
    h = d.hour % 12 or 12
    return f"{h}:{d.minute:02d} {'AM' if d.hour < 12 else 'PM'}"


def long_date(d: dt.datetime) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def dayname(d: dt.datetime) -> str:
    return DAYS[d.weekday()]


# ---------------------------------------------------------------------------
# Boilerplate pools
# ---------------------------------------------------------------------------
HL_COMMENTS = [
    ("baywatcher_62", "Finally some straight reporting without the spin. Thank you."),
    ("JMcAllister", "Would be really helpful to include a map with stories like this one."),
    ("OldSaltPC", "Subscriber for 20 years. Pieces like this are why I keep paying."),
    ("Rita K.", "The headline says one thing and the fourth paragraph says another. Which is it?"),
    ("northshore_dad", "Off topic but can we please get the crossword back in the app?"),
    ("D. Whitaker", "Good piece. Hope the Ledger keeps following this one."),
    ("calder_commuter", "Read this on the 7:10 boat. Nobody around me was talking about anything else."),
    ("moderator", "This comment has been removed for violating our community guidelines."),
    ("Ines_R", "Printing this out for my dad, who still doesn't trust anything on a screen."),
]
TH_COMMENTS = [
    ("Quietpint", "Another excellent piece, thanks Herald."),
    ("GreyHeron77", "The real story is in paragraph nine, as usual."),
    ("Mancunian_Abroad", "Reading this from Lisbon - the coverage over here is very different."),
    ("PhilH", "Does anyone know when the next update is due?"),
    ("bexley_reader", "Not sure the headline matches the article, but fair enough."),
    ("Ollie_T", "This comment was removed by a moderator because it did not abide by our community standards."),
    ("Margaret from Leeds", "Sensible, measured reporting. More of this please."),
    ("stoatwatch", "Would love to see the full figures published alongside this."),
]


# ===========================================================================
# Outlet templates (hand-written; all markup invented for this corpus)
# ===========================================================================
def jsonld_script(obj) -> str:
    txt = json.dumps(obj, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return '<script type="application/ld+json">\n' + txt + "\n</script>"


def body_plain(a) -> str:
    return "\n\n".join(a["paras"])


# --------------------------- The Harbor Ledger -----------------------------
HL_NAV = [("Local", "/local/"), ("Nation", "/nation/"), ("World", "/world/"), ("Business", "/business/"),
          ("Sports", "/sports/"), ("Opinion", "/opinion/"), ("Weather", "/weather/"),
          ("Things to Do", "/things-to-do/"), ("Obituaries", "/obituaries/"), ("e-Edition", "/e-edition/")]


def hl_header(d: dt.datetime, active: str) -> str:
    nav = "\n".join(
        f'      <li class="hl-nav__item{" is-active" if path.strip("/") == active else ""}"><a href="{path}">{label}</a></li>'
        for label, path in HL_NAV)
    return fill('''<div id="hl-consent" class="hl-consent" role="dialog" aria-live="polite" aria-label="Cookie consent">
  <div class="hl-consent__inner">
    <p>We use cookies and similar technologies to personalize content, measure audience and show you relevant ads. By selecting &#8220;Accept all,&#8221; you agree to our use of cookies. Learn more in our <a href="/privacy-policy/">Privacy Policy</a> and <a href="/cookie-policy/">Cookie Policy</a>.</p>
    <div class="hl-consent__buttons"><button type="button" data-consent="all">Accept all</button><button type="button" data-consent="manage">Manage preferences</button></div>
  </div>
</div>
<a class="hl-skip" href="#main-content">Skip to main content</a>
<header class="hl-masthead">
  <div class="hl-topbar">
    <span class="hl-topbar__date">{{today}}</span>
    <span class="hl-topbar__weather"><a href="/weather/">Port Calder 54&deg; Cloudy</a></span>
    <a class="hl-topbar__link" href="/e-edition/">Today&#8217;s e-Edition</a>
    <a class="hl-topbar__subscribe" href="/subscribe/?src=topbar">Subscribe: $1 for 6 months</a>
    <a class="hl-topbar__login" href="/account/login/">Sign in</a>
  </div>
  <div class="hl-brand"><a href="/" class="hl-brand__logo" title="The Harbor Ledger home">The Harbor Ledger</a><span class="hl-brand__tag">Serving Port Calder and the Bay since 1871</span></div>
  <nav class="hl-nav" aria-label="Sections">
    <ul class="hl-nav__list">
{{nav}}
    </ul>
    <form class="hl-search" action="/search/" role="search"><input type="search" name="q" placeholder="Search the Ledger" aria-label="Search"><button type="submit">Search</button></form>
  </nav>
</header>
<div class="hl-ad hl-ad--leaderboard" aria-label="Advertisement"><span class="hl-ad__label">Advertisement</span><div id="gpt-ad-leaderboard" data-ad-unit="/21871/harborledger/top" style="min-height:90px"></div></div>''',
                today=f"{dayname(d)}, {long_date(d)}", nav=nav)


def hl_footer() -> str:
    return '''<footer class="hl-footer">
  <div class="hl-footer__cols">
    <div><h4>The Harbor Ledger</h4><ul><li><a href="/about/">About us</a></li><li><a href="/contact/">Contact the newsroom</a></li><li><a href="/corrections/">Corrections</a></li><li><a href="/careers/">Careers</a></li></ul></div>
    <div><h4>Subscriptions</h4><ul><li><a href="/subscribe/">Subscribe</a></li><li><a href="/account/">Manage your account</a></li><li><a href="/e-edition/">e-Edition</a></li><li><a href="/newsletters/">Newsletters</a></li></ul></div>
    <div><h4>Advertise</h4><ul><li><a href="/advertise/">Media kit</a></li><li><a href="/classifieds/">Classifieds</a></li><li><a href="/legal-notices/">Legal notices</a></li></ul></div>
  </div>
  <p class="hl-footer__legal">&copy; 2025 The Harbor Ledger Media Co., 200 Wharf Street, Port Calder. All rights reserved. Use of this site constitutes acceptance of our <a href="/terms/">Terms of Service</a> and <a href="/privacy-policy/">Privacy Policy</a>. <a href="/do-not-sell/">Do Not Sell or Share My Personal Information</a></p>
</footer>'''


def hl_comments(a) -> str:
    if not a["comments"]:
        return '<section class="hl-comments" id="comments"><h2 class="hl-comments__title">Comments</h2><p class="hl-comments__closed">Comments are not available on this story.</p></section>'
    n = hnum(a["url"], 3, 240)
    start = hnum(a["url"] + "c", 0, len(HL_COMMENTS) - 1)
    picks = [HL_COMMENTS[(start + i * 2) % len(HL_COMMENTS)] for i in range(3)]
    items = []
    for i, (user, text) in enumerate(picks):
        t = a["pub"] + dt.timedelta(minutes=17 + 41 * i + hnum(user, 0, 30))
        items.append(f'''    <li class="hl-comment"><div class="hl-comment__meta"><span class="hl-comment__user">{esc(user)}</span> <time datetime="{iso(t)}">{ap_clock(t)}</time></div><p class="hl-comment__text">{esc(text)}</p><div class="hl-comment__actions"><button>Reply</button> <button>Like ({hnum(user + a["url"], 0, 48)})</button> <button>Report</button></div></li>''')
    return ('<section class="hl-comments" id="comments">\n  <h2 class="hl-comments__title">Comments (' + str(n) + ')</h2>\n'
            '  <p class="hl-comments__policy">Comments are moderated. Please read our <a href="/community-guidelines/">community guidelines</a>. Subscribers can join the conversation.</p>\n'
            '  <ol class="hl-comments__list">\n' + "\n".join(items) + '\n  </ol>\n  <button class="hl-comments__more" type="button">Show more comments</button>\n</section>')


def hl_byline(a) -> str:
    parts = []
    for name in a["authors"]:
        if a["agency"]:
            parts.append(esc(name))
        else:
            parts.append(f'<a class="hl-byline__author" href="/staff/{re.sub(r"[^a-z]+", "-", name.lower()).strip("-")}/" rel="author">{esc(name)}</a>')
    if len(parts) > 1:
        names = ", ".join(parts[:-1]) + " and " + parts[-1]
    else:
        names = parts[0] if parts else ""
    if a["agency"]:
        src = AGENCY_NAMES[a["agency"]]
        return f"By {names}, {src}" if names else src
    return f"By {names}" + (f', <span class="hl-byline__role">{esc(a["role"])}</span>' if a.get("role") else "")


def render_harborledger(a, X) -> str:
    o = OUTLETS["harborledger"]
    pub, mod = a["pub"], a["mod"]
    authors_ld = ([{"@type": "Person", "name": n} for n in a["authors"]] if a["authors"]
                  else [{"@type": "Organization", "name": AGENCY_NAMES[a["agency"]]}])
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": a["url"]},
        "headline": a["headline"],
        "description": a["dek"],
        "image": [a["img"]],
        "datePublished": iso(pub),
        "dateModified": iso(mod or pub),
        "author": authors_ld,
        "publisher": {"@type": "Organization", "name": o["site_name"],
                      "logo": {"@type": "ImageObject", "url": o["cdn"] + "/brand/ledger-logo-600x60.png",
                               "width": 600, "height": 60}},
        "articleSection": a["section_label"],
        "keywords": ", ".join(a["keywords"]),
        "isAccessibleForFree": True,
    }
    if a["body_in_jsonld"]:
        ld["articleBody"] = body_plain(a)
    paras = []
    for i, p in enumerate(a["paras"]):
        paras.append(f'      <p class="hl-body__p">{esc(p)}</p>')
        if i == 2:
            paras.append('      <aside class="hl-ad hl-ad--inline" aria-label="Advertisement"><span class="hl-ad__label">Advertisement</span><div class="gpt-slot" data-ad-unit="/21871/harborledger/inline1"></div></aside>')
        if i == 5 and X["related"]:
            rel = "\n".join(f'          <li><a href="{u}">{esc(t)}</a></li>' for t, u in X["related"][:3])
            paras.append(f'      <aside class="hl-related" aria-labelledby="rel-{h8(a["url"], 4)}">\n        <h3 id="rel-{h8(a["url"], 4)}">Related coverage</h3>\n        <ul>\n{rel}\n        </ul>\n      </aside>')
        if i == 9:
            paras.append('      <aside class="hl-ad hl-ad--inline" aria-label="Advertisement"><span class="hl-ad__label">Advertisement</span><div class="gpt-slot" data-ad-unit="/21871/harborledger/inline2"></div></aside>')
    most = "\n".join(f'      <li><a href="{u}">{esc(t)}</a></li>' for t, u in X["mostread"])
    updated = (f' <span class="hl-timestamp__updated">Updated {long_date(mod)} at {ap_clock(mod)} {a["mod_tzname"]}</span>'
               if mod else "")
    img_alt, caption, credit = a["photo"]
    return fill('''<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} | The Harbor Ledger</title>
<link rel="canonical" href="{{url}}">
<meta name="robots" content="index, follow, max-image-preview:large">
<meta property="og:type" content="article">
<meta property="og:title" content="{{title_attr}}">
<meta property="og:url" content="{{url}}">
<meta property="og:image" content="{{img}}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@HarborLedger">
<link rel="preconnect" href="https://cdn.harborledger.example">
<link rel="stylesheet" href="https://cdn.harborledger.example/assets/css/article.4f2a1c.css">
<link rel="alternate" type="application/rss+xml" title="The Harbor Ledger - {{section_label}}" href="https://www.harborledger.example/{{section}}/feed/">
{{jsonld}}
<script async src="https://ads.harborledger.example/tag/gpt.js"></script>
<script>window.hlData = {"section": "{{section}}", "contentId": "{{cid}}", "paywall": "metered", "tier": "free"};</script>
</head>
<body class="hl-body-article section-{{section}}">
{{header}}
<div class="hl-page">
<main id="main-content" class="hl-main">
  <article class="hl-story" data-content-id="{{cid}}">
    <div class="hl-kicker"><a href="/{{section}}/">{{section_label}}</a></div>
    <h1 class="hl-headline">{{title}}</h1>
    <p class="hl-dek">{{dek}}</p>
    <div class="hl-meta">
      <div class="hl-byline">{{byline}}</div>
      <div class="hl-timestamp"><time datetime="{{pub_iso}}">{{pub_text}}</time>{{updated}}</div>
    </div>
    <div class="hl-share" aria-label="Share this story">
      <a class="hl-share__btn hl-share__btn--fb" href="https://facebook.example/sharer?u={{url}}" rel="nofollow">Facebook</a>
      <a class="hl-share__btn hl-share__btn--x" href="https://x.example/intent/post?url={{url}}" rel="nofollow">X</a>
      <a class="hl-share__btn hl-share__btn--mail" href="mailto:?subject=From%20The%20Harbor%20Ledger&amp;body={{url}}">Email</a>
      <button class="hl-share__btn hl-share__btn--copy" type="button">Copy link</button>
      <a class="hl-share__gift" href="/account/gift/?id={{cid}}">Gift this article</a>
    </div>
    <figure class="hl-lead-photo">
      <img src="{{img}}" srcset="{{img_small}} 640w, {{img}} 1200w" sizes="(max-width: 700px) 100vw, 700px" alt="{{img_alt}}" width="1200" height="800" loading="eager">
      <figcaption class="hl-lead-photo__caption">{{caption}} <span class="hl-lead-photo__credit">({{credit}})</span></figcaption>
    </figure>
    <div class="hl-body" itemprop="articleBody">
{{paras}}
    </div>
    <div class="hl-tags"><span class="hl-tags__label">Topics:</span> {{tags}}</div>
    <div class="hl-newsletter" role="complementary">
      <h3 class="hl-newsletter__title">The Morning Ledger</h3>
      <p>Start your day with the stories Port Calder is talking about, delivered to your inbox at 6 a.m. on weekdays.</p>
      <form class="hl-newsletter__form" action="/newsletters/subscribe/" method="post"><input type="email" name="email" placeholder="Your email address" aria-label="Email address"><button type="submit">Sign up</button></form>
      <p class="hl-newsletter__fine">By signing up you agree to our Terms of Service and Privacy Policy.</p>
    </div>
{{comments}}
  </article>
  <aside class="hl-rail">
    <section class="hl-mostread"><h2>Most read</h2>
      <ol>
{{most}}
      </ol>
    </section>
    <div class="hl-ad hl-ad--rail" aria-label="Advertisement"><span class="hl-ad__label">Advertisement</span><div class="gpt-slot" data-ad-unit="/21871/harborledger/rail"></div></div>
    <section class="hl-promo"><h2>Support local journalism</h2><p>Your subscription funds reporters covering City Hall, the schools and the waterfront.</p><a href="/subscribe/?src=rail">Subscribe today</a></section>
  </aside>
</main>
</div>
{{footer}}
<script src="https://cdn.harborledger.example/assets/js/article.9b1e0a.js" defer></script>
</body>
</html>
''',
        title=esc(a["headline"]), title_attr=attr(a["headline"]), url=a["url"], img=a["img"],
        img_small=a["img"].replace("-1200x800", "-640x427"), section=a["section"],
        section_label=a["section_label"], jsonld=jsonld_script(ld), cid=h8(a["url"], 10),
        header=hl_header(pub, a["section"]), dek=esc(a["dek"]), byline=hl_byline(a),
        pub_iso=iso(pub), pub_text=f"Published {long_date(pub)} at {ap_clock(pub)} {a['pub_tzname']}",
        updated=updated, img_alt=attr(img_alt), caption=esc(caption), credit=esc(credit),
        paras="\n".join(paras),
        tags=", ".join(f'<a href="/tag/{re.sub(r"[^a-z0-9]+", "-", k.lower()).strip("-")}/">{esc(k)}</a>' for k in a["keywords"]),
        comments=hl_comments(a), most=most, footer=hl_footer())


def render_harborledger_index(page, items) -> str:
    d = page["pub"]
    rows = []
    for i, it in enumerate(items):
        cls = "hl-card hl-card--lead" if i == 0 else "hl-card"
        img = f'<img src="{it["img"].replace("-1200x800", "-640x427")}" alt="{attr(it["photo"][0])}" width="640" height="427" loading="lazy">' if i < 4 else ""
        rows.append(f'''    <article class="{cls}">
      {img}
      <h2 class="hl-card__headline"><a href="{it["url"]}">{esc(it["headline"])}</a></h2>
      <p class="hl-card__dek">{esc(it["dek"])}</p>
      <p class="hl-card__meta">{re.sub(r"<[^>]+>", "", hl_byline(it))} &middot; {long_date(it["pub"])}</p>
    </article>''')
        if i == 2:
            rows.append('    <div class="hl-ad hl-ad--inline" aria-label="Advertisement"><span class="hl-ad__label">Advertisement</span></div>')
    return fill('''<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>World News | The Harbor Ledger</title>
<link rel="canonical" href="{{url}}">
<meta name="description" content="World news from The Harbor Ledger and The Associated Press: Ukraine, the Middle East, Europe and beyond.">
<meta property="og:type" content="website">
<meta property="og:title" content="World News | The Harbor Ledger">
<link rel="stylesheet" href="https://cdn.harborledger.example/assets/css/section.77ab02.css">
</head>
<body class="hl-body-section section-world">
{{header}}
<main id="main-content" class="hl-main hl-section-front">
  <h1 class="hl-section-front__title">World</h1>
  <p class="hl-section-front__sub">Coverage from our staff and the wire services. Page refreshed {{refreshed}}.</p>
  <div class="hl-section-front__grid">
{{rows}}
  </div>
  <nav class="hl-pagination" aria-label="More stories"><a href="/world/page/2/">Older stories &rarr;</a></nav>
</main>
{{footer}}
</body>
</html>
''', url=page["url"], header=hl_header(d, "world"), refreshed=f"{long_date(d)} at {ap_clock(d)} {page['pub_tzname']}",
                rows="\n".join(rows), footer=hl_footer())


# --------------------------- The Thames Herald -----------------------------
TH_NAV = [("News", "/"), ("UK", "/uk-news"), ("World", "/world"), ("Politics", "/politics"), ("Business", "/business"),
          ("Science", "/science"), ("Sport", "/sport"), ("Culture", "/culture"), ("Lifestyle", "/lifestyle")]


def th_datefmt(d: dt.datetime, name: str) -> str:
    return d.strftime("%d/%m/%Y %H:%M ") + name


def th_modfmt(d: dt.datetime, name: str) -> str:
    return f"{DAYS[d.weekday()][:3]} {d.day} {MON3[d.month - 1]} {d.year} {d.hour:02d}.{d.minute:02d} {name}"


def th_comments(a) -> str:
    if not a["comments"]:
        return '<section class="th-discussion" id="comments"><h2>Comments</h2><p>Comments are closed for this article.</p></section>'
    n = hnum(a["url"], 12, 980)
    start = hnum(a["url"] + "t", 0, len(TH_COMMENTS) - 1)
    rows = []
    for i in range(3):
        user, text = TH_COMMENTS[(start + i * 3) % len(TH_COMMENTS)]
        t = a["pub"] + dt.timedelta(minutes=9 + 23 * i + hnum(user, 0, 20))
        rows.append(f'    <div class="th-comment"><span class="th-comment__author">{esc(user)}</span> <span class="th-comment__time">{t.strftime("%d %b %Y %H:%M")}</span><p>{esc(text)}</p><span class="th-comment__recs">{hnum(user + a["url"], 0, 300)} recommendations</span></div>')
    return ('<section class="th-discussion" id="comments">\n  <h2>Comments (' + str(n) + ')</h2>\n'
            '  <p class="th-discussion__note">Sign in or create your Thames Herald account to join the discussion. Comments may be closed at any time.</p>\n'
            + "\n".join(rows) + '\n  <a class="th-discussion__all" href="#comments-all">View all comments &gt;</a>\n</section>')


def render_thamesherald(a, X) -> str:
    pub, mod = a["pub"], a["mod"]
    cur = ' class="is-current"'
    nav = "\n".join(f'    <li><a href="{p}"{cur if p.strip("/") == a["section"] else ""}>{l}</a></li>' for l, p in TH_NAV)
    paras = []
    for i, p in enumerate(a["paras"]):
        paras.append(f"    <p>{esc(p)}</p>")
        if i == 1 and X["related"]:
            t, u = X["related"][0]
            paras.append(f'    <aside class="th-inline-related"><span>Related: </span><a href="{u}">{esc(t)}</a></aside>')
        if i == 3:
            paras.append('    <div class="th-ad-slot th-ad-slot--inbody" aria-label="Advertisement"><p class="th-ad-slot__label">Advertisement</p><div id="dfp-ad--inline1"></div></div>')
        if i == 8:
            paras.append('    <div class="th-ad-slot th-ad-slot--inbody" aria-label="Advertisement"><p class="th-ad-slot__label">Advertisement</p><div id="dfp-ad--inline2"></div></div>')
    more = "\n".join(f'      <li><a href="{u}">{esc(t)}</a></li>' for t, u in X["related"][:4])
    most = "\n".join(f'      <li><a href="{u}">{esc(t)}</a></li>' for t, u in X["mostread"])
    charset_tag = '<meta charset="utf-8">\n' if a["encoding"] == "utf-8" else ""
    tags = "\n".join(f'<meta property="article:tag" content="{attr(k)}">' for k in a["keywords"])
    modified_meta = f'\n<meta property="article:modified_time" content="{iso_z(mod)}">' if mod else ""
    modified_vis = f'\n      <p class="th-meta__modified">Last modified on {th_modfmt(mod, a["mod_tzname"])}</p>' if mod else ""
    img_alt, caption, credit = a["photo"]
    return fill('''<!DOCTYPE html>
<html lang="en-GB">
<head>
{{charset}}<title>{{title}} | {{section_label}} | The Thames Herald</title>
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta name="description" content="{{dek_attr}}">
<meta name="author" content="{{author_attr}}">
<meta name="keywords" content="{{keywords}}">
<link rel="canonical" href="{{url}}">
<meta property="og:site_name" content="The Thames Herald">
<meta property="og:type" content="article">
<meta property="og:title" content="{{title_attr}}">
<meta property="og:description" content="{{dek_attr}}">
<meta property="og:url" content="{{url}}">
<meta property="og:image" content="{{img}}">
<meta property="article:published_time" content="{{pub_z}}">{{modified_meta}}
<meta property="article:section" content="{{section_label}}">
{{tags}}
<meta property="article:publisher" content="https://facebook.example/thamesherald">
<meta name="twitter:card" content="summary_large_image">
<link rel="stylesheet" href="https://assets.thamesherald.example/static/css/article-7d1.css">
<script>var thConfig = {page: {section: "{{section}}", contentType: "Article", edition: "UK", commercial: {adUnit: "/59666047/th/{{section}}"}}};</script>
</head>
<body>
<div class="th-consent" id="sp_message_container" role="dialog" aria-label="Your privacy">
  <h2>Your privacy</h2>
  <p>We and our partners use cookies and similar technologies to run this site, to understand how you use it and to show you personalised advertising. You can change your choices at any time by selecting Privacy settings at the bottom of any page.</p>
  <button class="th-consent__accept" type="button">Yes, I&#39;m happy</button> <button class="th-consent__manage" type="button">Manage my cookies</button>
</div>
<header class="th-header">
  <div class="th-header__support"><a href="/support?acquisition=header">Support the Herald</a> <span>Fund independent journalism from 1 pound a week</span> <a href="/signin">Sign in</a></div>
  <div class="th-header__logo"><a href="/" aria-label="The Thames Herald - back to home">The Thames Herald</a></div>
  <nav class="th-pillars" aria-label="Herald sections"><ul>
{{nav}}
  </ul></nav>
  <div class="th-header__edition">UK edition | <a href="/preference/edition/int">International edition</a></div>
</header>
<div class="th-ad-slot th-ad-slot--top" aria-label="Advertisement"><p class="th-ad-slot__label">Advertisement</p><div id="dfp-ad--top-above-nav"></div></div>
<div class="th-container">
  <div class="th-article">
    <div class="th-article__section"><a href="/{{section}}">{{section_label}}</a></div>
    <h1 class="th-article__headline">{{title}}</h1>
    <div class="th-article__standfirst"><p>{{dek}}</p></div>
    <figure class="th-article__media">
      <img src="{{img}}" alt="{{img_alt}}" width="1000" height="600">
      <figcaption><span class="th-caption">{{caption}}</span> <span class="th-credit">Photograph: {{credit}}</span></figcaption>
    </figure>
    <div class="th-meta">
      <address class="th-meta__byline">{{byline}}</address>
      <p class="th-meta__date"><time datetime="{{pub_z}}">{{pub_text}}</time></p>{{modified_vis}}
      <div class="th-meta__share"><a href="https://facebook.example/sharer?u={{url}}">Share on Facebook</a> <a href="https://x.example/intent/post?url={{url}}">Share on X</a> <a href="whatsapp://send?text={{url}}">Share via WhatsApp</a> <a href="mailto:?body={{url}}">Share via Email</a></div>
    </div>
    <div class="th-article__body" id="maincontent">
{{paras}}
    </div>
    <div class="th-article__explore"><h4>Explore more on these topics</h4><ul>{{topics}}</ul></div>
    <div class="th-newsletter">
      <h3>Sign up to First Edition</h3>
      <p>Our morning email breaks down the key stories of the day, telling you what is happening and why it matters.</p>
      <p class="th-newsletter__privacy">Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties.</p>
      <form action="/email-newsletters/subscribe" method="post"><input type="email" name="email" placeholder="Enter your email address"><button type="submit">Sign up</button></form>
    </div>
    <div class="th-article__share-bottom">Share <a href="https://facebook.example/sharer?u={{url}}">Facebook</a> <a href="https://x.example/intent/post?url={{url}}">X</a> <a href="https://linkedin.example/share?url={{url}}">LinkedIn</a></div>
    <section class="th-more-on"><h2>More on this story</h2><ul>
{{more}}
    </ul></section>
{{comments}}
  </div>
  <aside class="th-rightcol">
    <div class="th-ad-slot th-ad-slot--right" aria-label="Advertisement"><p class="th-ad-slot__label">Advertisement</p><div id="dfp-ad--right"></div></div>
    <section class="th-most-viewed"><h2>Most viewed</h2><ol>
{{most}}
    </ol></section>
  </aside>
</div>
<footer class="th-footer">
  <ul class="th-footer__links"><li><a href="/about">About us</a></li><li><a href="/help/contact-us">Contact us</a></li><li><a href="/info/complaints-and-corrections">Complaints &amp; corrections</a></li><li><a href="/help/privacy-policy">Privacy policy</a></li><li><a href="/help/cookie-policy">Cookie policy</a></li><li><a href="/help/terms-of-service">Terms &amp; conditions</a></li><li><a href="/privacy-settings">Privacy settings</a></li></ul>
  <p class="th-footer__copy">&copy; 2025 Thames Herald News &amp; Media Limited or its affiliated companies. All rights reserved.</p>
</footer>
</body>
</html>
''',
        charset=charset_tag, title=esc(a["headline"]), title_attr=attr(a["headline"]), section=a["section"],
        section_label=a["section_label"], dek=esc(a["dek"]), dek_attr=attr(a["dek"]),
        author_attr=attr(", ".join(a["authors"]) or AGENCY_NAMES.get(a["agency"], "")),
        keywords=attr(",".join(a["keywords"])), url=a["url"], img=a["img"], pub_z=iso_z(pub),
        modified_meta=modified_meta, tags=tags, nav=nav, img_alt=attr(img_alt), caption=esc(caption),
        credit=esc(credit), byline=a["byline_html"], pub_text=th_datefmt(pub, a["pub_tzname"]),
        modified_vis=modified_vis, paras="\n".join(paras),
        topics="".join(f'<li><a href="/{re.sub(r"[^a-z0-9]+", "-", k.lower()).strip("-")}">{esc(k)}</a></li>' for k in a["keywords"][:5]),
        more=more, comments=th_comments(a), most=most)


# --------------------------- Northfork 7 News ------------------------------
def nf_page_top(title_html: str, desc: str) -> str:
    return fill('''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<meta name="description" content="{{desc}}">
<link rel="icon" href="https://media.northfork7.example/favicon.ico">
<link rel="stylesheet" href="https://media.northfork7.example/static/nf7.bundle.2311.css">
<script src="https://media.northfork7.example/static/nf7-player.js" async></script>
</head>
<body class="nf7">
<div class="nf7-cookie" id="nf7Cookie">This website uses cookies to improve your experience and to deliver ads. See our <a href="/privacy-policy/">Privacy Policy</a>. <button onclick="document.getElementById('nf7Cookie').remove()">OK</button> <button>Cookie settings</button></div>
<div class="nf7-alertbar"><a href="/weather/">7 First Alert Weather: Track the latest conditions in the valley</a></div>
<header class="nf7-header">
  <a class="nf7-logo" href="/"><span class="nf7-logo__num">7</span> Northfork 7 News</a>
  <div class="nf7-wx"><span class="nf7-wx__city">Northfork</span> <span class="nf7-wx__temp">61&deg;</span> <span class="nf7-wx__cond">Partly Cloudy</span> <a href="/weather/radar/">First Alert Radar</a></div>
  <nav class="nf7-menu"><a href="/news/">News</a> <a href="/weather/">Weather</a> <a href="/sports/">Sports</a> <a href="/live/">Watch Live</a> <a href="/investigates/">7 Investigates</a> <a href="/community/">Community</a> <a href="/contests/">Contests</a> <a href="/about-us/">About Us</a></nav>
  <a class="nf7-live" href="/live/">LIVE: 7 News at Noon</a>
</header>
<div class="nf7-ad nf7-ad--top" aria-label="Advertisement"><small>Advertisement</small><div data-slot="nf7_top_728x90"></div></div>
''', title=title_html, desc=attr(desc))


NF_FOOTER = '''<section class="nf7-app"><h3>Get the 7 News app</h3><p>Breaking news alerts, live video and the First Alert forecast, free on iOS and Android.</p><a href="/apps/">Download now</a></section>
<footer class="nf7-footer">
  <div class="nf7-footer__station">KNFK-TV Northfork &middot; 1400 Ridgeview Parkway &middot; Newsroom: news@northfork7.example</div>
  <ul><li><a href="/eeo/">EEO Report</a></li><li><a href="/fcc-public-file/">FCC Public File</a></li><li><a href="/closed-captioning/">Closed Captioning</a></li><li><a href="/privacy-policy/">Privacy Policy</a></li><li><a href="/terms/">Terms of Service</a></li><li><a href="/careers/">Careers</a></li></ul>
  <p>Copyright 2025 Northfork Broadcasting Inc. All rights reserved.</p>
</footer>
</body>
</html>
'''


def render_northfork7(a, X) -> str:
    pub = a["pub"]
    if a["date_mode"] == "published":
        when = f'<div class="nf7-story__date">Published: {MON3[pub.month - 1]}. {pub.day}, {pub.year} at {us_clock(pub)} {a["pub_tzname"]}</div>'
    elif a["date_mode"] == "updated":
        when = f'<div class="nf7-story__date">Updated {DAYS[pub.weekday()][:3]} {pub.day} {MON3[pub.month - 1]} {pub.year}</div>'
    else:
        when = ""
    paras = []
    for i, p in enumerate(a["paras"]):
        paras.append(f"<p>{esc(p)}</p>")
        if i == 1:
            paras.append('<div class="nf7-ad nf7-ad--mid" aria-label="Advertisement"><small>Advertisement</small><div data-slot="nf7_mid_300x250"></div></div>')
        if i == 3 and X["related"]:
            t, u = X["related"][0]
            paras.append(f'<p class="nf7-readmore"><strong>READ MORE:</strong> <a href="{u}">{esc(t)}</a></p>')
        if i == 7:
            paras.append('<div class="nf7-ad nf7-ad--mid" aria-label="Advertisement"><small>Advertisement</small><div data-slot="nf7_mid2_300x250"></div></div>')
    latest = "\n".join(f'  <li><a href="{u}">{esc(t)}</a></li>' for t, u in X["mostread"])
    copyright = ""
    if a["agency"] == "AP":
        copyright = '<p class="nf7-story__copyright">Copyright 2025 The Associated Press. All rights reserved.</p>'
    elif a["agency"] == "Reuters":
        copyright = '<p class="nf7-story__copyright">Copyright 2025 Thomson Reuters. All rights reserved.</p>'
    img_alt, caption, credit = a["photo"]
    return nf_page_top(esc(a["headline"]) + " - Northfork 7 News", a["dek"]) + fill('''<div class="nf7-wrap">
<main class="nf7-main">
<article class="nf7-story">
  <h1 class="nf7-story__headline">{{title}}</h1>
  <div class="nf7-story__byline">{{byline}}</div>
  {{when}}
  <div class="nf7-story__share"><button data-share="facebook">Facebook</button><button data-share="x">X</button><button data-share="email">Email</button><button data-share="print">Print</button></div>
  <div class="nf7-story__media">
    <img src="{{img}}" alt="{{img_alt}}">
    <p class="nf7-story__caption">{{caption}} ({{credit}})</p>
  </div>
  <div class="nf7-story__body">
{{paras}}
  </div>
  {{copyright}}
  <div class="nf7-story__tip">Have a news tip? Email <a href="mailto:tips@northfork7.example">tips@northfork7.example</a> or call the 7 News tip line.</div>
  <div class="nf7-newsletter"><h3>7 News Daily Digest</h3><p>The day&#39;s top stories and your First Alert forecast, every weekday afternoon.</p><form><input type="email" placeholder="Email address"><button>Subscribe</button></form></div>
</article>
</main>
<aside class="nf7-sidebar">
<h2>Latest News</h2>
<ul class="nf7-latest">
{{latest}}
</ul>
<div class="nf7-ad nf7-ad--side" aria-label="Advertisement"><small>Advertisement</small><div data-slot="nf7_side_300x600"></div></div>
<div class="nf7-promo">Watch 7 News at 5, 6 and 10 on KNFK-TV and stream anytime on the 7 News app.</div>
</aside>
</div>
''', title=esc(a["headline"]), byline=esc(a["byline"]), when=when, img=a["img"], img_alt=attr(img_alt),
        caption=esc(caption), credit=esc(credit), paras="\n".join(paras), copyright=copyright, latest=latest) + NF_FOOTER


# --------------------------- Meridian Business Daily -----------------------
MB_NAV = [("Markets", "/markets/"), ("Economy", "/economy/"), ("Tech", "/tech/"), ("Deals", "/deals/"),
          ("Autos", "/autos/"), ("Personal Finance", "/personal-finance/"), ("Opinion", "/opinion/"), ("Data", "/data/")]


def mb_clock(d: dt.datetime) -> str:
    return f"{MON3[d.month - 1]} {d.day}, {d.year}, {us_clock(d)} ET"


def render_meridian(a, X) -> str:
    o = OUTLETS["meridian"]
    pub, mod = a["pub"], a["mod"]
    authors_ld = ([{"@type": "Person", "name": n, "url": f'https://www.meridianbiz.example/authors/{re.sub(r"[^a-z]+", "-", n.lower()).strip("-")}'} for n in a["authors"]]
                  if a["authors"] else [{"@type": "Organization", "name": AGENCY_NAMES[a["agency"]]}])
    art = {
        "@type": "NewsArticle",
        "@id": a["url"] + "#article",
        "headline": a["headline"],
        "alternativeHeadline": a.get("alt_headline", a["dek"]),
        "datePublished": iso(pub),
        "dateModified": iso(mod or pub),
        "author": authors_ld,
        "publisher": {"@id": "https://www.meridianbiz.example/#org"},
        "articleSection": [a["section_label"]],
        "keywords": a["keywords"],
        "image": {"@type": "ImageObject", "url": a["img"], "width": 1600, "height": 900},
        "isPartOf": {"@type": ["CreativeWork", "Product"], "name": "Meridian Business Daily", "productID": "meridianbiz.example:basic"},
        "isAccessibleForFree": False,
        "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".mb-paywalled"},
    }
    if a["body_in_jsonld"]:
        art["articleBody"] = body_plain(a)
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": "https://www.meridianbiz.example/#org", "name": o["site_name"],
         "url": o["home"], "logo": {"@type": "ImageObject", "url": o["cdn"] + "/brand/meridian-mark.png"}},
        {"@type": "WebPage", "@id": a["url"], "url": a["url"], "name": a["headline"],
         "breadcrumb": {"@type": "BreadcrumbList", "itemListElement": [
             {"@type": "ListItem", "position": 1, "name": "Home", "item": o["home"]},
             {"@type": "ListItem", "position": 2, "name": a["section_label"], "item": o["home"] + a["section"] + "/"}]}},
        art]}
    paras = []
    for i, p in enumerate(a["paras"]):
        paras.append(f"        <p>{esc(p)}</p>")
        if i == 4:
            paras.append('        <div class="mb-ad mb-ad--native" aria-label="Advertisement"><span>Advertisement</span><div data-ad="mb-inarticle-1"></div></div>')
        if i == 10:
            paras.append('        <div class="mb-ad mb-ad--native" aria-label="Advertisement"><span>Advertisement</span><div data-ad="mb-inarticle-2"></div></div>')
    keypoints = "\n".join(f"        <li>{esc(k)}</li>" for k in a["keypoints"])
    readnext = "\n".join(f'      <li><a href="{u}">{esc(t)}</a></li>' for t, u in X["related"][:4])
    nav = " ".join(f'<a href="{p}">{l}</a>' for l, p in MB_NAV)
    tagmeta = "\n".join(f'<meta property="article:tag" content="{attr(k)}">' for k in a["keywords"])
    updated = f' <span class="mb-time__updated">Updated {mb_clock(mod)}</span>' if mod else ""
    img_alt, caption, credit = a["photo"]
    byline = ("By " + " and ".join(f'<a href="/authors/{re.sub(r"[^a-z]+", "-", n.lower()).strip("-")}">{esc(n)}</a>' for n in a["authors"])
              if a["authors"] else "By " + AGENCY_NAMES[a["agency"]])
    if a["authors"] and a["agency"]:
        byline += ", " + AGENCY_NAMES[a["agency"]]
    return fill('''<!doctype html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} - Meridian Business Daily</title>
<meta name="description" content="{{dek_attr}}">
<meta name="author" content="{{author_attr}}">
<meta name="keywords" content="{{keywords}}">
<link rel="canonical" href="{{url}}">
<meta property="og:site_name" content="Meridian Business Daily">
<meta property="og:type" content="article">
<meta property="og:title" content="{{title_attr}}">
<meta property="og:description" content="{{dek_attr}}">
<meta property="og:url" content="{{url}}">
<meta property="og:image" content="{{img}}">
<meta property="article:published_time" content="{{pub_iso}}">
<meta property="article:modified_time" content="{{mod_iso}}">
<meta property="article:section" content="{{section_label}}">
{{tagmeta}}
{{jsonld}}
<link rel="stylesheet" href="https://img.meridianbiz.example/static/mb-core.c91f.css">
<script>
  window.mbPage = {id: "{{cid}}", section: "{{section}}", paywall: {meter: 3, type: "hard-after-meter"}};
</script>
</head>
<body class="mb mb-article">
<div class="mb-consent" role="dialog" aria-label="Cookie notice">
  <p>Meridian uses cookies to provide essential site features, analyze traffic and serve advertising. <a href="/legal/cookies">Cookie Notice</a></p>
  <button>Accept</button> <button>Reject non-essential</button> <button>Customize</button>
</div>
<div class="mb-ticker" aria-label="Market data">
  <span class="mb-ticker__item" data-sym="SPX">S&amp;P 500 <b class="px">--</b></span>
  <span class="mb-ticker__item" data-sym="DJI">Dow <b class="px">--</b></span>
  <span class="mb-ticker__item" data-sym="IXIC">Nasdaq <b class="px">--</b></span>
  <span class="mb-ticker__item" data-sym="US10Y">10-yr yield <b class="px">--</b></span>
  <span class="mb-ticker__item" data-sym="CL">Crude <b class="px">--</b></span>
  <span class="mb-ticker__item" data-sym="GC">Gold <b class="px">--</b></span>
  <span class="mb-ticker__note">Quotes delayed at least 15 minutes.</span>
</div>
<header class="mb-header">
  <a class="mb-logo" href="/">MERIDIAN <span>Business Daily</span></a>
  <nav class="mb-nav">{{nav}}</nav>
  <div class="mb-account"><a href="/subscribe?ref=hdr" class="mb-btn">Subscribe</a> <a href="/login">Log in</a></div>
</header>
<div class="mb-ad mb-ad--billboard" aria-label="Advertisement"><span>Advertisement</span><div data-ad="mb-billboard"></div></div>
<main class="mb-main">
  <article class="mb-article__wrap">
    <nav class="mb-breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/{{section}}/">{{section_label}}</a></nav>
    <h1 class="mb-headline">{{title}}</h1>
    <h2 class="mb-subhead">{{dek}}</h2>
    <div class="mb-byline">{{byline}}</div>
    <div class="mb-time"><time datetime="{{pub_iso}}">{{pub_text}}</time>{{updated}}</div>
    <div class="mb-share"><a href="https://linkedin.example/share?url={{url}}">LinkedIn</a> <a href="https://x.example/intent/post?url={{url}}">X</a> <a href="https://facebook.example/sharer?u={{url}}">Facebook</a> <a href="mailto:?body={{url}}">Email</a> <button>Save</button></div>
    <section class="mb-keypoints">
      <h3>Key Points</h3>
      <ul>
{{keypoints}}
      </ul>
    </section>
    <figure class="mb-figure">
      <img src="{{img}}" alt="{{img_alt}}" width="1600" height="900">
      <figcaption>{{caption}} <cite>{{credit}}</cite></figcaption>
    </figure>
    <div class="mb-body mb-paywalled">
{{paras}}
    </div>
    <div class="mb-paywall-note">You are reading a complimentary article. Subscribers get unlimited access to Meridian news, data and analysis. <a href="/subscribe?ref=article-end">See plans</a></div>
    <section class="mb-newsletter"><h3>Meridian Morning Brief</h3><p>What moves markets before the opening bell. Weekdays, 6:30 a.m. ET.</p><form><input type="email" placeholder="Work email"><button>Sign Up</button></form></section>
    <section class="mb-readnext"><h3>Read Next</h3><ul>
{{readnext}}
    </ul></section>
  </article>
  <aside class="mb-sidebar">
    <div class="mb-ad mb-ad--sidebar" aria-label="Advertisement"><span>Advertisement</span><div data-ad="mb-rail-1"></div></div>
    <section class="mb-sponsored"><h4>Sponsored Content</h4><p><a href="/partners/harlow-wealth/">How family offices are rethinking cash in 2025</a> <em>Paid Post by Harlow Wealth Partners</em></p></section>
  </aside>
</main>
<footer class="mb-footer">
  <nav><a href="/about">About Meridian</a> <a href="/contact">Contact</a> <a href="/legal/terms">Terms of Use</a> <a href="/legal/privacy">Privacy Notice</a> <a href="/legal/cookies">Cookie Notice</a> <a href="/corrections">Corrections</a> <a href="/advertise">Advertise</a></nav>
  <p>&copy; 2025 Meridian Business Media LLC. All rights reserved. Market data provided for informational purposes only, not for trading purposes or advice.</p>
</footer>
</body>
</html>
''',
        title=esc(a["headline"]), title_attr=attr(a["headline"]), dek=esc(a["dek"]), dek_attr=attr(a["dek"]),
        author_attr=attr(", ".join(a["authors"]) or AGENCY_NAMES.get(a["agency"], "")),
        keywords=attr(", ".join(a["keywords"])), url=a["url"], img=a["img"], pub_iso=iso(pub),
        mod_iso=iso(mod or pub), section_label=a["section_label"], section=a["section"], tagmeta=tagmeta,
        jsonld=jsonld_script(ld), cid=h8(a["url"], 12), nav=nav, byline=byline, pub_text=mb_clock(pub),
        updated=updated, keypoints=keypoints, img_alt=attr(img_alt), caption=esc(caption), credit=esc(credit),
        paras="\n".join(paras), readnext=readnext)


# --------------------------- WireStream ------------------------------------
WS_SPONSORED = [
    ("Doctors stunned: the 30-second morning habit everyone is copying", "HealthBright"),
    ("Homeowners in your area may be eligible for a new solar program", "SunPath Energy"),
    ("The retirement mistake most people make in their 60s", "Granite Advisors"),
    ("These 1990s toys are now worth a small fortune", "Collectorly"),
]


def ws_top(lang: str, title: str, head_extra: str, charset: bool) -> str:
    if lang == "ru":
        return fill('''<!DOCTYPE html>
<html lang="ru">
<head>
<title>{{title}} | WireStream по-русски</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{{extra}}
<link rel="stylesheet" href="https://static.wirestream.example/css/ws.v41.css">
</head>
<body class="ws ws-ru">
<div class="ws-cookies" id="wsCookies">Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая пользоваться сайтом, вы соглашаетесь с <a href="/ru/privacy">политикой конфиденциальности</a>. <button>Понятно</button></div>
<header class="ws-header">
  <a class="ws-logo" href="/ru/">WireStream <sup>по-русски</sup></a>
  <nav class="ws-nav"><a href="/ru/">Главное</a> <a href="/ru/world">В мире</a> <a href="/ru/russia">Россия</a> <a href="/ru/economy">Экономика</a> <a href="/ru/science">Наука</a> <a href="/ru/sport">Спорт</a> <a href="/">English</a></nav>
</header>
<div class="ws-ad" aria-label="Реклама"><span class="ws-ad__label">Реклама</span><div data-ws-slot="ru_top"></div></div>
''', title=title, extra=head_extra)
    return fill('''<!DOCTYPE html>
<html lang="en">
<head>
{{charset}}<title>{{title}} | WireStream</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{{extra}}
<link rel="stylesheet" href="https://static.wirestream.example/css/ws.v41.css">
<script defer src="https://static.wirestream.example/js/ws.v41.js"></script>
</head>
<body class="ws">
<div class="ws-cookies" id="wsCookies">WireStream uses cookies for analytics and advertising. <a href="/privacy">Learn more</a> <button>Got it</button> <button>Settings</button></div>
<header class="ws-header">
  <a class="ws-logo" href="/">WireStream</a> <span class="ws-tagline">The wires, in one stream.</span>
  <nav class="ws-nav"><a href="/">Top</a> <a href="/world">World</a> <a href="/us">U.S.</a> <a href="/business">Business</a> <a href="/tech">Tech</a> <a href="/science">Science</a> <a href="/sports">Sports</a> <a href="/ru/">Русский</a></nav>
  <a class="ws-app" href="/app">Get the app</a>
</header>
<div class="ws-ad" aria-label="Advertisement"><span class="ws-ad__label">Advertisement</span><div data-ws-slot="top_leader"></div></div>
''', charset='<meta charset="utf-8">\n' if charset else "", title=title, extra=head_extra)


def ws_bottom(lang: str) -> str:
    if lang == "ru":
        return '''<footer class="ws-footer"><p>&copy; 2025 WireStream. Материалы информационных агентств публикуются по лицензии. <a href="/ru/about">О проекте</a> &middot; <a href="/ru/privacy">Конфиденциальность</a></p></footer>
</body>
</html>
'''
    return '''<footer class="ws-footer">
  <nav><a href="/about">About</a> <a href="/sources">Our sources</a> <a href="/privacy">Privacy</a> <a href="/terms">Terms</a> <a href="/contact">Contact</a></nav>
  <p>&copy; 2025 WireStream Media. Wire stories are republished under license from their respective agencies; all rights remain with the original publishers.</p>
</footer>
</body>
</html>
'''


def render_wirestream(a, X) -> str:
    pub = a["pub"]
    ru = a["language"] == "ru"
    if ru:
        extra = f'<meta name="description" content="{attr(a["dek"])}">'
    else:
        extra = "\n".join([
            f'<meta name="description" content="{attr(a["dek"])}">',
            f'<meta name="author" content="{attr(", ".join(a["authors"]) if a["authors"] else AGENCY_NAMES.get(a["agency"] or "", "WireStream"))}">',
            f'<meta name="keywords" content="{attr(", ".join(a["keywords"]))}">',
            f'<link rel="canonical" href="{a["url"]}">',
            '<meta property="og:site_name" content="WireStream">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{attr(a["headline"])}">',
            f'<meta property="og:description" content="{attr(a["dek"])}">',
            f'<meta property="og:url" content="{a["url"]}">',
            f'<meta property="og:image" content="{a["img"]}">',
            f'<meta property="article:published_time" content="{iso(pub)}">',
        ] + ([f'<meta property="article:modified_time" content="{iso(a["mod"])}">'] if a["mod"] else []))
    paras = []
    for i, p in enumerate(a["paras"]):
        paras.append(f"    <p>{esc(p)}</p>")
        if i == 2:
            lab = "Реклама" if ru else "Advertisement"
            paras.append(f'    <div class="ws-ad ws-ad--inline" aria-label="{lab}"><span class="ws-ad__label">{lab}</span><div data-ws-slot="inline"></div></div>')
    img_alt, caption, credit = a["photo"]
    if ru:
        when = f'{pub.day} марта {pub.year}, {pub.hour:02d}:{pub.minute:02d}'
        src_line = "Источник: по материалам информационных агентств"
        more_title, share = "Читайте также", '<a href="#">ВКонтакте</a> <a href="#">Telegram</a> <a href="#">Одноклассники</a> <button>Скопировать ссылку</button>'
        news_box = '<div class="ws-newsletter"><h3>Рассылка WireStream</h3><p>Главные новости дня — каждое утро в вашей почте.</p><form><input type="email" placeholder="Ваш e-mail"><button>Подписаться</button></form></div>'
        sponsored = ""
        tags = " ".join(f'<a href="/ru/tag/{h8(k, 6)}">{esc(k)}</a>' for k in a["keywords"])
    else:
        when = pub.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        src_line = f'Source: {AGENCY_NAMES[a["agency"]]}' if a["agency"] else "Source: WireStream"
        more_title, share = "More from the wire", '<a href="https://x.example/intent/post?url=' + a["url"] + '">Post</a> <a href="https://facebook.example/sharer?u=' + a["url"] + '">Share</a> <a href="https://reddit.example/submit?url=' + a["url"] + '">Reddit</a> <button>Copy link</button>'
        news_box = '<div class="ws-newsletter"><h3>The Stream, daily</h3><p>Ten wire headlines you need, every morning at 7 a.m. UTC. Free.</p><form><input type="email" placeholder="you@example.com"><button>Subscribe</button></form></div>'
        start = hnum(a["url"], 0, len(WS_SPONSORED) - 1)
        sp = [WS_SPONSORED[(start + i) % len(WS_SPONSORED)] for i in range(3)]
        sponsored = ('<section class="ws-sponsored"><h3>Around the web</h3><ul>'
                     + "".join(f'<li><a href="https://ads.wirestream.example/click/{h8(t, 6)}" rel="sponsored nofollow">{esc(t)}</a> <span>{esc(s)}</span></li>' for t, s in sp)
                     + '</ul><p class="ws-sponsored__disc">Sponsored links</p></section>')
        tags = " ".join(f'<a href="/tag/{re.sub(r"[^a-z0-9]+", "-", k.lower()).strip("-")}">{esc(k)}</a>' for k in a["keywords"])
    more = "\n".join(f'      <li><a href="{u}">{esc(t)}</a></li>' for t, u in X["related"][:5])
    byline = esc(a["byline"])
    body = fill('''<main class="ws-main">
  <article class="ws-item">
    <div class="ws-item__source">{{src_line}}</div>
    <h1>{{title}}</h1>
    <p class="ws-item__dek">{{dek}}</p>
    <div class="ws-item__meta"><span class="ws-item__byline">{{byline}}</span> &middot; <span class="ws-item__time">{{when}}</span></div>
    <div class="ws-item__share">{{share}}</div>
    <figure class="ws-item__photo"><img src="{{img}}" alt="{{img_alt}}"><figcaption>{{caption}} &mdash; {{credit}}</figcaption></figure>
    <div class="ws-item__text">
{{paras}}
    </div>
    <div class="ws-item__tags">{{tags}}</div>
    {{news_box}}
  </article>
  <aside class="ws-more">
    <h2>{{more_title}}</h2>
    <ul>
{{more}}
    </ul>
  </aside>
  {{sponsored}}
</main>
''', src_line=src_line, title=esc(a["headline"]), dek=esc(a["dek"]), byline=byline, when=when, share=share,
                img=a["img"], img_alt=attr(img_alt), caption=esc(caption), credit=esc(credit), paras="\n".join(paras),
                tags=tags, news_box=news_box, more_title=more_title, more=more, sponsored=sponsored)
    return ws_top(a["language"], esc(a["headline"]), extra, charset=a["encoding"] == "utf-8") + body + ws_bottom(a["language"])


def render_wirestream_index(page, items) -> str:
    rows = []
    for it in items:
        if it["language"] == "ru":
            label, when = "Русский", f'{it["pub"].day} марта, {it["pub"].hour:02d}:{it["pub"].minute:02d} МСК'
        else:
            label = AGENCY_NAMES.get(it["agency"], "WireStream")
            when = it["pub"].astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        rows.append(f'''    <li class="ws-list__item"><span class="ws-list__src">{esc(label)}</span> <a href="{it["url"]}">{esc(it["headline"])}</a> <span class="ws-list__time">{when}</span><p>{esc(it["dek"])}</p></li>''')
    extra = '<meta name="description" content="WireStream: the latest from the Associated Press, Reuters and AFP in one continuously updated stream.">\n<link rel="canonical" href="https://wirestream.example/">'
    body = fill('''<main class="ws-main ws-front">
  <h1 class="ws-front__title">Latest from the wires</h1>
  <p class="ws-front__updated">Updated {{updated}}</p>
  <ul class="ws-list">
{{rows}}
  </ul>
  <div class="ws-ad" aria-label="Advertisement"><span class="ws-ad__label">Advertisement</span><div data-ws-slot="front_mid"></div></div>
  <a class="ws-front__more" href="/?page=2">Load more</a>
</main>
''', updated=page["pub"].strftime("%Y-%m-%d %H:%M UTC"), rows="\n".join(rows))
    return ws_top("en", "Latest wire news", extra, charset=True) + body + ws_bottom("en")


RENDER = {
    "harborledger": render_harborledger,
    "thamesherald": render_thamesherald,
    "northfork7": render_northfork7,
    "meridian": render_meridian,
    "wirestream": render_wirestream,
}

# ---------------------------------------------------------------------------
# The seed article: the product owner's own document, reproduced verbatim,
# one list item per paragraph (source: the project seed file).
SEED_PARAS = [
    "KYIV, Ukraine — In a major bet last summer, Ukraine launched a daring offensive on Russian soil, the first invasion of Russia since World War II. That incursion into the Kursk region stunned Moscow and provided a much-needed morale boost for Ukrainians, but after months of fierce fighting, Russia has recently clawed back almost all of the territory lost.",
    "As efforts now intensify to reach a peace agreement between Ukraine and Russia, Ukraine appears to be gambling again with a small-scale incursion into Russia. In recent days, the Ukrainian army has staged a new cross-border push into the Belgorod region, according to Ukrainian officials, analysts of open-source intelligence and Russian military bloggers.",
    "While the extent of the Ukrainian push into Belgorod was unclear and Ukraine’s intentions are unclear, military analysts said it was possibly an effort to draw Russian forces from Kursk to alleviate pressure there. Ukraine may also hope that grabbing another patch of Russian land could provide added diplomatic leverage, analysts said.",
    "But Moscow has shown no willingness to make real concessions while Ukrainian troops remain on Russian territory.",
    "The incursion appears to be much more limited in scope than the Kursk operation and has so far only secured a thin band of territory across the border, military analysts say, citing video of the battle they have verified. It was unclear how many troops were involved or the extent of the Russian response. Ukraine has not publicly acknowledged a new attack on Russian soil. But three Ukrainian military and government officials confirmed that an operation was continuing in the Belgorod region of southern Russia, near territory Ukraine captured in the neighboring Kursk region last summer. The officials spoke on the condition of anonymity.",
    "Russia has not said anything publicly about any Belgorod incursion.",
    "Vyacheslav Gladkov, the governor of the Belgorod region, said in a Telegram post Friday that parts of the region were currently unsafe, citing drones and artillery attacks, but he did not mention Ukrainian troops crossing the border.",
    "Andriy Kovalenko, a senior Ukrainian government official focused on Russian disinformation operations, declined to say if a cross-border incursion had taken place.",
    "But he said fighting continued to protect Ukraine from a Russian attack and that included “the destruction of enemy concentrations on the territory of Belgorod region, because the enemy planned to use these concentrations on our territory.”",
    "Russian military bloggers, including the prominent analyst Valery Shiryaev, said that Ukraine had used armored vehicles to cross the border.",
    "Both Russia and Ukraine have been trying to secure and strengthen their positions — on the battlefield and diplomatically — before the next U.S.-brokered talks begin at a yet-to-be-determined date.",
    "Meanwhile, Russian President Vladimir Putin proposed Friday to temporarily put Ukraine under external governance as part of efforts to reach a peaceful settlement, in remarks that reflected the Kremlin leader’s determination to achieve his war goals.",
    "In televised remarks broadcast early Friday, Putin reaffirmed his claim that Ukrainian President Volodymyr Zelenskyy, whose term expired last year, lacks the legitimacy to sign a peace deal. Under Ukraine’s constitution it is illegal for the country to hold national elections while it’s under martial law. Putin claimed that any agreement that is signed with the current Ukrainian government could be challenged by its successors and said new elections could be held under external governance.",
    "— The Associated Presss contributed to this report.",
]


# ===========================================================================
# Syndicated wire stories (each reprinted by at least three outlets)
# ===========================================================================

# ---- G1: the seed story (AP), Friday 28 March 2025 -------------------------
SEED_KW = ["Russia-Ukraine war", "Belgorod", "Kursk", "Vladimir Putin", "Volodymyr Zelenskyy"]

A(outlet="harborledger", date="2025-03-28", time="10:02", modified="2025-03-28 16:12", section="world",
  slug="ukraine-belgorod-incursion-russia-peace-talks",
  headline="Ukraine appears to push into Russia’s Belgorod region as peace efforts intensify",
  dek="After losing most of its foothold in Kursk, Kyiv seems to be gambling on a smaller cross-border operation, while Putin floats placing Ukraine under outside administration.",
  authors=["Olena Hartley", "Marek Dussault"], agency="AP", dateline="Kyiv",
  story="ukraine-belgorod-incursion", is_seed=True, keywords=SEED_KW,
  photo=("Ukrainian servicemen ride an armored vehicle on a road in the Sumy region",
         "Ukrainian servicemen ride an armored vehicle near the Russian border in the Sumy region of Ukraine, Wednesday, March 26, 2025.",
         "AP Photo/Oksana Hryhorchuk"),
  paras=list(SEED_PARAS))

_g1 = list(SEED_PARAS)
_g1_ws = list(_g1)
_g1_ws[0] = _g1_ws[0].replace("KYIV, Ukraine —", "KYIV, Ukraine (AP) —", 1)
_g1_ws[-1] = "— The Associated Press contributed to this report."          # typo fixed
A(outlet="wirestream", date="2025-03-28", time="15:20", section="world",
  slug="ukraine-stages-new-cross-border-push-into-belgorod",
  headline="Ukraine stages new cross-border push into Russia’s Belgorod region, officials say",
  dek="Three Ukrainian officials confirm an operation in southern Russia; Moscow has said nothing publicly about it.",
  authors=["Olena Hartley", "Marek Dussault"], agency="AP", dateline="Kyiv",
  story="ukraine-belgorod-incursion", keywords=SEED_KW + ["Ukraine"],
  photo=("Armored vehicle near the border", "Ukrainian servicemen near the border in the Sumy region, March 26, 2025.",
         "AP Photo/Oksana Hryhorchuk"),
  paras=_g1_ws)

_g1_nf = list(_g1)
_g1_nf[0] = _g1_nf[0].replace("KYIV, Ukraine —", "KYIV (AP) —", 1)
_g1_nf[1] = _g1_nf[1].replace("In recent days, the Ukrainian army", "In recent days, Ukraine’s army")
# trimmed: final paragraph shortened, credit line dropped, local sentence added
_g1_nf[-2] = ("In televised remarks broadcast early Friday, Putin reaffirmed his claim that Ukrainian President "
              "Volodymyr Zelenskyy, whose term expired last year, lacks the legitimacy to sign a peace deal.")
_g1_nf = _g1_nf[:-1] + [
    "In Northfork, members of St. Olga Ukrainian Catholic Parish said they would hold a prayer service Sunday "
    "afternoon for soldiers and civilians caught up in the fighting."]
A(outlet="northfork7", date="2025-03-29", time="08:40", date_mode="updated", section="news",
  slug="ukraine-new-push-into-russia-belgorod",
  headline="Ukraine gambles on new push into Russia as Putin floats outside rule for Kyiv",
  dek="Ukrainian officials say an operation is underway in Russia's Belgorod region.",
  authors=["Olena Hartley", "Marek Dussault"], agency="AP", dateline="Kyiv",
  story="ukraine-belgorod-incursion", keywords=SEED_KW,
  photo=("Ukrainian soldiers near the Russian border", "Ukrainian servicemen near the border in the Sumy region.",
         "AP Photo/Oksana Hryhorchuk"),
  paras=_g1_nf)


# ---- G2: Myanmar / Thailand earthquake (Reuters), Friday 28 March 2025 ----
G2_BASE = P("""
BANGKOK/YANGON (Reuters) - A powerful magnitude 7.7 earthquake tore through central Myanmar on Friday,
killing at least 144 people, toppling bridges and homes in the country's second city and bringing down a
high-rise building under construction hundreds of kilometres away in the Thai capital Bangkok.

The shallow quake struck shortly before 1 p.m. local time, with its epicentre near the city of Sagaing, a
short distance northwest of Mandalay, according to the United States Geological Survey. A strong aftershock
rattled the region about 12 minutes later, and smaller tremors continued through the afternoon.

Myanmar's military ruler, Senior General Min Aung Hlaing, said in a televised address that 144 people had
been confirmed dead and 732 injured, and he warned that both figures were likely to climb as rescuers reached
damaged areas. In a rare step for a government that has long kept foreign agencies at arm's length, he said
Myanmar would welcome international assistance.

The junta declared a state of emergency in several regions, including Mandalay and the capital Naypyitaw,
where images shared on social media showed collapsed ceilings in government offices and cracked roads.

In Mandalay, a former royal capital of more than a million people, residents described buildings folding
into the street. A colonial-era bridge across the Irrawaddy River collapsed into the water, and parts of a
centuries-old palace wall crumbled, according to witnesses and photographs verified by Reuters.

"The ground moved like a wave and then everything was dust," said a Mandalay teacher who gave his name only
as Ko Zaw, speaking by telephone before the line cut out. "We are sleeping outside tonight. Nobody wants to go
back in."

Around 1,000 km (620 miles) to the southeast, a 30-storey tower being built for a Thai state agency near
Bangkok's popular Chatuchak market crumpled into a cloud of debris in a matter of seconds. Thai officials said
at least three people were killed and dozens of construction workers were unaccounted for at the site.

Prime Minister Paetongtarn Shinawatra cut short a trip to the southern island of Phuket, held an emergency
meeting and declared the capital an emergency zone. The city's metro and elevated rail lines were halted for
inspection, and thousands of office workers poured out of skyscrapers and waited in parks as the shaking
subsided.

"I thought I was dizzy, and then the water in the rooftop pool started spilling over the edge," said
Pimchanok Rattanawong, 34, an accountant who walked down 22 floors of a hotel in the Sathorn business district.
"People were running down the stairs in bare feet."

Aid groups said they were deeply concerned about conditions in Myanmar, where a civil war that followed the
military's 2021 coup has displaced more than 3 million people, and where hospitals were already short of
staff and supplies. Communications with many affected areas remained patchy late on Friday.

Tremors were also felt in parts of southwestern China's Yunnan province, where local authorities reported
damage to some houses but no immediate casualties.

Reporting by Thant Zin Oo and Napat Wongsiri; Additional reporting by Rachel Ostrander; Writing by Simon Aldous;
Editing by Clare Whitby
""")
G2_KW = ["Myanmar", "Thailand", "earthquake", "Mandalay", "Bangkok"]
G2_PHOTO = ("Rescue workers at the site of a collapsed building in Bangkok",
            "Rescue workers search the site of a high-rise building that collapsed while under construction near Chatuchak market in Bangkok, Thailand, March 28, 2025.",
            "Reuters/Kittipong Saelim")

A(outlet="wirestream", date="2025-03-28", time="14:35", modified="2025-03-28 17:05", section="world",
  slug="powerful-earthquake-myanmar-bangkok-tower-collapse",
  headline="Powerful 7.7 earthquake hits Myanmar, topples high-rise under construction in Bangkok",
  dek="Myanmar's junta says at least 144 dead and makes a rare appeal for foreign help.",
  authors=[], agency="Reuters", dateline="Bangkok", story="myanmar-thailand-earthquake",
  keywords=G2_KW, photo=G2_PHOTO, paras=list(G2_BASE))

_g2_th = list(G2_BASE)
_g2_th.insert(10, "British travellers in Thailand and Myanmar were urged to follow the instructions of local "
                  "authorities and to contact their families to let them know they were safe.")
A(outlet="thamesherald", date="2025-03-28", time="16:05", section="world",
  slug="myanmar-earthquake-bangkok-tower-collapse",
  headline="Myanmar earthquake: scores killed as 7.7 tremor topples Bangkok tower",
  dek="Junta leader says 144 confirmed dead and appeals for international aid; dozens of workers missing in Thai capital",
  authors=[], agency="Reuters", dateline="Bangkok", story="myanmar-thailand-earthquake",
  keywords=G2_KW + ["Asia Pacific"], photo=(G2_PHOTO[0], G2_PHOTO[1], "Kittipong Saelim/Reuters"),
  paras=_g2_th)

_g2_hl = [p.replace("kilometres", "kilometers").replace("epicentre", "epicenter").replace("30-storey", "30-story")
          for p in G2_BASE]
_g2_hl = _g2_hl[:-2] + [_g2_hl[-1]]          # China paragraph trimmed
A(outlet="harborledger", date="2025-03-29", time="08:15", section="world",
  slug="myanmar-earthquake-kills-scores-bangkok-high-rise",
  headline="Powerful quake in Myanmar kills scores and topples a high-rise in Bangkok",
  dek="The 7.7 magnitude earthquake struck near Mandalay; in Thailand, dozens of construction workers were missing after a tower collapsed.",
  authors=[], agency="Reuters", dateline="Bangkok", story="myanmar-thailand-earthquake",
  keywords=G2_KW, photo=(G2_PHOTO[0], G2_PHOTO[1], "Reuters"), paras=_g2_hl)

_g2_nf = [p.replace("kilometres", "kilometers").replace("epicentre", "epicenter").replace("30-storey", "30-story")
          for p in G2_BASE[:-2]]
_g2_nf[0] = _g2_nf[0].replace("BANGKOK/YANGON (Reuters) -", "BANGKOK (Reuters) —", 1)
A(outlet="northfork7", date="2025-03-29", time="11:10", date_mode="url", section="news",
  slug="major-earthquake-strikes-myanmar-thailand",
  headline="Major earthquake strikes Myanmar and Thailand; dozens trapped in Bangkok collapse",
  dek="The magnitude 7.7 quake was centered near Mandalay, Myanmar.",
  authors=[], agency="Reuters", dateline="Bangkok", story="myanmar-thailand-earthquake",
  keywords=G2_KW, photo=(G2_PHOTO[0], "Rescue workers at the site of a collapsed building in Bangkok.", "Reuters"),
  paras=_g2_nf)


# ---- G3: Black Sea arrangements (AP), Tuesday 25 March 2025 ---------------
G3_BASE = P("""
KYIV, Ukraine (AP) — Ukraine and Russia have agreed to stop attacking ships in the Black Sea and to work out
how to enforce a halt to strikes on each other’s energy facilities, the White House said Tuesday after three
days of U.S.-brokered talks in Saudi Arabia.

The announcements, issued in two separate statements after American negotiators met each delegation in
Riyadh, were the first concrete results of President Donald Trump’s push to end the war. But they left
important questions unanswered, including when the measures would take effect and who would monitor them.

Within hours, the Kremlin said the maritime arrangement would only come into force after some Western
restrictions were lifted — among them sanctions on Rosselkhozbank, Russia’s state agricultural lender, and on
other financial institutions involved in food and fertilizer trade, which Moscow wants reconnected to the SWIFT
international payment system.

The White House statement on the talks with Russia said Washington would help restore Russian access to world
markets for farm and fertilizer exports, lower the cost of maritime insurance and improve access to ports and
payment systems for such transactions.

Ukrainian President Volodymyr Zelenskyy told reporters in Kyiv that his government understood the
agreements to take effect immediately and did not require sanctions relief. He accused Moscow of trying to
distort the deal before the ink was dry and said that if Russia broke it, he would ask Trump for more weapons
and tougher sanctions.

Defense Minister Rustem Umerov, who led Ukraine’s delegation, said in a statement that any movement of Russian
warships outside the eastern part of the Black Sea would be treated as a violation and a threat to Ukraine’s
national security, giving Kyiv the right to defend itself.

Asked whether he would consider easing the sanctions Moscow wanted lifted, Trump told reporters at the White
House that his administration was looking at all of Russia’s requests.

The Black Sea has been a crucial front in the three-year war. Ukrainian sea drones and missiles pushed much of
Russia’s fleet out of the western part of the sea, allowing Kyiv to reopen a shipping corridor for grain
exports in 2023, after Moscow pulled out of an earlier deal brokered by the United Nations and Turkey.

A European diplomat who spoke on condition of anonymity because they were not authorized to discuss the talks
publicly said several European capitals were uneasy about any sanctions relief before a full ceasefire was in
place, and that no decision on European measures could be made without the European Union.

Both sides have accused each other of continuing to hit energy targets since Putin told Trump in a phone call
on March 18 that Russia would pause such attacks for 30 days. Moscow blamed Ukraine for an explosion that
destroyed a gas metering station near the town of Sudzha, in the Kursk region, last week; Kyiv denied
involvement and called the accusation a provocation.

Fighting continued elsewhere. A Russian ballistic missile hit a residential area of the northeastern city of
Sumy on Monday, wounding dozens of people, among them children, according to regional officials.

Associated Press writers Ilse Brandner in Moscow and Darnell Pike in Washington contributed to this report.
""")
G3_KW = ["Russia-Ukraine war", "Black Sea", "Saudi Arabia", "sanctions", "Donald Trump"]
G3_PHOTO = ("A cargo ship in the port of Odesa", "A cargo ship is loaded with grain in the port of Odesa, Ukraine, in a file photo.",
            "AP Photo/Ihor Danylenko, File")
A(outlet="wirestream", date="2025-03-25", time="19:40", section="world",
  slug="russia-ukraine-agree-black-sea-halt-white-house",
  headline="Russia and Ukraine agree to halt attacks in Black Sea, White House says",
  dek="The Kremlin quickly tied the maritime deal to the lifting of some Western sanctions.",
  authors=["Yulia Marchenko", "Darnell Pike"], agency="AP", dateline="Kyiv", story="black-sea-ceasefire-deal",
  keywords=G3_KW, photo=G3_PHOTO, paras=list(G3_BASE))

_g3_hl = G3_BASE[:-2] + [G3_BASE[-1]]
A(outlet="harborledger", date="2025-03-26", time="06:30", section="world", comments=False,
  slug="us-says-russia-ukraine-agree-black-sea-truce",
  headline="US says Moscow and Kyiv agree to Black Sea truce, but Kremlin attaches conditions",
  dek="Russia says the maritime deal will not take effect until some sanctions on its farm trade are lifted.",
  authors=["Yulia Marchenko", "Darnell Pike"], agency="AP", dateline="Kyiv", story="black-sea-ceasefire-deal",
  keywords=G3_KW, photo=G3_PHOTO, paras=_g3_hl)

_g3_nf = list(G3_BASE[:-2])
_g3_nf[0] = _g3_nf[0].replace("KYIV, Ukraine (AP) —", "KYIV (AP) —", 1)
_g3_nf[6] = _g3_nf[6].replace("told reporters at the White House", "told reporters at the White House on Tuesday")
A(outlet="northfork7", date="2025-03-26", time="07:05", section="news",
  slug="black-sea-deal-russia-ukraine-conditions",
  headline="White House: Russia, Ukraine agree to stop Black Sea attacks; Kremlin wants sanctions eased first",
  dek="Ukraine says the deal should take effect immediately.",
  authors=["Yulia Marchenko", "Darnell Pike"], agency="AP", dateline="Kyiv", story="black-sea-ceasefire-deal",
  keywords=G3_KW, photo=(G3_PHOTO[0], "A cargo ship in the port of Odesa, Ukraine.", "AP Photo"), paras=_g3_nf)


# ---- G4: US auto tariffs (Reuters), Wednesday 26 March 2025 ---------------
G4_BASE = P("""
WASHINGTON (Reuters) - President Donald Trump on Wednesday announced a 25% tariff on imported cars and light
trucks, a sweeping escalation of his trade offensive that threatens to raise prices for American buyers and
disrupt supply chains that carmakers have spent decades building across North America, Europe and Asia.

Speaking in the Oval Office, Trump said the new duties would take effect on April 2, with collection starting
the following day, and would be permanent. Tariffs on key components such as engines, transmissions and
electrical parts are due to start no later than May 3.

The levy will be added on top of existing duties, including the 2.5% tariff the United States already charges
on imported passenger cars. Vehicles and parts that meet the rules of the United States-Mexico-Canada Agreement
will get a temporary reprieve for their U.S.-made content while the Commerce Department sets up a process to
tax only the non-American portion.

White House officials said they expected the measure to bring in about $100 billion a year in new revenue.
Trump said the policy was meant to push companies to build more plants in the United States and argued that
manufacturers that already assemble vehicles domestically would benefit.

Roughly half of the vehicles sold in the United States last year were imported, with Mexico, Japan, South
Korea, Canada and Germany the largest suppliers. Industry analysts have warned that even vehicles assembled in
the U.S. depend heavily on imported parts.

"There is no such thing as an all-American car anymore, so everybody's costs go up," said Dana Whitcombe, an
auto industry analyst at Larchmont Research. "The question is how much of that lands on the sticker price and
how quickly. My guess is buyers will start to feel it by early summer."

Shares of several automakers fell in extended trading after the announcement.

Canadian Prime Minister Mark Carney described the tariffs as a direct attack on Canadian workers and said his
government would consider its response. European Commission President Ursula von der Leyen said she deeply
regretted the decision and that the bloc would seek negotiated solutions while protecting its economic
interests.

Shawn Fain, president of the United Auto Workers union, welcomed the tariffs, saying they would help bring
back well-paid factory jobs that had moved abroad.

Tesla Chief Executive Elon Musk, a close Trump adviser, wrote on X that his company would not escape the
impact either, because the cost of imported parts would rise.

Reporting by Jonah Feld and Andrea Lucero in Washington; Additional reporting by Kim Seo-yeon in Seoul and
Markus Ehrlich in Berlin; Editing by Paul Tennant and Gareth Rowe
""")
G4_KW = ["tariffs", "autos", "trade", "Donald Trump", "USMCA"]
G4_PHOTO = ("Imported vehicles at a port", "Imported vehicles are parked at a port terminal in Baltimore, Maryland, in a file photo.",
            "Reuters/File photo")
A(outlet="meridian", date="2025-03-26", time="19:02", modified="2025-03-26 21:40", section="autos",
  slug="trump-25-percent-tariffs-imported-cars-parts",
  headline="Trump slaps 25% tariffs on imported cars and parts in escalation of trade war",
  dek="Duties start April 2 and are described as permanent; carmakers warn of higher prices and disrupted supply chains.",
  authors=[], agency="Reuters", dateline="Washington", story="us-auto-tariffs",
  keywords=G4_KW, photo=G4_PHOTO, paras=list(G4_BASE),
  keypoints=["A 25% tariff on imported cars and light trucks takes effect April 2.",
             "Duties on engines, transmissions and other parts start no later than May 3.",
             "USMCA-compliant parts get a temporary reprieve for their U.S. content."])

_g4_ws = G4_BASE[:-2] + [G4_BASE[-1]]
A(outlet="wirestream", date="2025-03-27", time="08:10", section="business",
  slug="trump-announces-25-percent-tariffs-on-imported-cars",
  headline="Trump announces 25% tariffs on imported cars and auto parts",
  dek="The duties take effect on April 2; the White House expects about $100 billion a year in revenue.",
  authors=[], agency="Reuters", dateline="Washington", story="us-auto-tariffs",
  keywords=G4_KW, photo=G4_PHOTO, paras=_g4_ws)

_g4_th = list(G4_BASE)
_g4_th.insert(9, "The United States is the largest single-country export market for British-built cars, and "
                 "the levy is a blow to manufacturers such as Jaguar Land Rover, Bentley and Aston Martin. British "
                 "officials said on Thursday that talks with Washington on a wider economic agreement were continuing.")
_g4_th[0] = _g4_th[0].replace("American buyers", "US buyers")
A(outlet="thamesherald", date="2025-03-27", time="10:45", section="business",
  slug="trump-car-tariffs-uk-carmakers-brace",
  headline="Trump imposes 25% tariff on foreign cars as UK carmakers brace for impact",
  dek="Levy on imported vehicles and parts to take effect next week; Canada and the EU signal a response",
  authors=[], agency="Reuters", dateline="Washington", story="us-auto-tariffs",
  keywords=G4_KW + ["Automotive industry", "UK economy"],
  photo=(G4_PHOTO[0], "Imported vehicles parked at a US port terminal.", "Reuters"), paras=_g4_th)


# ---- G5: Israeli strike on Beirut (AFP), Friday 28 March 2025 -------------
G5_BASE = P("""
BEIRUT, Lebanon (AFP) — Israel struck Beirut’s southern suburbs on Friday for the first time since a ceasefire
with Hezbollah took hold in November, hours after rockets were fired from Lebanon towards northern Israel,
raising fears that the fragile truce could unravel.

The Israeli army had warned residents to leave a building in the Hadath district, which it said was used by
the Iran-backed group to store drones. Families fled on foot and by car, and parents rushed to nearby schools to
collect their children, some of them still in classrooms when the warning spread on social media.

An AFP correspondent saw a large column of smoke rising over the area shortly after the strike, which flattened
the targeted building. There was no immediate word on casualties there.

Earlier in the day, the Israeli military said two projectiles had been launched from Lebanon towards the town
of Kiryat Shmona; one was intercepted and the other fell inside Lebanese territory. It was the second such
launch in a week. Hezbollah denied any role in the rocket fire and said it remained committed to the
ceasefire.

Israeli Defence Minister Israel Katz said in a statement that if there was no calm in Kiryat Shmona and the
Galilee communities, there would be no calm in Beirut either, and he held the Lebanese government responsible
for any fire from its territory.

Lebanese President Joseph Aoun, speaking at a joint news conference in Paris with French President Emmanuel
Macron, condemned the strike and said early investigations did not point to Hezbollah as being behind the
rockets. Macron called the Israeli strikes unacceptable and said he would raise the matter with Prime Minister
Benjamin Netanyahu.

Prime Minister Nawaf Salam ordered the Lebanese army to identify those responsible for launching the rockets,
saying Lebanon would not be dragged back into war.

Israeli strikes also hit several towns in southern Lebanon on Friday, killing several people, according to
Lebanon’s health ministry.

The November 27 truce ended more than a year of cross-border hostilities, including two months of all-out war,
between Israel and Hezbollah. Under its terms, Israel was supposed to pull its troops out of southern Lebanon,
but it has kept soldiers in five hilltop positions it describes as strategic.

“We came back in December thinking the war was behind us,” said Fatima, 41, who gave only her first name as
she stood with her two sons on a street corner in Hadath, holding a bag of documents. “Today I packed the same
bag I packed last September.”

A Western diplomat in Beirut, who asked not to be named because they were not authorised to speak to the
media, said several governments were urging both sides to use the ceasefire monitoring committee rather than
respond with force.

lg-jsa/ami/dcp
""")
G5_KW = ["Lebanon", "Israel", "Hezbollah", "Beirut", "Middle East"]
G5_PHOTO = ("Smoke rises over Beirut's southern suburbs", "Smoke billows from the site of an Israeli strike in the Hadath district of Beirut's southern suburbs on March 28, 2025.",
            "AFP/Karim Saade")
A(outlet="wirestream", date="2025-03-28", time="11:50", modified="2025-03-28 13:25", section="world",
  slug="israel-strikes-beirut-first-time-since-ceasefire",
  headline="Israel strikes Beirut for first time since ceasefire after rocket fire",
  dek="The army targeted what it said was a Hezbollah drone store; the group denied firing rockets.",
  authors=[], agency="AFP", dateline="Beirut", story="israel-strikes-beirut",
  keywords=G5_KW, photo=G5_PHOTO, paras=list(G5_BASE))

_g5_th = list(G5_BASE[:-1])          # AFP slug line dropped
_g5_th[0] = _g5_th[0].replace("BEIRUT, Lebanon (AFP) —", "BEIRUT (AFP) -", 1)
A(outlet="thamesherald", date="2025-03-28", time="16:20", section="world",
  slug="israel-strikes-beirut-suburbs-rockets-lebanon",
  headline="Israel bombs Beirut suburbs for first time since truce as rockets fired from Lebanon",
  dek="Lebanese president condemns strike as Macron calls it unacceptable; Hezbollah denies involvement in rocket fire",
  authors=[], agency="AFP", dateline="Beirut", story="israel-strikes-beirut",
  keywords=G5_KW + ["World news"], photo=(G5_PHOTO[0], G5_PHOTO[1], "Karim Saade/AFP"), paras=_g5_th)

_g5_hl = [p.replace("Defence", "Defense").replace("towards", "toward").replace("authorised", "authorized")
          for p in G5_BASE[:-2]]
A(outlet="harborledger", date="2025-03-29", time="07:00", section="world",
  slug="israel-strikes-beirut-suburbs-ceasefire-strain",
  headline="Israel strikes Beirut suburbs for the first time since November ceasefire",
  dek="The strike followed rocket fire from Lebanon that Hezbollah said it had nothing to do with.",
  authors=[], agency="AFP", dateline="Beirut", story="israel-strikes-beirut",
  keywords=G5_KW, photo=(G5_PHOTO[0], G5_PHOTO[1], "AFP"), paras=_g5_hl)


# ===========================================================================
# The Harbor Ledger - singletons
# ===========================================================================
A(outlet="harborledger", date="2025-03-24", time="21:52", modified="2025-03-25 08:05", section="local",
  slug="council-approves-wharf-street-ferry-terminal-rebuild",
  headline="Port Calder council approves $38 million rebuild of aging Wharf Street ferry terminal",
  dek="The 7-2 vote ends nearly two years of debate over the 1961 terminal, where cracked pilings forced a partial closure last fall.",
  authors=["Renata Solís"], role="Staff writer", dateline="Port Calder", body_in_jsonld=True,
  keywords=["Port Calder", "City Council", "ferries", "transportation", "Wharf Street"],
  photo=("Commuters board a ferry at the Wharf Street terminal",
         "Commuters board the 5:15 p.m. ferry at the Wharf Street terminal in Port Calder on Thursday, March 20, 2025.",
         "Gabe Lindholm / The Harbor Ledger"),
  body="""
PORT CALDER — The Port Calder City Council voted 7-2 on Monday night to spend $38.4 million rebuilding the
Wharf Street ferry terminal, ending nearly two years of argument over whether to repair the 64-year-old
structure or move commuter service to a new site on the east shore.

The plan approved Monday keeps the terminal where it is but replaces the timber pilings beneath the passenger
building, adds a second boarding ramp and raises the waiting area about three feet to protect it from storm
surge. Construction is expected to begin this fall and finish by mid-2027, according to the city’s Department
of Public Works.

“We have been patching this building with duct tape and good intentions since before I was born,” said Council
President Marcus Ellery, who represents the waterfront district. “Tonight we stopped patching.”

The terminal handles about 6,200 riders on a typical weekday, most of them commuters crossing the bay to the
downtown office district. Ridership fell by roughly a third in 2020 and has since recovered to about 85% of its
pre-pandemic level, transit officials told the council last week.

Engineers found cracks in 14 of the terminal’s 212 pilings during an inspection in August 2024, and the city
closed the north boarding ramp in October as a precaution. Since then, all boats have used the single south
ramp, which has stretched boarding times during the morning rush and led to late departures on most weekdays,
according to figures released by the Port Calder Transit Authority earlier this month.

Mayor Denise Okafor, who proposed the rebuild in her budget last year, said in a statement after the vote that
the project would “protect a lifeline for thousands of families who cross the bay every day.” She plans to sign
the measure Wednesday, her spokesperson said.

The two council members who voted no, Gloria Haddad and Tom Brennan, argued that the city should have waited
for a federal grant decision expected this summer. Haddad told colleagues that the approved financing, which
relies on $21 million in city bonds, would crowd out other projects, including repairs to three branch
libraries.

“I am not against the ferry. I am against paying full price when we might not have to,” Haddad said during the
nearly three-hour meeting.

City Finance Director Alan Pruitt said the city would still apply for the federal money and could shrink the
bond issue if the grant comes through. The rest of the cost would be covered by a state transportation grant
awarded in 2023 and by the transit authority’s capital reserve.

Several riders spoke during the public comment period, most of them in favor of the plan. Lena Marsh, a nurse
who takes the 6:40 a.m. boat to St. Brendan’s Hospital, said the single-ramp arrangement had made her late to
work at least twice a week this winter.

“You stand there in the wind watching the boat sit at the dock because only one line can get on,” Marsh said.
“Anything is better than that.”

During construction, the transit authority plans to run ferries from a temporary floating dock at Pier 4, about
a quarter-mile south. Officials said they would publish a detailed schedule by early summer.

The council also voted 9-0 to approve a contract to replace streetlights along Harbor Boulevard, a project
that had been delayed since 2022.
""")

A(outlet="harborledger", date="2025-03-25", time="18:18", modified="2025-03-25 21:30", section="nation",
  slug="intelligence-chiefs-signal-chat-yemen-senate-hearing",
  headline="Intelligence chiefs tell senators no classified material was in Signal chat that included a journalist",
  dek="Democrats pressed Tulsi Gabbard and John Ratcliffe over a group chat about strikes in Yemen, as the White House tried to move past the episode.",
  authors=["Caleb Marston", "Priya Venkataraman"], agency="AP", dateline="Washington",
  keywords=["Signal", "Senate Intelligence Committee", "Yemen", "Houthis", "national security"],
  photo=("Tulsi Gabbard and John Ratcliffe at a Senate hearing",
         "Director of National Intelligence Tulsi Gabbard, left, and CIA Director John Ratcliffe arrive for a Senate Intelligence Committee hearing on Capitol Hill, Tuesday, March 25, 2025, in Washington.",
         "AP Photo/Rod Kessler"),
  body="""
WASHINGTON (AP) — The nation’s top intelligence officials told senators on Tuesday that no classified
information was shared in a Signal group chat in which senior Trump administration officials discussed
planned military strikes in Yemen, a conversation that had mistakenly included the editor of a national
magazine.

Director of National Intelligence Tulsi Gabbard and CIA Director John Ratcliffe, both of whom were members of
the chat, faced pointed questions from Democrats on the Senate Intelligence Committee at what had been
scheduled as a routine annual hearing on worldwide threats.

The episode came to light Monday, when Jeffrey Goldberg, the editor in chief of The Atlantic, wrote that he
had been added to the group earlier this month and had watched officials discuss the timing and targets of the
March 15 strikes against Houthi rebels before the attacks were carried out.

Ratcliffe told the committee that the encrypted messaging app was permitted for some official communications
and that his own messages in the chat contained no classified material. Gabbard said repeatedly that nothing
classified had been shared, but she declined to discuss specific messages when senators pressed her.

Sen. Mark Warner of Virginia, the committee’s top Democrat, said that explanation was hard to believe. He
argued that a midlevel intelligence officer who handled similar details the same way would probably have lost
their job.

Several Democrats, among them Sen. Ron Wyden of Oregon, said the officials responsible should resign. Sen.
Roger Wicker of Mississippi, the Republican who chairs the Armed Services Committee, said Monday that his panel
planned to look into the matter.

President Donald Trump defended his national security adviser, Mike Waltz, who had set up the chat. Speaking
to reporters at the White House, Trump said Waltz had learned from the episode and was doing a good job, and
he suggested that the leak had no effect on the success of the strikes.

Defense Secretary Pete Hegseth, speaking to reporters during a stop in Hawaii on Monday, disputed that war
plans had been sent over the app and attacked Goldberg’s credibility. White House press secretary Karoline
Leavitt wrote on X that no war plans had been discussed and that no classified material was sent to the
thread.

A National Security Council spokesman, Brian Hughes, said Monday that the message chain appeared to be
authentic and that the council was reviewing how an outside number had been added to it.

Former officials said the episode raised questions beyond classification, including whether messages that
were set to disappear after a period of time complied with federal record-keeping law.

“Even if every word in that chat was unclassified, these are official records about a military operation,”
said Harriet Lowe, a former Pentagon records officer who now teaches at Calder State University. “You do not
get to set them to vanish.”

A congressional aide, who spoke on condition of anonymity because they were not authorized to discuss
committee planning, said staff members were weighing whether to formally request copies of the messages.

The hearing also touched on threats from China, Russia and drug cartels, but the chat dominated the questions
for much of the morning.

Associated Press writers Tomás Ferreira and Meredith Kline contributed to this report.
""")

A(outlet="harborledger", date="2025-03-27", time="14:37", section="nation",
  slug="trump-withdraws-stefanik-un-ambassador-nomination",
  headline="Trump withdraws Stefanik’s nomination as UN ambassador, citing the GOP’s slim House majority",
  dek="The New York Republican will stay in Congress as party leaders guard every vote ahead of this spring’s budget fights.",
  authors=["Lydia Abernathy"], agency="AP", dateline="Washington",
  keywords=["Elise Stefanik", "United Nations", "House of Representatives", "Donald Trump", "Congress"],
  photo=("Rep. Elise Stefanik at the Capitol", "Rep. Elise Stefanik, R-N.Y., walks through the Capitol in Washington in a file photo.",
         "AP Photo/Kent Oduya, File"),
  body="""
WASHINGTON (AP) — President Donald Trump said Thursday that he was pulling the nomination of Rep. Elise
Stefanik to be U.S. ambassador to the United Nations and asking the New York Republican to stay in the House,
where his party holds only a razor-thin majority.

In a post on his Truth Social platform, Trump wrote that it was essential to hold onto every Republican seat
in Congress and that he did not want to take a chance on anyone else running for Stefanik’s. He said she would
eventually join his administration in another role.

The decision was a rare reversal for a Cabinet-level pick who had been considered all but certain of
confirmation. The Senate Foreign Relations Committee held her confirmation hearing in January, but the
nomination had been waiting weeks for a floor vote as Republican leaders watched the arithmetic in the House.

Republicans control the chamber 218-213, leaving Speaker Mike Johnson almost no room for defections on
party-line votes. Special elections in Florida on Tuesday are expected to return two safely Republican seats to
the party, but leaders worried that a vacancy in Stefanik’s upstate New York district could drag on for months.

Under New York law, Gov. Kathy Hochul, a Democrat, has some discretion over the timing of a special election,
and Republicans had accused Democrats in Albany of looking for ways to slow one down.

The announcement also came two days after a Democrat won a special election for a Pennsylvania state Senate
seat in Lancaster County that Trump carried in November, a result that rattled some Republicans.

Stefanik, who gave up her post as chair of the House Republican Conference after Trump picked her for the U.N.
job, said in a statement that she would keep serving her constituents and would work to pass the president’s
agenda in the House.

Johnson told reporters at the Capitol that he was glad to have her back and would make sure she had a seat at
the leadership table. House Minority Leader Hakeem Jeffries said the reversal showed that Republicans were
nervous about facing voters.

Trump did not name a new nominee for the post, which has taken on added weight as his administration reviews
U.S. funding for U.N. agencies and questions the value of several international organizations. Last month the
United States voted against a U.N. General Assembly resolution condemning Russia’s invasion of Ukraine.

A Republican aide familiar with the discussions, who spoke on condition of anonymity to describe private
conversations, said party leaders had raised the House math with the White House repeatedly over the past two
weeks.

“Nobody wanted to be the person who lost a budget vote by one seat because a chair was empty in Albany’s
timetable,” the aide said.

Associated Press writer Ruth Okonkwo contributed to this report.
""")

A(outlet="harborledger", date="2025-03-28", time="17:55", modified="2025-03-28 20:10", section="world",
  slug="vance-greenland-pituffik-denmark",
  headline="Vance, on visit to Greenland, accuses Denmark of neglecting the island’s security",
  dek="The vice president’s scaled-back trip to a remote U.S. base came as Greenland’s parties signed a deal for a new coalition government.",
  authors=["Sigrid Aalto", "Nathan Burke"], agency="AP", dateline="Pituffik Space Base",
  keywords=["Greenland", "JD Vance", "Denmark", "Arctic", "Pituffik Space Base"],
  photo=("Vice President JD Vance speaks at Pituffik Space Base",
         "Vice President JD Vance speaks to service members at Pituffik Space Base in Greenland, Friday, March 28, 2025.",
         "AP Photo/Jonas Haldorsen"),
  body="""
PITUFFIK SPACE BASE, Greenland (AP) — Vice President JD Vance used a brief visit to a remote U.S. military base
in Greenland on Friday to accuse Denmark of failing to invest in the Arctic island’s defense, while saying the
United States did not expect to need military force to expand its influence there.

Speaking to service members in a hangar at Pituffik Space Base, far north of the Arctic Circle, Vance argued
that Denmark had underinvested in the people of Greenland and in its security, and he said the island would be
better off under the American security umbrella.

He said President Donald Trump believed the United States needed a stronger position in the Arctic because of
growing activity by Russia and China, and that Greenlanders should be free to decide their own future. He added
that he expected them to choose a partnership with Washington.

Vance was joined by his wife, Usha Vance, national security adviser Mike Waltz, Energy Secretary Chris Wright
and Sen. Mike Lee of Utah. The trip had first been announced as a cultural visit by the second lady to a dog
sled race in the town of Sisimiut, but the White House reshaped it earlier this week after leaders in Greenland
and Denmark objected to an uninvited delegation.

Danish Prime Minister Mette Frederiksen said before the visit that Washington was putting unacceptable
pressure on Greenland and Denmark.

The visit coincided with a political milestone in Nuuk, the capital, where four of the five parties elected to
parliament this month signed a coalition agreement. Jens-Frederik Nielsen, whose Demokraatit party won the
March 11 election, is set to become premier. Nielsen has said Greenland is not for sale and that he favors
independence from Denmark over time rather than quickly.

Hours before Vance landed, Trump told reporters at the White House that the United States needed Greenland
for international security. He has repeatedly declined to rule out the use of force to gain control of the
territory.

Pituffik, known until 2023 as Thule Air Base, supports missile warning and space surveillance operations and
has been run under a 1951 defense agreement between the United States and Denmark.

In Nuuk, some residents said they were tired of being discussed as a prize. “It feels like people are talking
about us instead of to us,” said Aviaja Petersen, 29, a schoolteacher who watched coverage of the visit on her
phone during a lunch break.

A Danish official, who spoke on condition of anonymity because he was not authorized to comment publicly, said
Copenhagen would respond to Vance’s criticism through diplomatic channels rather than in public.

Aalto reported from Copenhagen, Denmark. Associated Press writer Darnell Pike in Washington contributed to
this report.
""")

A(outlet="harborledger", date="2025-03-30", time="11:20", modified="2025-03-30 17:45", section="local",
  slug="storms-high-winds-sunday-night-cooldown",
  headline="Strong storms and gusts up to 50 mph expected Sunday night before a sharp cooldown",
  dek="Forecasters urge residents to secure outdoor furniture; the transit authority warns of possible ferry cancellations Monday morning.",
  authors=["Owen Castellanos"], role="Staff writer", dateline="Port Calder",
  keywords=["weather", "Port Calder", "storms", "wind advisory", "ferries"],
  photo=("Dark clouds over the bay", "Clouds gather over the bay near the Eastmoor seawall in Port Calder on Sunday, March 30, 2025.",
         "Gabe Lindholm / The Harbor Ledger"),
  body="""
PORT CALDER — A line of strong thunderstorms is expected to sweep across the Port Calder area late Sunday,
bringing wind gusts of up to 50 mph, brief heavy rain and possibly small hail before temperatures drop by more
than 20 degrees on Monday, forecasters said.

The National Weather Service placed the region under a wind advisory from 6 p.m. Sunday until 10 a.m. Monday
and said a severe thunderstorm watch was possible for counties west of the bay by late afternoon.

“This is a fast-moving line, so it won’t rain for long in any one spot, but the wind is the part people need to
take seriously,” said meteorologist Kendra Abiola of the weather service’s Port Calder office. “Anything loose
in your yard can turn into a projectile.”

The storms are tied to a cold front pushing east from the Great Lakes. Forecasters expect the line to reach the
western suburbs between 8 and 9 p.m. and to cross the bay by about 11 p.m. Up to an inch of rain could fall in
some neighborhoods, with street flooding possible in low-lying parts of the Canal District, which flooded twice
last spring.

Ahead of the front, Sunday afternoon was unusually warm, with highs near 78 degrees and a gusty southwest wind.
Behind it, Monday’s highs are forecast to reach only the low 50s, and the weather service said frost was
possible in the outer suburbs early Tuesday.

Calder Valley Power said it had placed extra crews on standby and asked customers to report outages online
rather than by phone. About 41,000 customers lost power during a similar windstorm in early March, and some
waited more than a day for service to return.

The Port Calder Transit Authority said ferries would run on their normal schedule Sunday evening but warned that
the first two departures Monday morning could be canceled if winds over the bay stayed above 35 mph. Riders were
told to check the authority’s app before leaving home.

City public works crews spent Saturday clearing storm drains along Harbor Boulevard and in Eastmoor, said city
spokesperson Jamal Whitfield, who added that sandbags were available at the Eastmoor fire station and at the
public works yard on Ninth Street until 8 p.m.

At a hardware store on Ninth Street on Saturday afternoon, Derek Molloy was buying bungee cords and a tarp.

“Last time I lost a trampoline to the neighbor’s yard,” Molloy said. “I’m not taking chances with this one.”

Forecasters said drier, calmer weather should return by Wednesday, with highs back in the 60s by the end of the
week.
""")

A(outlet="harborledger", date="2025-03-30", time="15:40", section="world",
  slug="trump-angry-putin-secondary-tariffs-russian-oil",
  headline="Trump says he is angry with Putin and threatens tariffs on buyers of Russian oil",
  dek="The president’s comments in a weekend phone interview marked a shift in tone after weeks of courting Moscow over a ceasefire in Ukraine.",
  authors=["Caleb Marston"], agency="AP", dateline="Washington",
  keywords=["Donald Trump", "Vladimir Putin", "Russia-Ukraine war", "tariffs", "oil"],
  photo=("President Donald Trump speaks to reporters", "President Donald Trump speaks to reporters aboard Air Force One in a file photo.",
         "AP Photo/Ben Carrow, File"),
  body="""
WASHINGTON (AP) — President Donald Trump said Sunday that he was very angry with Russian President Vladimir
Putin for questioning the legitimacy of Ukraine’s leader, and he threatened new tariffs on countries that buy
Russian oil if Moscow stands in the way of a deal to end the war.

In a telephone interview with NBC News, Trump said he had been upset when Putin suggested last week that
Ukraine should be placed under some form of temporary outside administration so that new elections could be
held, a proposal that Kyiv and its European allies dismissed.

Trump said that if the United States and Russia could not reach a deal to stop the bloodshed, and if he
concluded that Russia was to blame, he would impose secondary tariffs of 25% to 50% on all oil coming out of
Russia, meaning penalties on the countries that buy it. He said he expected to speak with Putin this week.

The remarks were a notable change in tone from a president who has often spoken warmly of Putin and who
publicly berated Ukrainian President Volodymyr Zelenskyy in the Oval Office a month ago.

Trump previewed the idea of secondary tariffs earlier in the week, when he announced that countries importing
Venezuelan oil would face a 25% tariff on their trade with the United States starting April 2.

Putin made his proposal on Thursday while visiting the northern port city of Murmansk, in remarks broadcast
early Friday. He argued that Zelenskyy, whose five-year term would have ended last year had martial law not
postponed elections, could not sign a binding agreement.

Zelenskyy has accused the Kremlin of stalling in order to seize more ground before any ceasefire takes hold. Over
the past week, Russia and Ukraine each accused the other of violating a tentative pause on strikes against
energy facilities.

China and India are the largest buyers of Russian crude, and any move to penalize their purchases would ripple
through global oil markets and complicate Washington’s relations with both countries.

In the same interview, Trump warned Iran that it could face bombing and secondary tariffs if it did not reach
an agreement over its nuclear program, and he said he was not joking about exploring ways to serve a third
term, which the Constitution prohibits.

There was no immediate comment from the Kremlin.

“The question is whether this is leverage or just frustration,” said Yevgenia Larkin, a Russia analyst at the
Halden Institute in Washington. “Moscow has heard plenty of threats over the past three years. What it watches
is whether anybody follows through.”

A senior administration official, who spoke on condition of anonymity to discuss internal deliberations, said
no decision had been made on how secondary tariffs on Russian oil would be structured.

Associated Press writers Ilse Brandner in Moscow and Yulia Marchenko in Kyiv contributed to this report.
""")


# ===========================================================================
# The Thames Herald - singletons
# ===========================================================================
A(outlet="thamesherald", date="2025-03-24", time="15:40", modified="2025-03-24 19:05", section="world",
  slug="turkey-detains-protesters-istanbul-mayor-imamoglu",
  headline="Turkey detains more than 1,100 as protests over jailed Istanbul mayor spread",
  dek="Ekrem İmamoğlu named main opposition party's presidential candidate hours after a court ordered him held pending trial",
  authors=[], agency="Reuters", dateline="Istanbul",
  keywords=["Turkey", "Ekrem İmamoğlu", "Recep Tayyip Erdoğan", "Protest", "Europe"],
  photo=("Protesters in Istanbul", "Demonstrators gather outside Istanbul's city hall in the Saraçhane district on Sunday night.",
         "Umut Kaya/Reuters"),
  body="""
ISTANBUL (Reuters) - Turkish authorities have detained more than 1,100 people since protests erupted over the
arrest of Istanbul Mayor Ekrem İmamoğlu, the interior minister said on Monday, as demonstrations against the
jailing of President Tayyip Erdogan's main political rival entered their sixth day.

Interior Minister Ali Yerlikaya said on X that 1,133 people had been detained during what he called illegal
protests in several cities since Wednesday, and that 123 police officers had been injured.

A court on Sunday ordered İmamoğlu jailed pending trial on corruption charges, while rejecting a separate
request to hold him on terrorism-related accusations. The Interior Ministry later suspended him from office. He
denies all the charges, which his supporters say are politically motivated. The government rejects that and
says the courts are independent.

On the same day, the Republican People's Party (CHP) went ahead with a primary in which İmamoğlu was the only
candidate, naming him as its challenger for the next presidential election, due in 2028. The party said around
15 million people had cast ballots, the vast majority of them non-members voting in symbolic solidarity boxes
set up across the country.

Crowds gathered again late on Sunday outside Istanbul's city hall in the Saraçhane district, where police used
pepper spray, water cannon and rubber bullets to disperse protesters who tried to break through barricades.

CHP leader Özgür Özel told supporters the party would keep up peaceful demonstrations until İmamoğlu was
released. Erdogan has accused opposition leaders of inciting unrest and said the government would not give in
to what he described as street intimidation.

Several journalists who had covered the demonstrations were detained in early-morning raids on Monday,
according to press freedom groups and their employers.

"We are here because tomorrow it could be any of us," said Elif, a 21-year-old university student in Istanbul
who asked that her surname not be used for fear of reprisals. "They cannot jail a whole generation."

The turmoil has rattled Turkish markets. The lira fell to a record low against the dollar last Wednesday, and
the central bank raised its overnight lending rate to 46% at an unscheduled meeting the following day. Finance
Minister Mehmet Simsek has said the authorities will do whatever is needed to keep markets stable.

European officials have voiced concern about the arrest, with several governments calling on Ankara to respect
democratic norms and the right to peaceful protest.

Two Turkish officials, who spoke on condition of anonymity because they were not authorised to discuss the
matter publicly, said the government expected the protests to lose momentum within days. Opposition figures
dismissed that view.

Reporting by Can Yilmazer and Deniz Aksoy; Writing by Harriet Kemp; Editing by Simon Pell
""")

A(outlet="thamesherald", date="2025-03-25", time="09:20", section="world",
  slug="tokyo-court-orders-unification-church-dissolution",
  headline="Tokyo court orders Unification Church to be dissolved",
  dek="Ruling follows government request made after the 2022 killing of former prime minister Shinzo Abe",
  authors=[], agency="Reuters", dateline="Tokyo",
  keywords=["Japan", "Unification Church", "Shinzo Abe", "Religion", "Asia Pacific"],
  photo=("Reporters outside the Tokyo District Court", "Reporters wait outside the Tokyo District Court on Tuesday.",
         "Kenta Mori/Reuters"),
  body="""
TOKYO (Reuters) - A Tokyo court on Tuesday ordered the dissolution of the Japanese arm of the Unification
Church, agreeing with the government that the group had caused widespread harm by pressuring followers into
making huge donations, in a ruling that could strip it of its tax-exempt status.

The Tokyo District Court's decision came about 17 months after Japan's education ministry asked it to revoke the
group's legal status as a religious corporation, following a government investigation into its fundraising and
recruitment practices.

The church, formally known as the Family Federation for World Peace and Unification, said in a statement that
the ruling was deeply regrettable and that it planned to appeal.

Scrutiny of the group intensified after the assassination of former prime minister Shinzo Abe in July 2022. The
man charged with the killing, Tetsuya Yamagami, told investigators he had targeted Abe because he believed the
politician was linked to the church, which he blamed for ruining his family's finances through his mother's
donations. Yamagami's trial has yet to begin.

Investigations by media and the ruling Liberal Democratic Party in the months after the shooting revealed ties
between the church and scores of lawmakers, damaging support for the government of then-prime minister Fumio
Kishida.

Under a dissolution order, the group would lose its status as a religious corporation along with the tax
benefits that come with it, and a court-appointed liquidator would take charge of its assets. It would still be
allowed to operate as a religious organisation.

Only two religious groups have previously been ordered dissolved under the law, both for criminal acts: the Aum
Shinrikyo cult, which carried out the 1995 sarin gas attack on the Tokyo subway, and a temple group in 2002.
Tuesday's order is the first based on violations of civil law.

Chief Cabinet Secretary Yoshimasa Hayashi told a regular news conference that the government would continue to
support people who say they were harmed by the group.

Lawyers representing former followers welcomed the ruling. "Families have waited years for a court to say out
loud what happened to them," said Kenji Moriyama, a lawyer who represents a group of former members seeking
compensation. "This is not the end, but it is a turning point."

The church was founded in South Korea in 1954 by Sun Myung Moon and became known for its mass wedding ceremonies.
Its Japanese branch was established in 1959 and for decades provided a large share of the global organisation's
funding, according to former members and researchers.

A person close to the church's Japanese leadership, who declined to be named because they were not authorised to
speak to the media, said the group would continue to hold services while the appeal was pending.

Reporting by Haruka Senda and Tom Wexley; Editing by Martin Greaves
""")

# Legacy page: ISO-8859-1, no charset declared anywhere (straight quotes only).
A(outlet="thamesherald", date="2025-03-26", time="16:40", modified="2025-03-27 08:15", section="politics",
  slug="spring-statement-reeves-obr-growth-forecast-welfare", encoding="iso-8859-1",
  headline="Reeves cuts spending plans after OBR halves growth forecast for 2025",
  dek="Chancellor restores her £9.9bn buffer with welfare and Whitehall savings as the official forecaster downgrades the outlook",
  authors=["Eleanor Pryce"], role="Economics correspondent", dateline=None,
  keywords=["Spring statement", "Rachel Reeves", "Economics", "Welfare", "UK news"],
  photo=("Rachel Reeves outside 11 Downing Street", "Rachel Reeves leaves 11 Downing Street for the Commons on Wednesday.",
         "Leon Farrow/Thames Herald"),
  body="""
Rachel Reeves has announced fresh cuts to welfare and to the running costs of government after the Office for
Budget Responsibility halved its forecast for UK economic growth this year, in a spring statement overshadowed by
a weaker economy and rising global tensions.

Speaking in the Commons on Wednesday, the chancellor said the world had changed since her first budget in
October and that the government would respond with a plan to make Britain more secure, both economically and
militarily.

The OBR now expects the economy to grow by 1% in 2025, down from the 2% it forecast in the autumn, although it
raised its projections for the following years to just under 2% a year.

The package restores the £9.9bn of headroom against her main fiscal rule, which requires day-to-day spending to
be covered by tax receipts by 2029-30. Higher borrowing costs since the autumn had wiped out that buffer
entirely.

Changes to disability and incapacity benefits, most of which were set out last week, are expected to save about
£4.8bn a year by the end of the decade, according to the OBR. Ms Reeves also confirmed a cut of 15% in
Whitehall's administrative costs by 2030 and an extra £2.2bn for defence next year, part of the government's
plan to raise defence spending to 2.5% of national income by 2027.

Earlier on Wednesday, figures from the Office for National Statistics showed consumer price inflation eased to
2.8% in February from 3% in January, a small piece of good news for the Treasury.

Mel Stride, the shadow chancellor, said the chancellor had been forced into an emergency budget by choices she
had made herself, and warned that businesses were already cutting jobs ahead of higher employer national
insurance contributions, which take effect next month.

Zoë Müller, who runs a café in Walthamstow, north-east London, with four staff, said the statement did little to
change her sums. "My energy bill, my rent, my staff costs after April - it all goes up at once," she said.
"Nothing I heard today changes that. It would be naïve to think the next budget will be any kinder."

A few doors down, Jürgen Weiß, a German-born pâtissier who has lived in London since 2009, said his suppliers had
raised the price of butter and crème fraîche twice since January. "Everyone is told to be patient," he said.
"Patience does not pay the rent."

Stéphane Lefèvre, chief UK economist at the consultancy Harcourt & Bell, said the chancellor had "bought herself
a little time, not a lot". Mr Lefèvre added: "The buffer is thin enough that one bad set of gilt auctions could
eat it. Expect the same conversation in the autumn."

A Treasury source, speaking on condition of anonymity, said ministers had considered and rejected a further
round of tax rises before the statement, preferring to wait for the full budget later this year.

The next full budget is expected in the autumn, when the OBR will publish a new set of forecasts. Economists said
the outlook would depend heavily on whether the US follows through with tariffs on its trading partners next
week.
""")

A(outlet="thamesherald", date="2025-03-27", time="18:25", section="world",
  slug="paris-summit-coalition-of-the-willing-reassurance-force",
  headline="Macron says European 'reassurance force' could deploy to Ukraine after a ceasefire",
  dek="Leaders meeting in Paris agree sanctions on Russia must stay, as Starmer accuses Putin of dragging his feet",
  authors=["Camille Duret"], role="in Paris", dateline="Paris",
  keywords=["Ukraine", "Emmanuel Macron", "Keir Starmer", "Russia", "Europe"],
  photo=("Leaders at the Elysee Palace", "Emmanuel Macron greets Volodymyr Zelenskyy at the Élysée Palace on Thursday.",
         "Marc Delorme/AFP"),
  body="""
PARIS — Emmanuel Macron said on Thursday that several European countries were ready to send a "reassurance
force" to Ukraine once a peace deal is reached, after hosting about 30 leaders and senior officials at the
Élysée Palace for talks on how to guarantee any ceasefire with Russia.

The French president told a news conference that the idea did not have the backing of every country at the
table, and that any troops would not be a peacekeeping force deployed along the front line. Instead, he said,
they would be stationed at strategic locations in Ukraine to deter a future Russian attack.

There was unanimity, he said, that it was too early to lift any sanctions on Russia, rejecting a key demand
Moscow attached to the Black Sea arrangement announced by Washington on Tuesday.

Keir Starmer, who has led the so-called coalition of the willing alongside Macron, said after the meeting that
Vladimir Putin was dragging his feet and playing games, and that the group would step up pressure on Moscow.

Volodymyr Zelenskyy, who attended the talks and met Macron on Wednesday evening, urged allies to keep up the
pressure and warned that any easing of sanctions would be a mistake while Russian attacks continued.

Macron also announced that a joint French and British military delegation would travel to Ukraine in the coming
days to help plan the future shape of its armed forces, which he described as the first line of defence against
any renewed invasion.

Not every government is on board. Italy's prime minister, Giorgia Meloni, has said Italy will not contribute
troops, and several eastern European states have said their forces are needed at home. The United States was not
represented at the meeting.

A senior European diplomat, who spoke on condition of anonymity because the discussions were private, said much
of the afternoon had been spent not on numbers of soldiers but on what air and naval support would be needed to
make any force credible.

"Europeans are trying to design a guarantee that works even if Washington keeps its distance," said Hélène
Marchetti, a defence analyst at the Institut Lavoisier in Paris. "That is a much harder exercise than anything
they have attempted since the 1990s."

The meeting was the third of its kind since early March. Officials said military chiefs would meet again in
London next month to refine the plans.

Agence France-Presse contributed to this report.
""")

A(outlet="thamesherald", date="2025-03-29", time="13:10", section="science",
  slug="partial-solar-eclipse-uk-clouds",
  headline="Partial solar eclipse gives Britain a glimpse of a bitten sun - where the clouds allowed",
  dek="More than 40% of the sun was covered in parts of northern Scotland; the next chance comes in August 2026",
  authors=["Nadia Okonjo"], role="Science correspondent", dateline=None,
  keywords=["Eclipses", "Space", "Astronomy", "UK weather", "Science"],
  photo=("The partially eclipsed sun", "The partially eclipsed sun seen through thin cloud over north London on Saturday morning.",
         "Leon Farrow/Thames Herald"),
  body="""
Skywatchers across Britain stepped outside on Saturday morning to see the moon take a bite out of the sun, though
for many the view of the partial solar eclipse was spoiled by stubborn cloud.

The eclipse began shortly after 10am and reached its peak at around 11am, when the moon covered roughly a third of
the sun's disc as seen from London. Viewers further north had a deeper eclipse, with more than 40% of the sun
obscured in parts of northern Scotland. It was over by about midday.

Nowhere on Earth saw a total eclipse on Saturday. The deepest views, with the sun more than 90% covered, were over
remote parts of north-eastern Canada and Greenland.

At an informal gathering on Primrose Hill in north London, a few dozen people with eclipse glasses and
home-made pinhole viewers cheered when a gap opened in the cloud shortly before the maximum.

"We got about four minutes of proper sun and that was enough," said Tobias Reinholt, 52, who had brought his two
daughters and a colander to project crescent-shaped spots on to a sheet of card. "The girls were more impressed
by the colander than by the sun."

In Edinburgh and Aberdeen the skies were clearer, and amateur astronomers posted images of a crisp crescent sun
on social media. In parts of Wales and south-west England, persistent low cloud meant many saw nothing at all.

Experts had repeated warnings in the days before the eclipse that looking directly at the sun, even when it is
partly covered, can cause permanent damage to the eyes, and that ordinary sunglasses offer no protection.

"People underestimate how bright even a thin crescent of sun still is," said Dr Priya Anand, an optometrist who
volunteers with the Greater London Astronomy Circle. "The safest way is always indirect: a pinhole, a colander,
or the shadow of a leafy tree."

The next eclipse visible from the UK will come on 12 August 2026, when the path of totality crosses Greenland,
Iceland and northern Spain and Britain will see a deep partial eclipse in the early evening.

Partial eclipses offer little to professional astronomers, who prize the few minutes of totality when the sun's
faint outer atmosphere, the corona, can be studied. But enthusiasts say events like Saturday's remain one of the best
ways to get children interested in science, and several schools had planned viewing sessions.

Eclipse watchers have one more adjustment to make this weekend: the clocks go forward by an hour at 1am on Sunday,
marking the start of British summer time.
""")

A(outlet="thamesherald", date="2025-03-29", time="22:05", section="sport",
  slug="sabalenka-beats-pegula-miami-open-final",
  headline="Sabalenka beats Pegula to win first Miami Open title",
  dek="World No 1 ends run of defeats in 2025 finals with straight-sets victory",
  authors=[], agency="AFP", dateline="Miami", comments=False,
  keywords=["Tennis", "Aryna Sabalenka", "Jessica Pegula", "Miami Open", "Sport"],
  photo=("Aryna Sabalenka celebrates with the trophy", "Aryna Sabalenka holds the Miami Open trophy at Hard Rock Stadium on Saturday.",
         "Diego Paredes/AFP"),
  body="""
MIAMI (AFP) - Aryna Sabalenka won the Miami Open for the first time on Saturday, beating home favourite Jessica
Pegula 7-5, 6-2 to collect a trophy that had eluded her throughout her career and end a frustrating run in
finals this year.

The world number one from Belarus had lost her previous two title matches of the season, against Madison Keys at
the Australian Open in January and against Mirra Andreeva at Indian Wells earlier this month.

Pegula, the fourth seed, had a crowd that was firmly on her side and kept the first set close for long spells.
Sabalenka edged it 7-5 and then pulled away in the second, her heavy serving and hitting proving too much for the
American.

It was a reminder of why the Belarusian has spent most of the past six months at the top of the rankings: when
the rallies were long, she was the one dictating them.

The two players have met in several big matches over the past year, most notably the 2024 US Open final, which
Sabalenka also won in straight sets.

Sabalenka said afterwards that her two recent defeats in finals had taught her to stay calm and patient rather
than chase every point, and she thanked her team for sticking with her through a difficult spring.

Pegula, who lives in Florida and had been bidding for the biggest title of her career on home soil, said she
had been proud of her week and congratulated Sabalenka on being the best player in the world at the moment.

It was Sabalenka's second title of the year, after she won in Brisbane in January, and her first at the Miami
Open, which has been played at Hard Rock Stadium in Miami Gardens since 2019. The tournament is the second leg of
the so-called Sunshine Double, after Indian Wells.

Pegula reached the final by beating Filipino teenager Alexandra Eala, whose run through the draw as a wildcard had
been one of the stories of the fortnight.

The victory strengthens Sabalenka's hold on the top ranking heading into the clay-court season, which begins in
earnest next month.

The men's final on Sunday pits Novak Djokovic, chasing a 100th career title, against Czech teenager Jakub
Mensik.

"She played the big points like a number one," said Lucia Ferrante, a former tour player who now coaches in Boca
Raton. "When it was tight in the first set she did not panic, and after that the match was hers."

bur-mw/jc
""")

A(outlet="thamesherald", date="2025-03-30", time="10:15", section="world",
  slug="istanbul-rally-imamoglu-opposition-early-elections",
  headline="Huge crowds rally in Istanbul as opposition demands early elections",
  dek="CHP leader claims more than 2 million attended; foreign journalists among those detained or deported during crackdown",
  authors=[], agency="Reuters", dateline="Istanbul",
  keywords=["Turkey", "Ekrem İmamoğlu", "Protest", "Press freedom", "Europe"],
  photo=("Crowds at the opposition rally in Maltepe", "Supporters of the Republican People's Party fill the rally grounds in Istanbul's Maltepe district on Saturday.",
         "Umut Kaya/Reuters"),
  body="""
ISTANBUL (Reuters) - Hundreds of thousands of people filled a waterfront rally ground on Istanbul's Asian side on
Saturday to demand the release of jailed mayor Ekrem İmamoğlu, as the main opposition party called for early
elections and vowed to keep up the pressure on President Tayyip Erdogan.

The leader of the Republican People's Party (CHP), Özgür Özel, told the crowd in the Maltepe district that more
than 2 million people had attended. The figure could not be independently verified, but aerial footage showed the
grounds and surrounding roads packed with flag-waving supporters.

A message from İmamoğlu, who has been held in Silivri prison since last Sunday, was read out to the crowd. In it
he thanked supporters and said he would not be intimidated.

Özel said the party would continue to hold rallies in a different city every week and urged supporters to keep
boycotting companies the party accuses of backing the government. He called for a presidential election to be
held well before the scheduled date in 2028.

Nearly 2,000 people have been detained since the protests began on March 19, according to government figures,
and courts have ordered hundreds of them held pending trial, including students.

The crackdown has also reached foreign media. A BBC correspondent was deported last week after being detained in
his hotel, with the authorities saying he posed a threat to public order, and a Swedish journalist was detained
on arrival in Istanbul on Thursday, according to his newspaper.

Erdogan has dismissed the protests as political theatre staged by the opposition and predicted that they would
fade. He has also said the CHP will be held to account for damage caused during the demonstrations.

"I came with my mother and my grandmother," said Zeynep, 24, a nurse who declined to give her surname. "Three
generations. That should tell you something."

İmamoğlu was first elected mayor of Istanbul in 2019, winning a rerun vote after the original result was
annulled, and was re-elected last year, when the CHP beat Erdogan's AK Party in the popular vote in nationwide local
elections for the first time.

"The opposition has shown it can fill a square. The harder task is keeping people engaged for months rather than
days," said Selin Arkan, a political scientist at a private university in Istanbul.

Turkish markets have steadied somewhat after last week's sell-off, helped by central bank measures and
reassurances from economic officials, but analysts say investors remain nervous about the political outlook.

Reporting by Can Yilmazer and Deniz Aksoy; Writing by Harriet Kemp; Editing by Alison Marsh
""")


# ===========================================================================
# Northfork 7 News - singletons (no date metadata; visible text or URL only)
# ===========================================================================
A(outlet="northfork7", date="2025-03-24", time="18:15", date_mode="published", section="news",
  slug="red-flag-warning-fire-danger-northfork-valley",
  headline="Red flag warning: Dry air, strong winds raise fire danger across Northfork Valley",
  dek="Burn bans are in effect in Ashby and Crane counties through Wednesday.",
  authors=["Jenna Whitfield"], dateline="Northfork",
  keywords=["weather", "fire danger", "red flag warning", "Ashby County"],
  photo=("Grass fire scar near Route 9", "Firefighters mop up a grass fire along Route 9 west of Cedar Bluff last week.",
         "Northfork 7 News"),
  body="""
NORTHFORK — Forecasters have issued a red flag warning for most of the Northfork Valley from noon to 8 p.m.
Tuesday, saying a combination of very dry air, strong southwest winds and dormant grass could allow any fire to
spread quickly.

The 7 First Alert Weather team expects gusts of 40 to 45 mph on Tuesday afternoon, with relative humidity dropping
as low as 12% in the western half of the valley. Little rain has fallen since early March, and the region is about
2 inches below normal for the year.

“When you have this kind of wind and humidity in the teens, a spark from a dragging trailer chain is all it takes,”
said 7 News chief meteorologist Dale Okerlund. “We are asking people to hold off on any outdoor burning until we
get a good soaking rain.”

Ashby and Crane counties both declared burn bans on Monday that will stay in place through at least Wednesday.
Ashby County Emergency Management Director Ruth Dansby said violators could face fines of up to $500, and that
deputies would be patrolling rural roads where brush piles are often burned in the spring.

Firefighters are still cleaning up after a grass fire last Tuesday that burned about 300 acres along Route 9 west
of Cedar Bluff. That fire started when a landowner’s debris pile rekindled in the wind, according to Cedar Bluff
Volunteer Fire Chief Marty Ocampo.

“We were lucky. The wind shifted and pushed it back onto ground it had already burned,” Ocampo said. “If it had gone
the other way, we would have been knocking on doors in Pine Hollow.”

Ocampo said his department, like many volunteer departments in the valley, is short on daytime firefighters because
most members work jobs outside town. He asked residents to keep their addresses clearly marked and to clear dead
grass and leaves within 30 feet of their homes.

The state Forestry Division said it had moved an additional engine crew and a bulldozer to the Millbrook station
for the rest of the week.

The last time the valley saw a fire season this early was in 2022, when a wind-driven fire near Millbrook destroyed
two barns and forced the evacuation of about 60 homes in late March.

Some relief could be on the way. Okerlund said a storm system later this week could bring the valley its first
widespread rain in nearly a month, with the best chance on Friday night.

Residents can sign up for emergency alerts through their county’s website or by texting the county name to the
valley’s alert line.
""")

A(outlet="northfork7", date="2025-03-25", time="17:30", date_mode="updated", section="news",
  slug="northfork-schools-weigh-four-day-week",
  headline="Northfork schools weigh switch to four-day week as budget gap grows",
  dek="The school board will vote April 14 after a district survey.",
  authors=["Marcus Delacroix"], dateline="Northfork",
  keywords=["education", "Northfork Unified", "school board", "budget"],
  photo=("Northfork High School", "Students leave Northfork High School on Tuesday afternoon.", "Northfork 7 News"),
  body="""
NORTHFORK — The Northfork Unified School District could move to a four-day school week as early as this fall,
as district leaders look for ways to close a projected $2.3 million budget shortfall and hold onto teachers.

Superintendent Angela Reyes-Whitman presented the proposal to the school board on Monday night. Under the plan,
students would attend class Tuesday through Friday, with slightly longer school days, and the district would offer
optional child care and tutoring on Mondays for families who need it.

District officials estimate the change would save about $1.1 million a year, mostly on transportation, utilities
and substitute teachers. Reyes-Whitman said the bigger benefit could be in recruiting.

“Every spring we lose good teachers to districts that can offer them a three-day weekend,” Reyes-Whitman told the
board. “We have to compete for people, not just dollars.”

Several rural districts in the region have moved to four-day weeks since 2020, and at least two neighboring
districts made the switch last year. Research on the effect on student achievement has been mixed, and some
studies have found small declines in test scores.

Board President Carl Lindqvist said he had not made up his mind. He said the board would not vote until it had
seen the results of a district survey of parents and staff, which closes April 4.

“I’ve heard from grandparents who love the idea and from working parents who are terrified of it,” Lindqvist
said. “Both of those are fair.”

The Northfork Education Association, which represents about 310 teachers, said in a statement that its members
supported exploring the change but wanted guarantees that longer days would not mean unpaid extra work.

Parents who spoke at Monday’s meeting were divided. Tasha Greenwood, a single mother of two who works at the
hospital in Millbrook, said finding care for Mondays would cost her more than she could afford. Another parent,
Brent Aldana, said his children already spent Mondays on sports travel and would welcome the change.

District staff said the optional Monday program would be free for families who qualify for free or reduced-price
meals and would cost other families a fee that has not yet been set.

The board is scheduled to vote at its April 14 meeting. If approved, the new calendar would begin in August.

Northfork 7 News reached out to the state education department about how a four-day week would affect funding
formulas; a spokesperson said the department does not comment on local calendar decisions.
""")

A(outlet="northfork7", date="2025-03-27", time="05:32", date_mode="published", section="news",
  slug="south-korea-wildfires-death-toll-temple",
  headline="South Korea’s deadliest wildfires kill at least 26 and destroy an ancient temple",
  dek="Tens of thousands of people have fled fires in the southeast of the country.",
  authors=["Kwon Min-jae", "Seo Hye-won"], agency="AP", dateline="Andong",
  keywords=["South Korea", "wildfires", "Andong", "Uiseong", "Gounsa"],
  photo=("Smoke from wildfires over hills near Andong", "Smoke rises from a wildfire on a hillside near Andong, South Korea, Wednesday, March 26, 2025.",
         "AP Photo/Park Ji-hoon"),
  body="""
ANDONG, South Korea (AP) — Wildfires fanned by strong, dry winds have killed at least 26 people in southeastern
South Korea, destroyed a temple that stood for more than a millennium and forced tens of thousands of people from
their homes, officials said Thursday, in what authorities called the worst wildfire disaster in the country’s
history.

The largest fire began last Saturday in Uiseong county and spread across North Gyeongsang province into the
neighboring counties of Andong, Cheongsong, Yeongyang and Yeongdeok, reaching the east coast within days. Many
of the dead were older residents of small villages who were caught in their homes or in vehicles as they tried
to escape.

Acting President Han Duck-soo said the fires were spreading in ways that exceeded existing forecasting models
and urged officials to use every available resource to protect lives. Thousands of firefighters, soldiers and
public workers have been deployed along with dozens of helicopters.

One of those helicopters crashed in a mountainous area of Uiseong on Wednesday, killing its pilot, officials
said. Four people, including three contract workers hired to fight the flames, died in a separate fire in
Sancheong county last weekend.

Gounsa, a Buddhist temple in Uiseong believed to have been founded in the seventh century, burned down Tuesday
as the fire swept through the surrounding forest. Monks and workers had moved several treasures to safety
beforehand, according to the Korea Heritage Service.

Firefighters also worked to protect the Hahoe Folk Village in Andong, a UNESCO World Heritage site with
traditional houses that date back centuries, spraying fire retardant around its edges as the flames approached.

At a school gymnasium in Andong that has been converted into a shelter, Kim Soon-ja, 78, said she had left her
village with only her medication and a jacket.

“The sky was orange at noon and then the wind started throwing sparks everywhere,” she said. “I don’t know if I
have a house to go back to.”

The Korea Forest Service said the fires had burned tens of thousands of hectares, far more than any previous
wildfire in the country. Officials said the area had seen far less rain than usual this winter.

Weather officials forecast light rain for parts of the region later Thursday, though they warned it might not be
enough to put out the fires.

Investigators believe the Uiseong fire may have been started accidentally by a person tending a family grave,
according to local officials, who said police were looking into the cause.

Associated Press writer Lee Ji-yoon in Seoul contributed to this report.
""")

A(outlet="northfork7", date="2025-03-28", time="12:10", date_mode="url", section="news",
  slug="northfork-regional-airport-nonstop-denver-flights",
  headline="Northfork Regional Airport lands daily nonstop flights to Denver starting in June",
  dek="Summit Air will fly a 76-seat jet on the route.",
  authors=["Priscilla Nguyen"], dateline="Northfork",
  keywords=["Northfork Regional Airport", "travel", "economy", "Summit Air"],
  photo=("Terminal at Northfork Regional Airport", "The terminal at Northfork Regional Airport on Friday.", "Northfork 7 News"),
  body="""
NORTHFORK — Travelers in the Northfork Valley will soon be able to fly directly to Denver. Regional carrier Summit
Air announced Friday that it will begin daily nonstop service between Northfork Regional Airport and Denver on
June 5.

The route will be flown with a 76-seat regional jet, departing Northfork each morning and returning each evening,
according to the airline. Introductory one-way fares start at $119 for tickets booked by April 30.

Airport Director Phil Navarro called it the most important air service win for the valley in more than a decade.
The airport lost its last nonstop route to a major hub in 2019, and passengers have since had to connect through
smaller airports or drive nearly three hours to catch a flight.

“People in this valley have been asking one question for six years: when can I fly somewhere without driving to
another state first,” Navarro said at a news conference in the terminal. “Starting June 5, the answer is every
day.”

The county and the city of Northfork together pledged $650,000 in revenue guarantees to attract the route, a
common practice for small airports competing for service. The money would only be paid if the route falls short
of agreed revenue targets during its first two years.

County Commissioner Linda Sorensen, who voted for the guarantee last year, said the investment was worth the risk.
“We spend more than that on a single mile of highway,” she said. “This connects every business in the valley to
the rest of the country.”

The Northfork Valley Chamber of Commerce said local employers, including the hospital and a growing number of
remote workers, had been lobbying for better air service. Chamber President Omar Haddix said the group would
encourage members to book company travel on the new flights to help the route succeed.

Summit Air said the Denver schedule was designed to connect with afternoon departures to both coasts. A spokesperson
for the airline declined to comment on how many seats it would need to fill to keep the route beyond its first
year.

Airport officials said they would add 120 parking spaces and a second security lane before the first flight. The
terminal’s small cafe will also extend its hours to cover the early departure.

About 60 people, including several local business owners, applauded when the route was announced. Among them was
retired teacher Joan Petrakis, who said her grandchildren live outside Denver.

“I drive five hours round trip to the nearest big airport every time I visit them,” Petrakis said. “I will be on
that first flight if I have to camp out for a ticket.”

Travelers can book the new flights on the airline’s website starting Monday.
""")

A(outlet="northfork7", date="2025-03-30", time="21:48", date_mode="published", section="sports",
  slug="final-four-set-all-four-no-1-seeds",
  headline="All four No. 1 seeds reach the Final Four for just the second time",
  dek="Duke and Houston won Sunday to join Florida and Auburn in San Antonio.",
  authors=["Grant Ellison"], agency="AP", dateline="Newark",
  keywords=["NCAA tournament", "March Madness", "Duke", "Houston", "Florida", "Auburn"],
  photo=("Duke players celebrate", "Duke players celebrate after winning the East Region final in Newark, N.J., Sunday, March 30, 2025.",
         "AP Photo/Frank Dimarco"),
  body="""
NEWARK, N.J. (AP) — Chalk has never looked so good in March.

Duke beat Alabama 85-65 on Sunday to win the East Region, and Houston overwhelmed Tennessee 69-50 in the Midwest
Region final, completing a Final Four made up entirely of No. 1 seeds for only the second time since the NCAA
Tournament began seeding teams in 1979.

The only previous time it happened was in 2008, when Kansas, Memphis, North Carolina and UCLA all reached the
national semifinals.

Florida and Auburn earned their spots on Saturday. Florida rallied late to beat Texas Tech 84-79 in the West
Region final in San Francisco, and Auburn held off Michigan State 70-64 in the South Region final in Atlanta.

The Final Four will be played Saturday in San Antonio. Florida will face Auburn in an all-Southeastern Conference
semifinal, and Duke will meet Houston in the other. The national championship game is set for April 7.

Duke, led by freshman star Cooper Flagg, has looked like one of the most complete teams in the tournament, and
only Arizona came within single digits of the Blue Devils in their four games. Coach Jon Scheyer, in his third season since replacing Mike Krzyzewski, is
taking the Blue Devils to the Final Four for the first time as head coach.

Houston, coached by Kelvin Sampson, leaned on the defense that has defined the program for years, holding
Tennessee to 50 points, well below what the Volunteers had averaged during the season.

The SEC put a record 14 teams in the field this year, and two of them survived to the final weekend. Auburn, coached
by Bruce Pearl, and Florida, coached by Todd Golden, split the league’s top honors during the regular season.

All four programs have recent history on this stage. Duke last reached the Final Four in 2022, in Krzyzewski’s
final season, and Houston did so in 2021. Auburn is making its second appearance, after its first in 2019 under
Pearl, and Florida won back-to-back national titles in 2006 and 2007.

Not everyone was thrilled by a bracket with so few surprises. Some fans complained on social media that the
tournament had lost its upsets, while others argued that the best teams simply held up.

“This is what happens when the top of college basketball has real depth and experience,” said Vince Albrecht, a
college basketball analyst who has covered the tournament for three decades. “The bluebloods and the
transfer-portal teams both got here. Nobody backed into San Antonio.”

In Northfork, Rudy’s Sports Grill on Main Street said it will host watch parties for both semifinals on Saturday
night.
""")


# ===========================================================================
# Meridian Business Daily - singletons
# ===========================================================================
A(outlet="meridian", date="2025-03-24", time="08:12", modified="2025-03-24 16:30", section="tech",
  slug="23andme-files-for-bankruptcy-wojcicki-steps-down",
  headline="23andMe files for bankruptcy, CEO Wojcicki steps down as company seeks a buyer",
  dek="The DNA-testing company will run a court-supervised sale; regulators urge customers to think about deleting their genetic data.",
  authors=[], agency="Reuters", dateline="San Francisco",
  keywords=["23andMe", "bankruptcy", "genetic testing", "data privacy", "Anne Wojcicki"],
  keypoints=["23andMe filed for Chapter 11 protection in Missouri late Sunday.",
             "Co-founder Anne Wojcicki resigned as CEO but plans to bid for the company.",
             "California's attorney general has urged customers to consider deleting their data."],
  photo=("23andMe saliva collection kit", "A 23andMe saliva collection kit is displayed in a file photo.", "Reuters/File"),
  body="""
SAN FRANCISCO (Reuters) - 23andMe Holding said late on Sunday it had filed for Chapter 11 bankruptcy protection
and would seek a buyer for its business, and that co-founder Anne Wojcicki had resigned as chief executive, capping
a long slide for a company once valued at around $6 billion.

The DNA-testing firm filed its petition in the U.S. Bankruptcy Court for the Eastern District of Missouri. It said
it would continue to operate during the process and had lined up up to $35 million in debtor-in-possession
financing to fund operations.

Wojcicki, who founded the company in 2006, will remain on the board. She said in a post on X that she had resigned
so she could pursue the company as an independent bidder. Chief Financial Officer Joe Selsavage will serve as
interim chief executive.

The filing intensified questions about what will happen to the genetic information of the roughly 15 million
people who have sent saliva samples to the company. 23andMe said the bankruptcy would not change how customer data
is stored or protected, and that any buyer would have to comply with applicable law on the treatment of that data.

California Attorney General Rob Bonta issued a consumer alert on Friday urging residents to consider asking the
company to delete their data and destroy their samples, and he reminded them of their rights under state privacy
law. Several other state officials made similar recommendations over the weekend.

"Genetic data is not like a password. You can't change it after a breach," said Miriam Castellano, a privacy
lawyer at Orland & Pike in San Francisco. "Anyone who is uneasy about who ends up owning that database should act
now rather than wait to see who the buyer is."

The company has struggled since going public through a merger with a blank-check firm backed by Richard Branson in
2021. Demand for its consumer test kits slowed, its drug development unit burned through cash, and in 2023 hackers
accessed personal information linked to about 6.9 million customers. Last year it agreed to pay $30 million to
settle a class action over the breach.

All of the company's independent directors resigned in September after clashing with Wojcicki over her proposals to
take the company private.

Shares of 23andMe closed down by more than half on Monday.

A person familiar with the sale process, who spoke on condition of anonymity because the talks are private, said
several parties had expressed early interest in parts of the business, including its research database and its
telehealth unit.

Reporting by Leah Morrow in San Francisco and Divya Raman in Bengaluru; Editing by Chris Ashdown
""")

A(outlet="meridian", date="2025-03-25", time="11:05", section="economy",
  slug="consumer-confidence-expectations-12-year-low",
  headline="Consumer expectations sink to 12-year low as tariff worries mount",
  dek="The Conference Board's expectations gauge fell deep into territory that has historically signaled a recession ahead.",
  authors=["Maya Oyelaran"], dateline=None,
  keywords=["consumer confidence", "Conference Board", "tariffs", "inflation", "Federal Reserve"],
  keypoints=["The overall confidence index fell 7.2 points to 92.9 in March.",
             "The expectations index dropped to 65.2, its lowest since 2013.",
             "Consumers' write-in comments were dominated by tariffs and prices."],
  photo=("Shoppers at a supermarket", "Shoppers check prices in a supermarket aisle in a file photo.", "Meridian/Lila Thorne"),
  body="""
American consumers grew gloomier about the months ahead in March, with a closely watched measure of their
expectations falling to its lowest level in 12 years as worries about tariffs and rising prices spread.

The Conference Board said Tuesday that its consumer confidence index dropped 7.2 points to 92.9, the fourth
straight monthly decline. Its expectations index, which tracks how people feel about income, business and job
prospects over the next six months, fell 9.6 points to 65.2.

That was the lowest reading since 2013 and well below 80, a level the group says has historically signaled a
recession within the next year.

Consumers were a little less downbeat about present conditions, though that gauge slipped too. The group said
write-in answers were dominated by concerns about inflation and tariffs, with mentions of trade policy climbing
sharply compared with earlier in the year.

"People are not reacting to what has happened to their paychecks. They are reacting to what they think is coming,"
said Gavin Mercado, senior U.S. economist at Westbridge Capital. "The risk is that fear becomes a self-fulfilling
prophecy if households start cutting back in earnest."

So far, the hard data have been mixed. Retail sales rose less than expected in February after a sharp drop in
January, and hiring has slowed but not stalled, with the unemployment rate at 4.1% last month.

Stock investors largely shrugged off the report on Tuesday, with the major indexes trading near the flat line by
late morning after a strong start to the week. Hopes that the reciprocal tariffs due to be unveiled next week would
be narrower than feared helped lift shares on Monday.

The Federal Reserve left interest rates unchanged last week in a range of 4.25% to 4.5%. Policymakers still
penciled in two quarter-point cuts this year but raised their inflation forecasts and lowered their projections
for growth, and Chair Jerome Powell said uncertainty about the outlook was unusually high.

Economists said the gap between sour sentiment and steady spending could not last forever. Melissa Tran, chief
economist at the Fairhaven Group, said she would be watching whether households pull back on big-ticket purchases
such as cars and appliances in the spring.

"Some people will rush to buy before tariffs hit, which props up the numbers for a month or two," Tran said.
"What matters is what happens after that."

A separate government report on Tuesday showed new home sales rose modestly in February, although builders have
said higher mortgage rates and uncertainty about material costs are weighing on demand.

The University of Michigan will release its final reading of March consumer sentiment on Friday, alongside
long-run inflation expectations that Fed officials watch closely.
""")

A(outlet="meridian", date="2025-03-26", time="19:30", section="tech",
  slug="google-gemini-openai-image-generation-same-day",
  headline="Google and OpenAI roll out upgraded AI models on the same day as the race intensifies",
  dek="Gemini 2.5 Pro and image generation in ChatGPT arrive within hours of each other, days after a new release from China's DeepSeek.",
  authors=["Sanjay Iyer"], dateline="San Francisco",
  keywords=["artificial intelligence", "Google", "OpenAI", "Gemini", "ChatGPT", "DeepSeek"],
  keypoints=["Google says Gemini 2.5 Pro leads several benchmark rankings.",
             "OpenAI built image generation directly into GPT-4o inside ChatGPT.",
             "DeepSeek released an updated V3 model on Monday."],
  photo=("Smartphone showing an AI chatbot app", "An AI chatbot app is displayed on a smartphone in a file photo.", "Meridian/Lila Thorne"),
  body="""
SAN FRANCISCO — Google and OpenAI released significant upgrades to their artificial intelligence products within
hours of each other on Tuesday, the latest sign of how quickly the largest developers are shipping new models as
they compete for users, developers and corporate customers.

Google introduced Gemini 2.5 Pro, which it described as its most capable model so far and the first in a new
family of "thinking" models designed to reason through problems step by step before answering. The company said
the model ranked at the top of several widely followed benchmark leaderboards and was particularly strong at coding
and mathematics.

The model was made available to subscribers of Google's paid Gemini Advanced plan and to developers through its AI
Studio platform, with broader availability planned in the coming weeks.

OpenAI, meanwhile, built image generation directly into GPT-4o, the model that powers ChatGPT, replacing the
separate image tool it had used before. The company said the new feature was better at rendering text inside
images and at following detailed instructions, such as keeping a character consistent across several pictures.

Demand proved heavy. Chief Executive Sam Altman wrote on X on Wednesday that use of the feature had been far higher
than the company expected and that its rollout to free users would be delayed for a while. Social media feeds
filled with users turning family photos into cartoon-style portraits.

The launches came a day after Chinese start-up DeepSeek quietly released an updated version of its V3 model under
a permissive open-source license, adding to pressure on U.S. companies whose valuations assume they can keep a
lead in capability.

"The gap between a frontier release and the next competitor's answer used to be months. Now it is sometimes
hours," said Rebecca Holm, an analyst who covers AI software at Tidewater Securities. "That is great for users and
brutal for anybody trying to charge a premium."

Alphabet has said it plans to spend about $75 billion on capital projects this year, much of it on data centers
and chips to support AI. OpenAI is in the middle of raising money at a valuation that would make it one of the most
valuable private companies in the world.

Investors have grown more selective about AI spending since January, when DeepSeek's low-cost models raised doubts
about how much computing power would ultimately be needed. Shares of chipmakers and cloud providers have been
volatile since.

A Google spokesperson declined to comment on pricing for the new model beyond the current subscription plans.
OpenAI did not respond to a request for comment on when free users would get access to the image feature.

Analysts said the practical test would come from businesses. "Benchmarks get the headlines," Holm said. "Renewals
pay the bills."
""")

A(outlet="meridian", date="2025-03-28", time="16:35", section="markets",
  slug="coreweave-shares-flat-nasdaq-debut",
  headline="CoreWeave shares end flat in muted Nasdaq debut after downsized IPO",
  dek="The AI cloud provider raised $1.5 billion, well short of initial targets, in the biggest U.S. tech listing since 2021.",
  authors=[], agency="Reuters", dateline="New York",
  keywords=["CoreWeave", "IPO", "Nasdaq", "artificial intelligence", "Nvidia", "Microsoft"],
  keypoints=["CoreWeave priced its IPO at $40 a share, below its $47-$55 range.",
             "The stock opened at $39 and closed unchanged at $40.",
             "Microsoft accounted for 62% of its revenue last year."],
  photo=("CoreWeave listing on Nasdaq screen", "A screen at the Nasdaq MarketSite shows CoreWeave's listing in New York on March 28, 2025.",
         "Reuters/Brendan Okafor"),
  body="""
NEW YORK (Reuters) - Shares of CoreWeave ended their first day of trading flat on Friday, a lukewarm reception
for the artificial intelligence cloud provider whose initial public offering had been seen as a test of investor
appetite for the AI infrastructure boom.

The stock opened at $39 on the Nasdaq under the ticker "CRWV", below its offer price of $40, and traded on both
sides of that level before closing at exactly $40. The debut gave the company a market value of about $23 billion
on a fully diluted basis.

CoreWeave priced the offering late on Thursday well below its marketed range of $47 to $55 a share, and cut the
number of shares it sold to 37.5 million. It raised $1.5 billion, making it the largest U.S. technology IPO since
2021 but far less than the company had hoped to bring in when it launched the deal.

Nvidia, which already owns a stake in CoreWeave and supplies the chips that fill its data centers, placed an order
for $250 million of stock in the offering, according to the company's filings.

The company rents out access to large clusters of Nvidia processors to companies building and running AI models.
Its revenue soared to $1.92 billion last year from $229 million in 2023, but it posted a net loss of $863 million
and relies heavily on a small number of customers. Microsoft alone accounted for 62% of its 2024 revenue.

"This is a company growing faster than almost anything else on the market, with a balance sheet that makes people
nervous," said Priya Natarajan, an IPO analyst at Halvorsen & Co. "Investors were happy to own it at the right
price. They just weren't willing to pay the price the company wanted."

The debut came on a bad day for markets, with the Nasdaq Composite falling sharply after hotter-than-expected
inflation data, a backdrop that bankers said had weighed on demand.

Chief Executive Michael Intrator, a former commodities trader who co-founded the company as a cryptocurrency mining
operation in 2017, said in interviews around the listing that the company was building for long-term investors
rather than for its first day of trading.

Several other companies, including fintech and consumer firms, have been waiting for a stable market before going
ahead with their own listings. Two bankers involved in those deals, who asked not to be named because the
discussions are confidential, said CoreWeave's reception would make issuers more cautious on pricing.

Reporting by Arjun Mehra and Colleen Fairbanks in New York; Editing by Pooja Desai and Shri Navaratnam
""")

A(outlet="meridian", date="2025-03-28", time="17:10", modified="2025-03-28 19:45", section="markets",
  slug="wall-street-tumbles-inflation-consumer-sentiment-stagflation",
  headline="Wall Street tumbles as sticky inflation and a souring consumer mood feed stagflation fears",
  dek="The S&P 500 dropped nearly 2% and the Nasdaq 2.7%; gold set another record as investors sought safety ahead of next week's tariff announcement.",
  authors=["Maya Oyelaran", "Theo Brandt"], dateline="New York", body_in_jsonld=True,
  keywords=["stocks", "inflation", "PCE", "consumer sentiment", "gold", "tariffs"],
  keypoints=["Core PCE prices rose 0.4% in February, 2.8% from a year earlier.",
             "Long-run inflation expectations hit their highest since 1993 in the Michigan survey.",
             "Alphabet and Amazon were among the biggest decliners."],
  photo=("Traders on the floor of the New York Stock Exchange", "Traders work on the floor of the New York Stock Exchange on Friday.",
         "Meridian/Lila Thorne"),
  body="""
NEW YORK — U.S. stocks fell sharply on Friday, with the S&P 500 dropping nearly 2%, after fresh data showed
stubborn inflation and weakening consumer sentiment, reinforcing worries that the economy could be heading for a
mix of slower growth and rising prices just days before the White House unveils a new round of tariffs.

The S&P 500 posted its worst day since early March and ended the week lower. The Nasdaq Composite slid about 2.7%,
dragged down by large technology companies, and the Dow Jones Industrial Average lost more than 700 points.

The Commerce Department said its core personal consumption expenditures price index, which strips out food and
energy and is the Federal Reserve's preferred inflation gauge, rose 0.4% in February and 2.8% from a year earlier,
slightly more than economists had forecast. Consumer spending rose less than expected.

Separately, the University of Michigan's final reading of consumer sentiment for March fell to 57.0. Consumers'
expectations for inflation over the next five to ten years rose to 4.1%, the highest since 1993, while one-year
expectations jumped to 5%.

"That combination is the one the Fed fears most: prices not coming down, and people starting to believe they
won't," said Rafael Ortiz, chief investment strategist at Grayline Partners. "It makes it much harder for the
central bank to ride to the rescue if growth slows."

Alphabet and Amazon each fell more than 4%, and other megacap stocks also lost ground. Lululemon plunged about 14%
after the athletic apparel maker gave a weaker-than-expected outlook, citing cautious consumers and economic
uncertainty.

Investors sought safety in government bonds and gold. The yield on the 10-year Treasury note fell to about 4.25%,
and gold rose above $3,080 an ounce for the first time, extending a rally that has lifted the metal by more than 15%
this year.

Traders said positioning ahead of President Donald Trump's planned announcement on April 2 of so-called reciprocal
tariffs was adding to the selling. Trump has called the date "Liberation Day," but officials have offered few
details about which countries and products will be affected.

"Nobody wants to carry a big position into a weekend when the rules of global trade might change on Wednesday,"
said Dana Kowalczyk, head of equity trading at a mid-sized New York brokerage, who asked that the firm not be named
because it does not authorize employees to speak to the media.

The S&P 500 is on track for its worst quarter since 2022, with one trading day left. The Nasdaq has fallen more than
10% from its December record, putting it in correction territory.

Elsewhere, oil prices edged lower, and the dollar weakened against the yen as investors moved into traditional
havens.
""")

A(outlet="meridian", date="2025-03-29", time="09:20", section="deals",
  slug="musk-xai-buys-x-all-stock-deal-33-billion",
  headline="Musk's xAI buys X in all-stock deal valuing the social network at $33 billion",
  dek="The transaction combines Musk's artificial intelligence start-up with the platform formerly known as Twitter.",
  authors=[], agency="Reuters", dateline="San Francisco",
  keywords=["Elon Musk", "xAI", "X", "mergers and acquisitions", "artificial intelligence"],
  keypoints=["The deal values xAI at $80 billion and X at $33 billion.",
             "X's valuation reflects $45 billion minus $12 billion of debt.",
             "Musk bought Twitter for $44 billion in 2022."],
  photo=("X and xAI logos", "The logos of X and xAI are seen in this illustration taken on March 29, 2025.", "Reuters/Illustration"),
  body="""
SAN FRANCISCO (Reuters) - Elon Musk said on Friday that his artificial intelligence company xAI had acquired X, his
social media platform, in an all-stock transaction that values the former Twitter at $33 billion, bringing two of
the billionaire's companies under one roof.

Musk wrote in a post on X that the deal valued xAI at $80 billion and X at $33 billion, which he said reflected a
value of $45 billion for the social network minus $12 billion of debt. He did not disclose other financial terms or
say whether any regulatory approvals would be needed.

The futures of the two companies were already closely linked, Musk wrote, adding that combining their data, models,
computing power, distribution and talent would unlock enormous potential.

xAI, which Musk founded in 2023, has used data from X to train its Grok chatbot, which is built into the social
network. The startup has raised billions of dollars from investors and is building a large data center in Memphis,
Tennessee, to train its models.

Musk bought Twitter for $44 billion in 2022, took it private and renamed it X the following year. Advertisers fled
the platform after he loosened content moderation and laid off most of the staff, and several of the banks that
financed the purchase spent much of the past two years trying to sell the debt they were left holding.

"This is a merger of two companies with the same controlling shareholder, so the valuation numbers are essentially
whatever Musk says they are," said Jonathan Whitley, a corporate governance specialist at Bramford Advisory. "The
real question is what rights outside investors in each company end up with."

The deal lands as competition among AI developers intensifies. Musk co-founded OpenAI but later left and is now
suing the company and its chief executive, Sam Altman, in a case scheduled to go to trial next year. In February, a
Musk-led group of investors offered $97.4 billion for the nonprofit that controls OpenAI, an approach its board
rejected.

Musk's business empire also includes electric carmaker Tesla, rocket maker SpaceX and brain-implant company
Neuralink. He has spent much of this year leading the Trump administration's government cost-cutting effort, known
as the Department of Government Efficiency.

A person familiar with the deal, who spoke on condition of anonymity because the terms are private, said details of
how outside shareholders in each company would be treated were still being worked out.

Reporting by Colleen Fairbanks in New York and Leah Morrow in San Francisco; Editing by Chris Ashdown
""")

A(outlet="meridian", date="2025-03-30", time="10:00", section="markets",
  slug="week-ahead-tariff-deadline-jobs-report",
  headline="Week ahead: A tariff deadline, a jobs report and a bruised quarter test investors",
  dek="Markets head into April after their worst quarter since 2022, with the White House's 'Liberation Day' on Wednesday.",
  authors=["Theo Brandt"], dateline=None,
  keywords=["stocks", "tariffs", "jobs report", "Federal Reserve", "week ahead"],
  keypoints=["Reciprocal tariffs are due to be announced on Wednesday, April 2.",
             "The March jobs report comes out on Friday, April 4.",
             "Fed Chair Jerome Powell speaks on Friday."],
  photo=("Wall Street street sign", "A street sign for Wall Street in New York's financial district.", "Meridian/Lila Thorne"),
  body="""
Investors head into the new quarter on Monday nursing the worst three-month stretch for U.S. stocks since 2022,
and the week ahead offers little chance to relax.

The S&P 500 is down roughly 5% since the start of the year heading into Monday's final session of the quarter, and
the Nasdaq Composite has lost about 10%. Friday's sell-off, driven by hotter-than-expected inflation data and
gloomier consumers, left both indexes near their lows for the year.

The main event comes on Wednesday, when President Donald Trump is scheduled to announce what he has called
reciprocal tariffs on trading partners. The White House has billed April 2 as "Liberation Day," but officials have
given mixed signals about how broad the measures will be and whether some countries could be spared.

The administration's 25% tariff on imported cars is due to take effect the following day.

"The market can price bad news. What it hates is not knowing the size of the bill," said Helena Voss, chief market
strategist at Quarry Hill Advisors. "Wednesday at least gives us a number, even if it is an ugly one."

The economic calendar is also crowded. Data on job openings and a survey of manufacturing purchasing managers are
due on Tuesday, followed by a survey of service-sector companies on Thursday.

On Friday, the Labor Department releases its March jobs report. Economists expect employers to have added roughly
130,000 jobs, slightly below February's pace, with the unemployment rate holding near 4.1%. Federal job cuts pushed by
the government's cost-cutting effort are expected to show up more clearly in the coming months.

Also on Friday, Federal Reserve Chair Jerome Powell is scheduled to speak about the economic outlook. Investors will
listen for any sign that the central bank sees tariffs as a reason to delay rate cuts, or, alternatively, that
weaker growth could prompt it to move sooner.

Tesla will report first-quarter deliveries on Wednesday, a closely watched figure after a steep drop in the
company's shares this year amid protests against Chief Executive Elon Musk's role in government.

"We are telling clients to keep some powder dry," said Marcus Feldman, a portfolio manager at Linden Row Capital.
"There will be a moment to buy this market. I just doubt it comes before we see the tariff details."

Oil traders will also be watching Washington after Trump said Sunday he could impose secondary tariffs on buyers of
Russian oil if Moscow blocks a ceasefire deal in Ukraine.
""")


# ===========================================================================
# WireStream - singletons
# ===========================================================================
A(outlet="wirestream", date="2025-03-24", time="09:15", modified="2025-03-24 12:40", section="world",
  slug="israeli-strikes-kill-hamas-official-gaza-toll-50000",
  headline="Israeli strikes kill senior Hamas political official as Gaza death toll passes 50,000",
  dek="Israel has pressed ahead with its renewed offensive and ordered more evacuations in southern Gaza.",
  authors=["Samir Haddad", "Noa Ben-Ami"], agency="AP", dateline="Deir al-Balah",
  keywords=["Gaza", "Israel", "Hamas", "Middle East", "Khan Younis"],
  photo=("Palestinians inspect a destroyed tent", "Palestinians inspect the site of an Israeli strike on a tent camp in Khan Younis, southern Gaza Strip, Sunday, March 23, 2025.",
         "AP Photo/Khaled Nassar"),
  body="""
DEIR AL-BALAH, Gaza Strip (AP) — Israeli strikes killed a senior member of Hamas’ political leadership and
dozens of other people across the Gaza Strip over the weekend, Palestinian officials said, as the territory’s
Health Ministry reported that more than 50,000 Palestinians have been killed since the war began.

Salah Bardawil, a member of the militant group’s political bureau, was killed along with his wife when an airstrike
hit their tent in the Muwasi area near the southern city of Khan Younis early Sunday, Hamas said in a statement.
Late Sunday, a strike on Nasser Hospital in Khan Younis killed another Hamas official, Ismail Barhoum, according
to the group. The Israeli military said it had targeted a Hamas operative working from inside the hospital
complex.

The Health Ministry said Sunday that at least 50,021 people had been killed in the war, a milestone that came less
than a week after Israel ended a two-month ceasefire with a wave of surprise strikes. The ministry does not say how
many of the dead were fighters or civilians, but it has said more than half were women and children.

Israel has blamed Hamas for the renewed fighting, saying the group refused proposals to release more hostages
while talks on a second phase of the truce stalled. Defense Minister Israel Katz has said Israel will keep seizing
territory in Gaza until the remaining captives are freed.

On Sunday, the military ordered residents to leave the Tel al-Sultan neighborhood of Rafah and head north, and
troops pushed deeper into the area. Palestinian rescue services said they had lost contact with several paramedics
who went into Rafah to retrieve the wounded.

“We thought we had a little time to breathe,” said Mahmoud Abu Ras, 52, who said he had moved his family four times
since the start of the war and was packing again in Khan Younis. “Now it is like the first days. You hear the
drones, and you do not know where to go.”

Hamas is holding 59 hostages, 24 of whom are believed to be alive. Most of the rest of the hostages taken in the
Oct. 7, 2023, attack that started the war were released in ceasefire agreements or other deals.

Egyptian and Qatari mediators have been trying to revive the ceasefire. An Egyptian official, who spoke on condition
of anonymity because he was not authorized to brief reporters, said Cairo had circulated new ideas over the weekend
aimed at restoring calm before the Eid al-Fitr holiday at the end of the month.

Israel has blocked the entry of food, fuel and medicine into Gaza since early March, and aid groups have warned that
supplies are running dangerously low.

Haddad reported from Cairo and Ben-Ami from Jerusalem.
""")

A(outlet="wirestream", date="2025-03-26", time="13:40", section="world",
  slug="eu-urges-households-stockpile-72-hours-supplies",
  headline="EU urges households to stockpile 72 hours of supplies as it prepares for crises",
  dek="The European Commission's new preparedness strategy cites war, cyberattacks, pandemics and climate disasters.",
  authors=["Pieter Claes"], agency="AP", dateline="Brussels",
  keywords=["European Union", "preparedness", "Hadja Lahbib", "defense", "civil protection"],
  photo=("Emergency supplies on a kitchen table", "A set of emergency supplies including water, canned food, a flashlight and a radio, in a file photo.",
         "AP Photo/Lotte Vermeulen, File"),
  body="""
BRUSSELS (AP) — The European Union on Wednesday urged its roughly 450 million citizens to keep enough food, water
and other essentials to last at least 72 hours in an emergency, as part of a new strategy to prepare the bloc for
crises ranging from armed conflict to cyberattacks and natural disasters.

The European Commission set out 30 actions it wants the EU and its member countries to take, including teaching
preparedness in schools, creating an EU-wide crisis hub to coordinate responses and stockpiling medical equipment
and critical materials.

In the document presented in Brussels, the Commission said the threats facing Europe had become more complex and
more closely connected to one another, and that citizens needed to be ready for the possibility of large-scale
disruptions.

Hadja Lahbib, the commissioner for preparedness and crisis management, told reporters that the aim was not to
frighten people but to make sure they were not caught off guard. She said the strategy drew on the experience of
countries such as Finland and Sweden, which have long asked households to be ready to cope on their own for
several days.

The plan builds on a report last year by former Finnish President Sauli Niinistö, who was asked by Commission
President Ursula von der Leyen to examine how well Europe could withstand a major emergency.

Several countries have already updated their advice. Sweden sent a revised version of its brochure on what to do if
crisis or war comes to millions of households in November, and Finland and Norway issued similar guidance around
the same time.

The proposals come as the EU races to strengthen its defenses, with Russia’s full-scale invasion of Ukraine now in
its fourth year and uncertainty over the long-term commitment of the United States to European security.

In Brussels, reactions were mixed. “I have some water and a camping stove, but three days with two small children?
I would have to think about that,” said Anouk Verstraeten, 36, a graphic designer, outside a supermarket in the
Ixelles district.

Others were more skeptical. “My grandparents kept a cupboard full of tins their whole lives,” said Karel Dumont,
71, a retired bus driver. “Maybe they were right after all, but I don’t like that governments are talking like this
again.”

An EU official, who spoke on condition of anonymity because the details were still being discussed with national
governments, said the Commission also wanted to set up an annual preparedness day to raise awareness.

The strategy needs to be discussed by member countries, which keep most responsibility for civil protection.
Officials said they hoped to agree on the first concrete steps by the end of the year.
""")

# Legacy page: windows-1251, Russian, no charset declared anywhere.
A(outlet="wirestream", date="2025-03-27", time="18:40", section="world", language="ru", encoding="windows-1251",
  slug="putin-arktika-murmansk-grenlandiya",
  headline="Путин назвал планы США в отношении Гренландии серьёзными",
  dek="Выступая на Международном арктическом форуме в Мурманске, президент заявил, что Россия будет наращивать военный потенциал в Арктике.",
  authors=["Анна Белова"], agency=None, dateline="Murmansk",
  keywords=["Арктика", "Гренландия", "Владимир Путин", "Мурманск", "США"],
  photo=("Порт Мурманска", "Вид на морской порт Мурманска, архивное фото.", "WireStream"),
  body="""
МУРМАНСК — Президент России Владимир Путин в четверг заявил, что планы Соединённых Штатов в отношении Гренландии
носят серьёзный характер и имеют давние исторические корни. Об этом он сказал, выступая на пленарном заседании
Международного арктического форума «Арктика — территория диалога» в Мурманске.

По словам Путина, речь идёт о вопросе, который касается двух конкретных государств, и Россия к нему прямого
отношения не имеет. Вместе с тем он отметил, что Москва с беспокойством наблюдает за тем, как страны НАТО всё
чаще называют Крайний Север возможным плацдармом для конфликтов.

Президент сообщил, что Россия будет наращивать свой военный потенциал в Арктике и модернизировать
инфраструктуру, в том числе на Северном морском пути. При этом он подчеркнул, что Москва никому не угрожает и
открыта для сотрудничества с зарубежными партнёрами, включая американские компании, если для этого появятся
условия.

По данным «Росатома», в прошлом году по Северному морскому пути было перевезено почти 38 млн тонн грузов. Власти
рассчитывают, что в ближайшие годы этот объём будет расти за счёт новых месторождений и строительства
ледокольного флота.

Президент США Дональд Трамп неоднократно говорил, что Соединённые Штаты нуждаются в Гренландии ради
национальной безопасности. В пятницу остров, являющийся автономной территорией Дании, должен посетить
вице-президент США Джей Ди Вэнс.

Эксперты отмечают, что интерес к Арктике в последние годы растёт не только у США и России, но и у Китая,
который ещё в 2018 году назвал себя в официальном документе «приарктическим государством».

Гренландия — крупнейший остров в мире, на котором проживает около 57 тысяч человек. В начале марта там прошли
парламентские выборы, на которых победила партия «Демократы», выступающая за постепенное движение к
независимости от Дании.

Губернатор Мурманской области Андрей Чибис, принимавший форум, рассказал участникам о развитии морского порта и
городской инфраструктуры региона.

«Арктика перестала быть далёкой окраиной. Сегодня это место, где сходятся интересы крупнейших держав, и Москва
хочет показать, что играет здесь первую скрипку», — сказала аналитик Центра северных исследований Ирина
Соколова.

Жители Мурманска относятся к подобным мероприятиям по-разному. «Для нас форум — это прежде всего разговор о работе,
зарплатах и о том, будут ли сюда ехать молодые люди», — сказал портовый рабочий Сергей Никитин, с которым
корреспондент WireStream поговорил у входа в морской вокзал.

Источник в одном из профильных ведомств, пожелавший остаться неназванным, поскольку не уполномочен общаться с
прессой, сообщил, что решения о новых инвестициях в арктическую инфраструктуру могут быть приняты до конца года.

Позднее в тот же день Путин посетил атомную подводную лодку «Архангельск» и пообщался с членами экипажа.

Форум проходил в Мурманске в течение двух дней. Предыдущий форум «Арктика — территория диалога» состоялся в
2019 году в Санкт-Петербурге.
""")

A(outlet="wirestream", date="2025-03-29", time="18:05", section="world",
  slug="hamas-accepts-egypt-qatar-ceasefire-proposal",
  headline="Hamas says it has accepted a new Gaza ceasefire proposal from Egypt and Qatar",
  dek="Israel says it has put forward a counterproposal coordinated with the United States.",
  authors=["Samir Haddad"], agency="AP", dateline="Cairo",
  keywords=["Gaza", "Hamas", "ceasefire", "Egypt", "Qatar", "Israel"],
  photo=("Palestinians prepare for Eid", "Palestinians shop for Eid al-Fitr at a market in Deir al-Balah, central Gaza Strip, Saturday, March 29, 2025.",
         "AP Photo/Hatem Barakeh"),
  body="""
CAIRO (AP) — Hamas said Saturday that it had accepted a new proposal from Egypt and Qatar aimed at restoring the
ceasefire in Gaza, while Israel said it had responded with a counterproposal of its own, raising cautious hopes for
a pause in the fighting ahead of the Eid al-Fitr holiday.

Khalil al-Hayya, the head of the militant group in Gaza who lives in exile, said in a televised speech that Hamas
had received the plan from mediators two days earlier and had responded positively. He did not give details and
said the group hoped Israel would not obstruct it.

Under the proposal, as described by two Egyptian officials, Hamas would release five living hostages, among them an
Israeli American, in exchange for a pause of several weeks in the fighting, the resumption of aid deliveries and the
release of Palestinian prisoners. The officials spoke on condition of anonymity because they were not authorized to
brief the media.

The office of Prime Minister Benjamin Netanyahu said that Israel had received the mediators’ proposal and had sent a
counterproposal to them, in full coordination with the United States. It did not describe its terms.

Hamas is holding 59 hostages, 24 of whom are believed to be alive. Israel ended a two-month ceasefire on March 18 with
a surprise wave of strikes that killed hundreds of people, and has since launched new ground operations in the
north and south of the territory.

Israel has also blocked food, fuel and medicine from entering Gaza for four weeks, saying the measure is meant to
pressure Hamas. Aid agencies have warned that bakeries could soon close for lack of flour and cooking gas.

In Deir al-Balah, shoppers crowded a market on Saturday hoping to buy sweets and clothing for children before the
holiday, though many said prices had doubled since the aid shutdown.

“Last year we had nothing, this year we have a little, and we are afraid it will be nothing again next week,” said
Umm Khaled al-Masri, 45, who said she had bought only a small bag of dates.

Families of hostages held in Gaza rallied again in Tel Aviv on Saturday night, calling on the government to accept
any deal that would bring the captives home.

The first phase of the ceasefire, which began on Jan. 19, saw the release of 33 hostages, eight of whom were dead, in
exchange for nearly 2,000 Palestinian prisoners. Talks on a second phase, meant to end the war, never got off the
ground.

Associated Press writer Noa Ben-Ami in Jerusalem contributed to this report.
""")

A(outlet="wirestream", date="2025-03-30", time="12:55", modified="2025-03-30 15:10", section="science",
  slug="isar-aerospace-spectrum-rocket-crashes-norway",
  headline="German startup Isar Aerospace's first rocket crashes shortly after liftoff in Norway",
  dek="The Spectrum rocket flew for about 30 seconds; the company called the test a success.",
  authors=[], agency="Reuters", dateline="Oslo",
  keywords=["space", "Isar Aerospace", "Norway", "Andøya", "rockets"],
  photo=("Spectrum rocket on the launch pad", "Isar Aerospace's Spectrum rocket stands on the launch pad at Andøya Spaceport, Norway, in this handout photo.",
         "Isar Aerospace/Handout via Reuters"),
  body="""
OSLO (Reuters) - A rocket built by German startup Isar Aerospace crashed into the sea about 30 seconds after lifting
off from an Arctic spaceport in Norway on Sunday, ending the first attempt to reach orbit from continental Europe
outside Russia, but the company said it had gathered valuable data.

The two-stage Spectrum rocket rose from the Andøya Spaceport in northern Norway shortly after midday local time,
then began to spin and lose altitude before falling back into the water near the launch pad, a livestream showed.
It was carrying no payload.

Munich-based Isar Aerospace said in a statement that the flight had met its main goals for a first test and that
the rocket's flight termination system had worked as intended. Chief Executive Daniel Metzler said in the
company's livestream that the launch was a great success and that the company had collected a large amount of
data that would help with its next attempt.

No one was injured, according to the company and the spaceport operator.

Isar is one of several European startups trying to build small, cheaper rockets to give the region independent
access to space, a goal that has gained urgency since Europe lost access to Russian Soyuz rockets after the
invasion of Ukraine and as it waits for its new Ariane 6 heavy launcher to fly more often.

"Nobody expects a first flight to reach orbit. What matters is how much you learn and how fast you fly again,"
said Kjersti Haugland, a space industry analyst at Nordlys Consulting in Oslo. "Thirty seconds is a lot of data
for an engineering team."

The company, which has raised more than 400 million euros from investors including Porsche SE, has said it aims to
launch more frequently in the coming years. It is also among the candidates in a European Space Agency competition
to support new commercial launch providers.

The company received its launch licence from Norway's aviation authority earlier this month and had postponed the
attempt at least once because of the weather. Other European startups, including Rocket Factory Augsburg in Germany
and Orbex and Skyrora in Britain, are preparing for their own first launches.

Andøya, a former suborbital rocket range on an island north of the Arctic Circle, was upgraded with Norwegian government
support to host orbital launches.

A person close to the company, who was not authorized to speak publicly, said the second Spectrum vehicle was
already in production.

Reporting by Terje Solheim in Oslo and Katrin Vogt in Berlin; Editing by Lucy Hargreaves
""")


# ===========================================================================
# Assembly
# ===========================================================================
SECTION_LABELS = {
    "world": "World", "nation": "Nation", "local": "Local", "politics": "Politics", "science": "Science",
    "sport": "Sport", "sports": "Sports", "business": "Business", "markets": "Markets", "tech": "Tech",
    "economy": "Economy", "autos": "Autos", "deals": "Deals", "us": "U.S.",
}

INDEX_PAGES = [
    {"outlet": "harborledger", "slug": "world-section-front", "date": "2025-03-28", "time": "18:30",
     "url": "https://www.harborledger.example/world/", "headline": "World News | The Harbor Ledger",
     "section": "world", "upto": "2025-03-28T23:59"},
    {"outlet": "wirestream", "slug": "front-page", "date": "2025-03-30", "time": "21:00",
     "url": "https://wirestream.example/", "headline": "Latest wire news | WireStream",
     "section": "top", "upto": "2025-03-30T23:59"},
]

EVERGREEN = {
    "harborledger": [("Where to find the best brunch in Port Calder", "https://www.harborledger.example/things-to-do/best-brunch-port-calder/"),
                     ("Ferry schedules, fares and parking: a rider's guide", "https://www.harborledger.example/local/ferry-riders-guide/"),
                     ("How to submit an obituary to The Harbor Ledger", "https://www.harborledger.example/obituaries/how-to-submit/")],
    "thamesherald": [("The best books of 2025 so far", "https://www.thamesherald.example/culture/best-books-2025"),
                     ("Sign up for the Thames Herald's First Edition newsletter", "https://www.thamesherald.example/info/first-edition"),
                     ("The weekly news quiz", "https://www.thamesherald.example/lifestyle/news-quiz")],
    "northfork7": [("7 First Alert Weather: interactive radar", "https://www.northfork7.example/weather/radar/"),
                   ("Closings and delays", "https://www.northfork7.example/closings/"),
                   ("Download the 7 News app", "https://www.northfork7.example/apps/")],
    "meridian": [("Mortgage rates today", "https://www.meridianbiz.example/personal-finance/mortgage-rates"),
                 ("Markets data center", "https://www.meridianbiz.example/data/markets"),
                 ("How we cover companies: Meridian's editorial standards", "https://www.meridianbiz.example/about/standards")],
    "wirestream": [("How WireStream works", "https://wirestream.example/about"),
                   ("Our sources: AP, Reuters and AFP", "https://wirestream.example/sources"),
                   ("Get the WireStream app", "https://wirestream.example/app")],
}

RU_RELATED = [
    ("В Мурманске завершился Международный арктический форум", "https://wirestream.example/ru/news/7c1d2e90.html"),
    ("Погода в Москве: к выходным потеплеет до плюс пятнадцати", "https://wirestream.example/ru/news/0a9b31f4.html"),
    ("Курс рубля: итоги торговой недели", "https://wirestream.example/ru/news/e41f5a27.html"),
]


def slugify(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def resolve(a: dict) -> None:
    o = OUTLETS[a["outlet"]]
    y, m, d = (int(x) for x in a["date"].split("-"))
    if a["outlet"] == "wirestream" and a["language"] == "ru":
        a["pub"], a["pub_tzname"] = mkdt(a["outlet"], a["date"], a["time"], 3, "MSK")
    else:
        a["pub"], a["pub_tzname"] = mkdt(a["outlet"], a["date"], a["time"])
    if a["modified"]:
        md, mt = a["modified"].split(" ")
        if a["outlet"] == "wirestream" and a["language"] == "ru":
            a["mod"], a["mod_tzname"] = mkdt(a["outlet"], md, mt, 3, "MSK")
        else:
            a["mod"], a["mod_tzname"] = mkdt(a["outlet"], md, mt)
        assert a["mod"] > a["pub"], a["slug"]
    else:
        a["mod"], a["mod_tzname"] = None, None
    slug, sec = a["slug"], a["section"]
    if a["outlet"] == "harborledger":
        a["url"] = f"https://www.harborledger.example/{sec}/{y}/{m:02d}/{d:02d}/{slug}/"
    elif a["outlet"] == "thamesherald":
        a["url"] = f"https://www.thamesherald.example/{sec}/{y}/{MON3[m - 1].lower()}/{d:02d}/{slug}"
    elif a["outlet"] == "northfork7":
        if a["date_mode"] == "published":
            a["url"] = f"https://www.northfork7.example/story/{52100000 + hnum(slug, 0, 99999)}/{slug}/"
        else:
            a["url"] = f"https://www.northfork7.example/news/{y}/{m:02d}/{d:02d}/{slug}/"
    elif a["outlet"] == "meridian":
        a["url"] = f"https://www.meridianbiz.example/{sec}/{y}/{m:02d}/{d:02d}/{slug}-{h8(slug, 6)}"
    elif a["outlet"] == "wirestream":
        if a["language"] == "ru":
            a["url"] = f"https://wirestream.example/ru/news/{h8(slug)}.html"
        else:
            a["url"] = f"https://wirestream.example/a/{h8(slug)}/{slug}"
    a["path"] = f"pages/{a['outlet']}/{a['date']}-{slug}.html"
    a["section_label"] = a.get("section_label") or SECTION_LABELS.get(sec, sec.title())
    a["img"] = f"{o['cdn']}/photos/2025/{m:02d}/{h8(a['url'], 12)}-1200x800.jpg"
    names = a.setdefault("authors", [])
    joined = (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1 else (names[0] if names else "")
    if names and a["agency"]:
        a["byline"] = f"By {joined}, {AGENCY_NAMES[a['agency']]}"
    elif names:
        a["byline"] = f"By {joined}"
    else:
        a["byline"] = AGENCY_NAMES[a["agency"]] if a["agency"] else o["site_name"] + " staff"
    if a["language"] == "ru":
        a["byline"] = "Автор: " + joined
    # Thames Herald byline markup
    if names:
        links = " and ".join(f'<a rel="author" href="/profile/{slugify(n)}">{esc(n)}</a>' for n in names)
        role = f' <span class="th-role">{esc(a["role"])}</span>' if a.get("role") else ""
        agency = f' and {AGENCY_NAMES[a["agency"]]}' if a["agency"] else ""
        a["byline_html"] = links + agency + role
    else:
        a["byline_html"] = AGENCY_NAMES[a["agency"]] if a["agency"] else "Herald staff"
    a.setdefault("keypoints", [])


def build() -> dict:
    for a in ARTICLES:
        resolve(a)
    urls = [a["url"] for a in ARTICLES]
    paths = [a["path"] for a in ARTICLES]
    assert len(set(urls)) == len(urls), "duplicate url"
    assert len(set(paths)) == len(paths), "duplicate path"

    out: dict[str, bytes] = {}
    for a in ARTICLES:
        # Only link to pages that already existed when this page was published.
        prior = [b for b in ARTICLES if b["outlet"] == a["outlet"] and b is not a
                 and b["language"] == a["language"] and b["pub"] < a["pub"]]
        related = sorted(prior, key=lambda b: (a["pub"] - b["pub"], b["url"]))
        mostread = [(b["headline"], b["url"]) for b in sorted(prior, key=lambda b: h8(b["url"] + "most"))[:5]]
        mostread += EVERGREEN[a["outlet"]][: max(0, 3 - len(mostread))]
        X = {"related": [(b["headline"], b["url"]) for b in related], "mostread": mostread}
        if a["language"] == "ru":
            X["related"] = RU_RELATED
        page = RENDER[a["outlet"]](a, X)
        if a["encoding"] != "utf-8":
            assert "charset" not in page.lower(), a["slug"]
        out[a["path"]] = page.encode(a["encoding"])  # strict: fails on unencodable characters

    index_entries = []
    for ip in INDEX_PAGES:
        ip = dict(ip)
        ip["pub"], ip["pub_tzname"] = mkdt(ip["outlet"], ip["date"], ip["time"])
        upto = dt.datetime.fromisoformat(ip["upto"]).replace(tzinfo=ip["pub"].tzinfo)
        ip["path"] = f"pages/{ip['outlet']}/{ip['date']}-{ip['slug']}.html"
        items = [a for a in ARTICLES if a["outlet"] == ip["outlet"] and a["pub"] <= upto]
        if ip["outlet"] == "harborledger":
            items = [a for a in items if a["section"] in ("world", "nation")]
            html_text = render_harborledger_index(ip, sorted(items, key=lambda b: b["pub"], reverse=True))
        else:
            html_text = render_wirestream_index(ip, sorted(items, key=lambda b: b["pub"], reverse=True))
        out[ip["path"]] = html_text.encode("utf-8")
        index_entries.append(ip)

    # ---- manifest -------------------------------------------------------
    manifest = []
    for a in sorted(ARTICLES, key=lambda b: (b["date"], b["outlet"], b["slug"])):
        published_at = iso(a["pub"])
        if a["outlet"] == "northfork7" and a["date_mode"] != "published":
            published_at = None
        manifest.append({
            "url": a["url"], "path": a["path"], "outlet": a["outlet"],
            "site_name": OUTLETS[a["outlet"]]["site_name"], "published": a["date"],
            "published_at": published_at, "encoding": a["encoding"],
            "content_type": "text/html; charset=utf-8" if a["encoding"] == "utf-8" else "text/html",
            "language": a["language"], "kind": "article", "wire_agency": a["agency"],
            "dateline_place": a["dateline"], "story": a["story"], "is_seed": a["is_seed"],
        })
    for ip in index_entries:
        manifest.append({
            "url": ip["url"], "path": ip["path"], "outlet": ip["outlet"],
            "site_name": OUTLETS[ip["outlet"]]["site_name"], "published": ip["date"],
            "published_at": iso(ip["pub"]), "encoding": "utf-8", "content_type": "text/html; charset=utf-8",
            "language": "en", "kind": "index", "wire_agency": None, "dateline_place": None,
            "story": None, "is_seed": False,
        })
    out["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    # ---- syndication ------------------------------------------------------
    groups: dict[str, list[dict]] = {}
    for a in ARTICLES:
        if a["story"]:
            groups.setdefault(a["story"], []).append(a)
    stories = []
    for key in sorted(groups, key=lambda k: min(b["pub"] for b in groups[k])):
        members = sorted(groups[key], key=lambda b: (b["pub"], b["url"]))
        assert len({b["outlet"] for b in members}) >= 3, key
        stories.append({
            "story": key,
            "original_url": members[0]["url"],
            "copies": [b["url"] for b in members],
        })
    out["syndication.json"] = (json.dumps({"stories": stories}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    # ---- feeds ----------------------------------------------------------
    out["feeds/rss.xml"] = build_rss().encode("utf-8")
    out["feeds/atom.xml"] = build_atom().encode("utf-8")
    out["feeds/news-sitemap.xml"] = build_sitemap().encode("utf-8")
    return out


def x(s: str) -> str:
    return html.escape(s, quote=True)


RSS_OUTLETS = ("harborledger", "northfork7", "wirestream")
ATOM_OUTLETS = ("thamesherald", "meridian")


def build_rss() -> str:
    items = sorted((a for a in ARTICLES if a["outlet"] in RSS_OUTLETS), key=lambda b: (b["pub"], b["url"]), reverse=True)
    rows = []
    for a in items:
        o = OUTLETS[a["outlet"]]
        if a["outlet"] == "wirestream":
            guid = f'<guid isPermaLink="false">wirestream:{h8(a["slug"])}</guid>'
        else:
            guid = f'<guid isPermaLink="true">{x(a["url"])}</guid>'
        creator = a["byline"][3:] if a["byline"].startswith("By ") else a["byline"]
        rows.append(f'''    <item>
      <title>{x(a["headline"])}</title>
      <link>{x(a["url"])}</link>
      {guid}
      <pubDate>{format_datetime(a["pub"])}</pubDate>
      <dc:creator>{x(creator)}</dc:creator>
      <category>{x(a["section_label"])}</category>
      <description>{x(a["dek"])}</description>
      <source url="{o["home"]}feed/">{x(o["site_name"])}</source>
    </item>''')
    last = max(a["pub"] for a in items)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>wirefacts sample: The Harbor Ledger, Northfork 7 News and WireStream</title>
    <link>https://www.harborledger.example/</link>
    <atom:link href="https://feeds.wirefacts.example/sample/rss.xml" rel="self" type="application/rss+xml"/>
    <description>Combined RSS 2.0 feed of the bundled sample corpus (each item names its outlet in &lt;source&gt;).</description>
    <language>en-us</language>
    <lastBuildDate>{format_datetime(last)}</lastBuildDate>
    <ttl>15</ttl>
{chr(10).join(rows)}
  </channel>
</rss>
'''


def build_atom() -> str:
    items = sorted((a for a in ARTICLES if a["outlet"] in ATOM_OUTLETS), key=lambda b: (b["pub"], b["url"]), reverse=True)
    rows = []
    for a in items:
        o = OUTLETS[a["outlet"]]
        upd = a["mod"] or a["pub"]
        authors = a["authors"] or [AGENCY_NAMES[a["agency"]]]
        auth = "".join(f"<author><name>{x(n)}</name></author>" for n in authors)
        rows.append(f'''  <entry>
    <title>{x(a["headline"])}</title>
    <link rel="alternate" type="text/html" href="{x(a["url"])}"/>
    <id>tag:{o["home"].split("//")[1].strip("/")},2025:{h8(a["url"], 12)}</id>
    <published>{iso(a["pub"])}</published>
    <updated>{iso(upd)}</updated>
    {auth}
    <category term="{x(a["section_label"])}"/>
    <summary type="text">{x(a["dek"])}</summary>
    <source><title>{x(o["site_name"])}</title><link href="{o["home"]}"/></source>
  </entry>''')
    last = max((a["mod"] or a["pub"]) for a in items)
    return f'''<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>wirefacts sample: The Thames Herald and Meridian Business Daily</title>
  <subtitle>Combined Atom 1.0 feed of the bundled sample corpus</subtitle>
  <link rel="self" href="https://feeds.wirefacts.example/sample/atom.xml"/>
  <link rel="alternate" href="https://www.thamesherald.example/"/>
  <id>tag:wirefacts.example,2025:sample-atom</id>
  <updated>{iso(last)}</updated>
{chr(10).join(rows)}
</feed>
'''


def build_sitemap() -> str:
    items = sorted(ARTICLES, key=lambda b: (b["pub"], b["url"]), reverse=True)
    rows = []
    for a in items:
        o = OUTLETS[a["outlet"]]
        rows.append(f'''  <url>
    <loc>{x(a["url"])}</loc>
    <lastmod>{iso(a["mod"] or a["pub"])}</lastmod>
    <news:news>
      <news:publication>
        <news:name>{x(o["site_name"])}</news:name>
        <news:language>{a["language"]}</news:language>
      </news:publication>
      <news:publication_date>{iso(a["pub"])}</news:publication_date>
      <news:title>{x(a["headline"])}</news:title>
    </news:news>
  </url>''')
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{chr(10).join(rows)}
</urlset>
'''


def main() -> None:
    out = build()
    pages_dir = HERE / "pages"
    if pages_dir.exists():
        for f in sorted(pages_dir.rglob("*.html")):
            if str(f.relative_to(HERE)) not in out:
                f.unlink()
    for rel, data in sorted(out.items()):
        dest = HERE / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists() or dest.read_bytes() != data:
            dest.write_bytes(data)
    n_art = sum(1 for a in ARTICLES)
    print(f"wrote {n_art} article pages, {len(INDEX_PAGES)} index pages, manifest, syndication and feeds")


if __name__ == "__main__":
    main()
