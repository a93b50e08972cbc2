"""Feed documents for the tests: good ones in each format, and the bad-feed corpus."""

from __future__ import annotations

import json

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Narasi Nasional</title><link>https://contoh.go.id/</link><description>Narasi</description>
<item>
  <title>Program &lt;b&gt;Makan Bergizi&lt;/b&gt; Gratis dimulai</title>
  <link>https://contoh.go.id/berita/mbg</link>
  <guid isPermaLink="false">narasi-001</guid>
  <pubDate>Tue, 25 Nov 2025 08:30:00 +0700</pubDate>
  <author>humas@contoh.go.id (Humas)</author>
  <description><![CDATA[<p>Pemerintah memulai program makan bergizi gratis di sekolah dasar.</p><script>alert(1)</script>]]></description>
</item>
<item>
  <title>Vaksinasi anak diperluas</title>
  <link>https://contoh.go.id/berita/vaksin</link>
  <guid>narasi-002</guid>
  <pubDate>Wed, 26 Nov 2025 09:00:00 GMT</pubDate>
  <description>Vaksinasi anak diperluas ke seluruh puskesmas.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Kementerian Contoh</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2025-11-25T10:00:00Z</updated>
  <entry>
    <title>Jembatan baru diresmikan</title>
    <link href="https://kementerian.contoh.id/jembatan-baru"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2025-11-25T10:00:00Z</updated>
    <author><name>Biro Humas</name></author>
    <summary>Jembatan penghubung dua kecamatan diresmikan hari ini.</summary>
    <content type="html">&lt;p&gt;Jembatan &lt;em&gt;penghubung&lt;/em&gt; diresmikan.&lt;/p&gt;&lt;img src="javascript:alert(1)" onerror="alert(2)"&gt;&lt;script&gt;steal()&lt;/script&gt;</content>
  </entry>
</feed>
"""

JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Portal Informasi",
        "items": [
            {
                "id": "jf-1",
                "url": "https://portal.contoh.id/a/1",
                "title": "Pendaftaran beasiswa dibuka",
                "content_html": "<p>Pendaftaran <strong>beasiswa</strong> dibuka sampai akhir bulan.</p>",
                "summary": "Pendaftaran beasiswa dibuka sampai akhir bulan.",
                "date_published": "2025-11-20T07:00:00+07:00",
                "authors": [{"name": "Redaksi"}],
            },
            {
                "id": "jf-2",
                "url": "https://portal.contoh.id/a/2",
                "content_text": "Pemadaman listrik terjadwal hari Sabtu.",
                "date_published": "2025-11-21T07:00:00Z",
            },
        ],
    }
)


def rss_with(items: list[tuple[str, str, str, str]], title: str = "Sumber") -> str:
    """An RSS document with (guid, link, title, description) items; an empty guid omits the element."""
    parts = []
    for guid, link, item_title, description in items:
        guid_xml = f"<guid>{guid}</guid>" if guid else ""
        parts.append(
            f"<item><title>{item_title}</title><link>{link}</link>{guid_xml}<description>{description}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        + "".join(parts)
        + "</channel></rss>"
    )


MALFORMED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Rusak</title><item><title>Satu</item>
</channel></rss>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>
"""

HTML_PAGE = """<!DOCTYPE html>
<html lang="id"><head><title>Beranda</title></head><body><h1>Selamat datang</h1></body></html>
"""

INVALID_JSON_FEED = '{"version": "https://jsonfeed.org/version/1.1", "title": "Rusak", "items": [{"id": "1",}]}'
NOT_A_JSON_FEED = '{"version": "https://jsonfeed.org/version/1.1", "title": "Tanpa items"}'

# "Café" in Windows-1252 under a UTF-8 declaration: byte 0xE9 on line 3.
WRONG_ENCODING = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
    b"<title>Caf\xe9</title><item><title>Satu</title><guid>1</guid></item></channel></rss>\n"
)
