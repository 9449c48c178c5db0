#!/usr/bin/env python3
"""Turn a pvx hypervisor trace into pictures (docs/trace.md).

    scripts/trace-view.py <serial.log> --out <dir>

reads the "trace: <tsc> <category> <operation> key=value ..." lines the
hypervisor prints (trace=... on its command line) and the guest's own
"tour: step <N>: <title>" lines, and writes into <dir>:

    timeline.png   hypercalls over time, one row per hypercall, each call a
                   bar as long as it took; below, the size of each batch
                   (mmu_update, mmuext_op, multicall); a row of marks for
                   pins, validations, flushes, bounced exceptions and events;
                   the tour's steps as vertical lines (gnuplot)
    tree-<k>.png   the k-th tree snapshot: page tables coloured by type,
                   pinned ones with a double border (graphviz dot); the
                   first 64 snapshots only
    summary.txt    counts per category and operation, hypercall totals,
                   the steps and the snapshots

Only the Python standard library, gnuplot and dot.  Exits 1 with a message
if the log has no trace records or a tool fails.
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys

TRACE_RE = re.compile(r"trace: (\d+) (\S+) (\S+)(.*)$")
STEP_RE = re.compile(r"tour: step (\d+): (.*?)\s*$")
BATCHES = ("mmu_update", "mmuext_op", "multicall")
MARK_ROWS = ("pin", "val", "type", "tlb", "exc", "evt")
TYPE_COLOURS = {"l4": "#e76f51", "l3": "#f4a261", "l2": "#e9c46a", "l1": "#8ab17d"}
MAX_LEAVES = 12         # a table with more L1 children shows the first few and a summary
MAX_TREES = 64          # tree pictures drawn (the summary lists the rest)


def fail(msg):
    """Prints msg and exits with status 1."""
    print(f"trace-view: {msg}", file=sys.stderr)
    sys.exit(1)


def parse_fields(text):
    """Returns the key=value words of text as a dict of strings."""
    return dict(w.split("=", 1) for w in text.split() if "=" in w)


def parse_log(path):
    """Reads the log; returns (records, steps, trees).

    records: dicts with ts, cat, op and the fields;
    steps:   (ts, number, title), ts being that of the next record;
    trees:   dicts with the begin fields, the nodes and the step before it.
    """
    records, steps, trees, pending_steps, tree = [], [], [], [], None
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    for line in lines:
        m = TRACE_RE.search(line)
        if not m:
            s = STEP_RE.search(line)
            if s:
                pending_steps.append((int(s.group(1)), s.group(2)))
            continue
        rec = parse_fields(m.group(4))
        rec.update(ts=int(m.group(1)), cat=m.group(2), op=m.group(3))
        for num, title in pending_steps:
            steps.append((rec["ts"], num, title))
        pending_steps = []
        records.append(rec)
        if rec["cat"] != "tree":
            continue
        if rec["op"] == "begin":
            tree = dict(rec, nodes=[], step=steps[-1] if steps else None)
        elif rec["op"] == "node" and tree is not None:
            tree["nodes"].append(rec)
        elif rec["op"] == "end" and tree is not None:
            trees.append(tree)
            tree = None
    last_ts = records[-1]["ts"] if records else 0
    steps += [(last_ts, num, title) for num, title in pending_steps]
    return records, steps, trees


def run_tool(argv, what):
    """Runs argv; exits with a message if it is missing or fails."""
    if not shutil.which(argv[0]):
        fail(f"{argv[0]} is not installed (scripts/deps.sh installs it)")
    r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"{argv[0]} failed on {what}: {r.stderr.strip()[:400]}")


def gp_quote(s):
    """Quotes s for a gnuplot string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_timeline(records, steps, out):
    """Writes timeline.png (and its data files) into out."""
    calls = [r for r in records if r["cat"] == "hc"]
    names = sorted({r["op"] for r in calls})
    row = {n: i + 1 for i, n in enumerate(names)}
    marks = [r for r in records if r["cat"] in MARK_ROWS]
    t0 = min(r["ts"] for r in records)
    scale = 1e6                                   # millions of instructions

    def x(ts):
        return (ts - t0) / scale

    xmax = max(x(r["ts"] + int(r.get("dur", "0"))) for r in records) or 1
    min_half = xmax / 1500                      # the shortest call still shows as a bar
    with open(os.path.join(out, "timeline-calls.dat"), "w") as f:
        for r in calls:
            dur = int(r.get("dur", "0"))
            f.write(f"{x(r['ts'] + dur / 2):.6f} {row[r['op']]} {max(dur / 2 / scale, min_half):.6f} "
                    f"{1 if 'in' in r else 0}\n")
    with open(os.path.join(out, "timeline-batches.dat"), "w") as f:
        for r in calls:
            if r["op"] in BATCHES and "count" in r:
                f.write(f"{x(r['ts']):.6f} {r['count']} {BATCHES.index(r['op'])}\n")
    with open(os.path.join(out, "timeline-marks.dat"), "w") as f:
        for r in marks:
            f.write(f"{x(r['ts']):.6f} {MARK_ROWS.index(r['cat']) + 1}\n")

    step_lines = "\n".join(
        f"set arrow from {x(ts):.6f}, graph 0 to {x(ts):.6f}, graph 1 nohead lc rgb '#888888' dt 2\n"
        f"set label {gp_quote(f'{num}')} at {x(ts):.6f}, graph 1.02 center font ',8'"
        for ts, num, _ in steps)
    ytics = ", ".join(f"{gp_quote(n)} {row[n]}" for n in names) or '"" 0'
    mtics = ", ".join(f"{gp_quote(n)} {i + 1}" for i, n in enumerate(MARK_ROWS))
    script = f"""
set terminal pngcairo noenhanced size 1400,900 font ',9'
set output {gp_quote(os.path.join(out, 'timeline.png'))}
set multiplot layout 3,1 margins 0.14,0.97,0.07,0.94 spacing 0,0.06
set xrange [0:{xmax * 1.01:.6f}]
set grid xtics lc rgb '#dddddd'
set title 'hypercalls (bar = duration; dark = entry of a multicall)'
set ytics ({ytics})
set yrange [0.3:{len(names) + 0.7}]
unset xlabel
{step_lines}
plot {gp_quote(os.path.join(out, 'timeline-calls.dat'))} using 1:2:3:(0.3):($4 != 0 ? 0x264653 : 0x2a9d8f) \\
     with boxxyerror fs solid 0.9 noborder lc rgb variable notitle
unset arrow
unset label
set title 'batch sizes (operations per call)'
set ytics auto
set yrange [0:*]
set logscale y
set yrange [0.8:*]
{step_lines}
plot {gp_quote(os.path.join(out, 'timeline-batches.dat'))} using 1:($3 == 0 ? $2 : 1/0) with impulses lw 2 lc rgb '#e76f51' title 'mmu_update', \\
     '' using 1:($3 == 1 ? $2 : 1/0) with impulses lw 2 lc rgb '#264653' title 'mmuext_op', \\
     '' using 1:($3 == 2 ? $2 : 1/0) with impulses lw 2 lc rgb '#e9c46a' title 'multicall'
unset logscale y
unset arrow
unset label
set title 'other records'
set ytics ({mtics})
set yrange [0.3:{len(MARK_ROWS) + 0.7}]
set xlabel 'guest instructions (millions) since the first record; dashed lines: tour steps'
{step_lines}
plot {gp_quote(os.path.join(out, 'timeline-marks.dat'))} using 1:2 with points pt 7 ps 0.5 lc rgb '#264653' notitle
unset multiplot
"""
    path = os.path.join(out, "timeline.gp")
    with open(path, "w") as f:
        f.write(script)
    # gnuplot refuses to plot an empty file: give every data file one invisible point.
    for name in ("timeline-calls.dat", "timeline-batches.dat", "timeline-marks.dat"):
        p = os.path.join(out, name)
        if os.path.getsize(p) == 0:
            with open(p, "w") as f:
                f.write("-1 -1 0 0\n")
    run_tool(["gnuplot", path], "the timeline")


