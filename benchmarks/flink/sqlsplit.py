"""Splitting SQL scripts into statements (Eddy's and Flink's dialects alike).

Semicolons inside 'strings', `quoted names`, "quoted names", -- comments and /* */
comments do not end a statement. Flink's `EXECUTE STATEMENT SET BEGIN ... END;` is one
statement. Standard library only.
"""
import re


def split(text):
    """The statements of `text`, without their `;`, comments kept inside them, empty ones
    (only comments and blanks) left out."""
    out, cur, i, n = [], [], 0, len(text)
    in_set = False
    while i < n:
        c = text[i]
        if c in "'`\"":
            j = i + 1
            while j < n:
                if text[j] == c:
                    if j + 1 < n and text[j + 1] == c:  # doubled quote
                        j += 2
                        continue
                    break
                j += 1
            cur.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("--", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            cur.append(text[i:j])
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            cur.append(text[i:j])
            i = j
        elif c == ";":
            stmt = "".join(cur)
            code = strip_comments(stmt).strip().upper()
            if re.match(r"EXECUTE\s+STATEMENT\s+SET\b", code) and not re.search(r"\bEND\s*$", code):
                in_set = True
            if in_set and not re.search(r"\bEND\s*$", code):
                cur.append(";")
            else:
                in_set = False
                if strip_comments(stmt).strip():
                    out.append(stmt.strip())
                cur = []
            i += 1
        else:
            cur.append(c)
            i += 1
    stmt = "".join(cur)
    if strip_comments(stmt).strip():
        out.append(stmt.strip())
    return out


def strip_comments(stmt):
    """The statement without -- and /* */ comments (strings kept whole)."""
    out, i, n = [], 0, len(stmt)
    while i < n:
        c = stmt[i]
        if c in "'`\"":
            j = i + 1
            while j < n and stmt[j] != c:
                j += 1
            out.append(stmt[i:j + 1])
            i = j + 1
        elif stmt.startswith("--", i):
            j = stmt.find("\n", i)
            i = n if j < 0 else j
        elif stmt.startswith("/*", i):
            j = stmt.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def first_words(stmt, k=3):
    return strip_comments(stmt).strip().upper().split()[:k]
