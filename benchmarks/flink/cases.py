"""The differential cases: each is an Eddy script of declarations and one query, with the
input files it reads.

- Every example under examples/: one case per query of the script (a bare SELECT, an
  INSERT's query, a sink's query), with the script's declarations; sinks are left out
  (the query's rows are compared, not a sink's file format) and followed sources are read
  to their end.
- Every conformance file under Tests/Conformance: its `statement ok` declarations, with a
  source fed by `events` records reading one file of all its events in order; one case per
  `query` record and one per view named by `changes` (the view's final contents).

Standard library only.
"""
import json
import os
import re

import sqlsplit

# Conformance files with no case for Flink: errors only, plan texts, Eddy's own settings.
SKIP_FILES = {"errors_analysis.slt", "explain.slt", "plans.slt"}


class Case:
    def __init__(self, name, folder, script, query_label):
        self.name = name
        self.folder = folder  # where its input files are written
        self.script = script  # Eddy SQL, declarations then one query
        self.query_label = query_label
        self.files = {}  # file name -> text

    def write(self):
        os.makedirs(self.folder, exist_ok=True)
        for name, text in self.files.items():
            with open(os.path.join(self.folder, name), "w") as f:
                f.write(text)
        path = os.path.join(self.folder, "case.sql")
        with open(path, "w") as f:
            f.write(self.script)
        return path


PATH_OPTION = re.compile(r"('path'\s*=\s*')([^']*)(')", re.I)
FOLLOW_OPTION = re.compile(r",\s*'follow'\s*=\s*'true'", re.I)


def absolute_paths(stmt, base):
    def fix(m):
        p = m.group(2)
        return m.group(1) + (p if p.startswith("/") else os.path.normpath(os.path.join(base, p))) + m.group(3)
    return PATH_OPTION.sub(fix, stmt)


def classify(stmt):
    """('decl', text) | ('query', text) | ('skip', None) for one Eddy statement."""
    code = sqlsplit.strip_comments(stmt).strip()
    words = code.upper().split()
    if not words:
        return ("skip", None)
    if words[0] in ("SELECT", "WITH") or code.startswith("("):
        return ("query", code)
    if words[0] == "INSERT":
        m = re.match(r"INSERT\s+INTO\s+(`[^`]*`|\"[^\"]*\"|\S+)\s+(.*)$", code, re.I | re.S)
        return ("query", m.group(2)) if m else ("skip", None)
    if words[:2] == ["CREATE", "SINK"]:
        m = re.search(r"\)\s*AS\s+(SELECT\b.*|WITH\b.*)$", code, re.I | re.S) or \
            re.search(r"\bAS\s+(SELECT\b.*|WITH\b.*)$", code, re.I | re.S)
        if m:
            return ("query", m.group(1))
        m = re.match(r"CREATE\s+SINK\s+(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+FROM\s+(\S+)", code, re.I)
        if m:
            return ("query", "SELECT * FROM " + m.group(1))
        return ("skip", None)
    if words[0] in ("EXPLAIN", "SHOW", "DESCRIBE", "DROP", "RESET"):
        return ("skip", None)
    return ("decl", code)


def example_cases(repo, out):
    cases = []
    root = os.path.join(repo, "examples")
    for folder in sorted(os.listdir(root)):
        d = os.path.join(root, folder)
        if not os.path.isdir(d):
            continue
        for script in sorted(f for f in os.listdir(d) if f.endswith(".sql")):
            text = open(os.path.join(d, script)).read()
            decls, queries = [], []
            for stmt in sqlsplit.split(text):
                kind, body = classify(stmt)
                if kind == "decl":
                    decls.append(FOLLOW_OPTION.sub("", absolute_paths(body, d)))
                elif kind == "query":
                    queries.append(body)
            for i, q in enumerate(queries, 1):
                name = f"examples/{folder}/{script}#{i}"
                c = Case(name, os.path.join(out, "cases", f"{folder}__{script[:-4]}__{i}"),
                         ";\n".join(decls + [q]) + ";\n", q)
                cases.append(c)
    return cases


def parse_slt(text):
    """(header, body lines, expected lines or None) of each record."""
    records, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith("#"):
            i += 1
            continue
        header, body, expected = line.strip(), [], None
        i += 1
        while i < len(lines) and lines[i].strip() and lines[i].strip() != "----":
            if not lines[i].startswith("#"):
                body.append(lines[i])
            i += 1
        if i < len(lines) and lines[i].strip() == "----":
            i += 1
            expected = []
            while i < len(lines) and lines[i].strip():
                expected.append(lines[i])
                i += 1
        records.append((header, body, expected))
    return records


def conformance_cases(repo, out):
    cases = []
    root = os.path.join(repo, "Tests", "Conformance")
    for fname in sorted(os.listdir(root)):
        if not fname.endswith(".slt") or fname in SKIP_FILES:
            continue
        records = parse_slt(open(os.path.join(root, fname)).read())
        decls, events, queries = [], {}, []
        seen_views = set()
        for header, body, _ in records:
            words = header.split()
            sql = "\n".join(body).strip().rstrip(";")
            if words[:2] == ["statement", "ok"]:
                kind, text = classify(sql)
                if kind == "decl":
                    decls.append(text)
            elif words[0] == "events" and len(words) > 1:
                events.setdefault(words[1].lower(), []).extend(l for l in body if l.strip())
            elif words[0] == "query":
                queries.append((sql, len(decls)))
            elif words[0] == "changes" and len(words) > 1 and words[1].lower() not in seen_views:
                seen_views.add(words[1].lower())
                queries.append((f"SELECT * FROM {words[1]}", len(decls)))
        base = fname[:-4]
        for i, (q, ndecl) in enumerate(queries, 1):
            folder = os.path.join(out, "cases", f"{base}__{i}")
            script_decls = []
            files = {}
            # The declarations before the query (a later one may redefine a name).
            for d in decls[:ndecl]:
                m = re.match(r"CREATE\s+(SOURCE|TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(`[^`]*`|\w+)", d, re.I)
                if m and not re.search(r"\bWITH\s*\(", d, re.I):
                    src = m.group(2).strip("`")
                    fn = f"{src.lower()}.jsonl"
                    files[fn] = "".join(l + "\n" for l in events.get(src.lower(), []))
                    d = d + f"\nWITH ('connector' = 'file', 'path' = '{os.path.join(folder, fn)}', 'format' = 'json')"
                elif m:
                    d = absolute_paths(d, root)
                script_decls.append(d)
            c = Case(f"{fname}#{i}", folder, ";\n".join(script_decls + [q]) + ";\n", q)
            c.files = files
            cases.append(c)
    return cases