def node_label(n):
    """Returns the dot label of a tree node."""
    level = n.get("level", "?")
    text = f"L{level} {n['mfn']}\\ntype_count {n.get('type_count')} count {n.get('count')}"
    if level == "1":
        text += f"\\n{n.get('entries')} data ({n.get('writable')} rw)"
    if n.get("pinned") == "1":
        text += "\\npinned"
    return text


def tree_dot(tree, k):
    """Returns the dot source of tree snapshot k.  A table with more than
    MAX_LEAVES L1 children shows the first half of that many and one dashed
    node for the rest."""
    step = tree["step"]
    title = f"tree {k}: {tree.get('why')} root {tree.get('root')} (cr3 {tree.get('cr3')})"
    if step:
        title += f"\\nafter tour step {step[1]}: {step[2]}"
    lines = ["digraph tree {",
             "  rankdir=LR; node [shape=box style=filled fontname=Helvetica fontsize=10];",
             f"  labelloc=t; label=\"{title}\";"]
    children = collections.defaultdict(list)
    for n in tree["nodes"]:
        children[n.get("parent")].append(n)
    folded = {}
    for parent, kids in children.items():
        leaves = [c for c in kids if c.get("level") == "1"]
        if len(leaves) > MAX_LEAVES:
            folded[parent] = leaves[MAX_LEAVES // 2:]
    hidden = {c["mfn"] for rest in folded.values() for c in rest}
    declared = set()
    for n in tree["nodes"]:
        if n["mfn"] in hidden:
            continue
        if n["mfn"] not in declared:
            declared.add(n["mfn"])
            colour = TYPE_COLOURS.get(n.get("type"), "#cccccc")
            border = " peripheries=2 penwidth=2" if n.get("pinned") == "1" else ""
            lines.append(f"  \"{n['mfn']}\" [label=\"{node_label(n)}\" fillcolor=\"{colour}\"{border}];")
        if n.get("parent", "-") != "-":
            lines.append(f"  \"{n['parent']}\" -> \"{n['mfn']}\" [label=\"{n.get('slot')}\" fontsize=8];")
    for parent, rest in folded.items():
        data = sum(int(c.get("entries", 0)) for c in rest)
        lines.append(f"  \"more-{parent}\" [label=\"{len(rest)} more L1s\\n{data} data\" "
                     f"fillcolor=\"{TYPE_COLOURS['l1']}\" style=\"filled,dashed\"];")
        lines.append(f"  \"{parent}\" -> \"more-{parent}\";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_trees(trees, out):
    """Writes tree-<k>.dot and tree-<k>.png for the first MAX_TREES snapshots, k from 1."""
    for old in os.listdir(out):
        if re.fullmatch(r"tree-\d+\.(png|dot)", old):
            os.remove(os.path.join(out, old))
    for k, tree in enumerate(trees[:MAX_TREES], 1):
        dot = os.path.join(out, f"tree-{k}.dot")
        with open(dot, "w") as f:
            f.write(tree_dot(tree, k))
        run_tool(["dot", "-Tpng", "-Gdpi=80", "-o", os.path.join(out, f"tree-{k}.png"), dot], dot)


def write_summary(records, steps, trees, out):
    """Writes summary.txt: counts per category/operation and hypercall totals."""
    per_op = collections.Counter((r["cat"], r["op"]) for r in records)
    calls = collections.defaultdict(lambda: [0, 0, 0])     # name -> calls, ticks, batch ops
    for r in records:
        if r["cat"] == "hc":
            c = calls[r["op"]]
            c[0] += 1
            c[1] += int(r.get("dur", "0"))
            c[2] += int(r.get("count", "0"))
    span = records[-1]["ts"] - records[0]["ts"] if records else 0
    lines = [f"records: {len(records)}, from tsc {records[0]['ts']} over {span} ticks", "",
             "per category and operation:"]
    lines += [f"  {cat:5} {op:20} {n}" for (cat, op), n in sorted(per_op.items())]
    lines += ["", "hypercalls: calls, ticks inside (with nested entries), batch operations:"]
    lines += [f"  {name:20} {c[0]:8} {c[1]:12} {c[2] if name in BATCHES else '':>8}"
              for name, c in sorted(calls.items())]
    lines += ["", "steps:"] + [f"  {num}: {title} (tsc {ts})" for ts, num, title in steps]
    lines += ["", "tree snapshots:"]
    lines += [f"  tree-{k}.png: {t.get('why')} root {t.get('root')}, {len(t['nodes'])} tables"
              + (f", after step {t['step'][1]}" if t["step"] else "")
              + ("" if k <= MAX_TREES else " (not drawn)")
              for k, t in enumerate(trees, 1)]
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description="Pictures from a pvx hypervisor trace.")
    ap.add_argument("log", help="serial log with trace: lines")
    ap.add_argument("--out", required=True, help="directory for timeline.png, tree-<k>.png, summary.txt")
    args = ap.parse_args()
    records, steps, trees = parse_log(args.log)
    if not records:
        fail(f"no trace records in {args.log} (boot pvx with trace=<categories>)")
    os.makedirs(args.out, exist_ok=True)
    write_timeline(records, steps, args.out)
    write_trees(trees, args.out)
    write_summary(records, steps, trees, args.out)
    print(f"trace-view: {len(records)} records, {len(trees)} trees, {len(steps)} steps -> {args.out}")


if __name__ == "__main__":
    main()
