"""The item body as stored HTML: sanitised with an allow-list, and compared between versions.

Plain Python (nh3 and difflib), no Django: the browser's HTML is never trusted.
"""

from __future__ import annotations

import difflib
import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h2|h3|blockquote)>|<br\s*/?>", re.IGNORECASE)


def sanitize_body(raw: str) -> str:
    """Keep paragraphs, emphasis, lists, links and sub-headings; drop everything else.

    Links get ``rel="noopener noreferrer nofollow"``; plain text without any tag becomes paragraphs.
    """
    raw = (raw or "").strip()
    if raw and "<" not in raw:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", raw) if p.strip()]
        raw = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Browsers' editors write <b>/<i>; store the semantic tags (nh3 left them without attributes).
    for old, new in (("b", "strong"), ("i", "em")):
        cleaned = cleaned.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    return cleaned.strip()


def body_text(body_html: str) -> str:
    """The visible text of a stored body, one block per line."""
    text = _BLOCK_END.sub("\n", body_html or "")
    text = _TAG.sub("", text)
    return "\n".join(line.strip() for line in html.unescape(text).splitlines() if line.strip())


# The word-level comparison (difflib, quadratic at worst) runs only inside a changed block of at
# most this many words a side; longer changed blocks are shown removed and added whole. Paragraphs
# are matched first, line by line, so a long body with a few edits costs a few small word diffs.
MAX_WORDS_PER_BLOCK = 1500


def word_diff(old: str, new: str) -> str:
    """An HTML fragment showing ``new`` against ``old`` word by word: removed words in ``<del>``,
    added words in ``<ins>``, line breaks kept. Both inputs are plain text; output is escaped.

    Bounded: lines (paragraphs) are matched first and only changed runs of lines are compared word
    by word, each within ``MAX_WORDS_PER_BLOCK`` words a side."""
    old_lines, new_lines = (old or "").split("\n"), (new or "").split("\n")
    blocks: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            blocks.append(_join(re.findall(r"\S+|\n", "\n".join(new_lines[b0:b1]))))
        else:
            blocks.append(_words("\n".join(old_lines[a0:a1]), "\n".join(new_lines[b0:b1])))
    result = "\n".join(block for block in blocks)
    return result.replace(" \n ", "<br>").replace("\n", "<br>")


def _words(old: str, new: str) -> str:
    old_tokens = re.findall(r"\S+|\n", old)
    new_tokens = re.findall(r"\S+|\n", new)
    if len(old_tokens) > MAX_WORDS_PER_BLOCK or len(new_tokens) > MAX_WORDS_PER_BLOCK:
        opcodes = [("replace", 0, len(old_tokens), 0, len(new_tokens))]
    else:
        opcodes = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False).get_opcodes()
    out: list[str] = []
    for op, a0, a1, b0, b1 in opcodes:
        if op == "equal":
            out.append(_join(new_tokens[b0:b1]))
            continue
        if op in ("delete", "replace") and a1 > a0:
            out.append(f"<del>{_join(old_tokens[a0:a1])}</del>")
        if op in ("insert", "replace") and b1 > b0:
            out.append(f"<ins>{_join(new_tokens[b0:b1])}</ins>")
    return " ".join(part for part in out if part)


def _join(tokens: list[str]) -> str:
    return " ".join(html.escape(t) if t != "\n" else "\n" for t in tokens)
