"""Folding a changelog into its final rows (flink_diff.py and the Nexmark runner alike).
Standard library only."""
import collections


def fold(changes):
    """The final rows of a changelog [(op, row)] as a Counter of rows: +I/+U (or PyFlink's
    INSERT/UPDATE_AFTER) add a row, -U/-D take one away."""
    rows = collections.Counter()
    for op, row in changes:
        if op in ("+I", "+U", "INSERT", "UPDATE_AFTER"):
            rows[row] += 1
        else:
            rows[row] -= 1
            if rows[row] <= 0:
                del rows[row]
    return rows
