"""Reads podcast feeds the way podcast apps do, for generator/tests/podcast_feeds.rs.

Each URL given is fetched over HTTP and parsed by feedparser (with its
"bozo" flag for anything ill-formed) and by podcastparser (what gPodder
and other podcast apps use); one JSON object per feed is printed on a line
of its own, with what each parser found, so the Rust test can compare it
with the feed, the image and the audio files.
"""

import json
import sys
import urllib.request

import feedparser
import podcastparser


def with_feedparser(url):
    parsed = feedparser.parse(url)
    feed = parsed.feed
    return {
        "bozo": bool(parsed.bozo),
        "bozo_exception": repr(parsed.get("bozo_exception")) if parsed.bozo else None,
        "version": parsed.get("version"),
        "title": feed.get("title"),
        "image": (feed.get("image") or {}).get("href"),
        "itunes_explicit": feed.get("itunes_explicit"),
        "owner": feed.get("publisher_detail") or None,
        "entries": [
            {
                "id": e.get("id"),
                "title": e.get("title"),
                "enclosures": [
                    {"url": x.get("href"), "length": x.get("length"), "type": x.get("type")}
                    for x in e.get("enclosures", [])
                ],
            }
            for e in parsed.entries
        ],
    }


def with_podcastparser(url):
    try:
        with urllib.request.urlopen(url) as stream:
            parsed = podcastparser.parse(url, stream)
    except Exception as e:  # every failure is the finding, not a crash
        return {"error": repr(e)}
    return {
        "error": None,
        "title": parsed.get("title"),
        "cover_url": parsed.get("cover_url"),
        "episodes": [
            {
                "guid": e.get("guid"),
                "title": e.get("title"),
                "total_time": e.get("total_time"),
                "enclosures": [
                    {"url": x.get("url"), "length": x.get("file_size"), "type": x.get("mime_type")}
                    for x in e.get("enclosures", [])
                ],
            }
            for e in parsed.get("episodes", [])
        ],
    }


def main():
    for url in sys.argv[1:]:
        print(
            json.dumps(
                {
                    "url": url,
                    "feedparser": with_feedparser(url),
                    "podcastparser": with_podcastparser(url),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
