#!/usr/bin/env python3
"""Benchmark kilavuz against Hugo and Zola (when installed) and the raw pulldown-cmark floor.

Generates a deterministic DocFX-style corpus of N articles per locale (en-US, tr-TR) with
../shared/bench/gen_corpus.py, builds it with each tool in the same run, and prints wall time,
pages per second, peak RSS and ratios to kilavuz. Medians of --runs runs, taken in rounds (each
tool once per round, after an uncounted warm-up round) so that no tool pays alone for the state
the machine is in. kilavuz's site also
gets the example site's support data and decision tree (content/data/), so its time includes
the offering and tree pages as well as the search index. Then one article edit, taken the way
`kilavuz serve` takes it (examples/incremental.rs), is timed: median of 7 edits.

Every run writes into a fresh folder and the folders are deleted only at the end: on ext4,
creating files right after deleting thousands of others is several times slower (the inode
allocator skips recently freed inodes), which would charge each run for the previous one.

    python3 benches/bench.py --pages 1000 [--runs 3] [--keep DIR]

Hugo: `apt-get install hugo`; Zola: a `zola` binary on PATH. Both are skipped when absent, or
when named in `--skip` (Hugo needs about 22 GB at N = 50,000).
CI runs it only at a smoke size (`--pages 20 --runs 1`) so that it keeps working.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")

KILAVUZ_YAML = """title: {en-US: Contoso Docs, tr-TR: Contoso Belgeleri}
base_url: https://docs.example.org/
default_locale: en-US
locales:
  - {code: en-US, name: English}
  - {code: tr-TR, name: Türkçe}
"""


def run(cmd, cwd=None):
    """Runs cmd once, after writing every dirty page to disk; returns (wall seconds, peak RSS in
    MiB). Without the sync the kernel writes back what earlier runs wrote (730 MB for one
    kilavuz build at 2 × 10,000) while a later run is timed, on the same cores (see README's
    Performance section)."""
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{stderr}")
    return wall, usage.ru_maxrss / 1024


def measure(tools, runs, outs):
    """Runs every tool `runs` times, round by round (one run of each tool per round, after one
    warm-up round that is not counted), each run into a fresh folder under outs and after a
    sync (see `run`), so that the machine's state (page cache, deleted files) is shared alike;
    returns per tool the median wall time, the highest peak RSS and its last run's folder."""
    walls = {name: [] for name, _ in tools}
    rss = {name: [] for name, _ in tools}
    last = {}
    for k in range(runs + 1):
        for name, cmd in tools:
            out = os.path.join(outs, f"{name.replace(' ', '-')}-{k}")
            wall, peak = run(cmd(out))
            if k > 0:
                walls[name].append(wall)
                rss[name].append(peak)
            last[name] = out
    return [{"name": name, "wall": statistics.median(walls[name]), "rss": max(rss[name]),
             "out": last[name]} for name, _ in tools]


def count_pages(out_dir):
    return sum(1 for _, _, files in os.walk(out_dir) for f in files if f == "index.html")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000, help="articles per locale")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="generate the corpus here and keep it")
    ap.add_argument("--skip", default="", help="tools not to run, e.g. hugo (comma-separated)")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    work = args.keep or tempfile.mkdtemp(prefix="kilavuz-bench-")
    corpus = os.path.join(work, "corpus")
    layouts = ["neutral"]
    hugo = shutil.which("hugo") if "hugo" not in skip else None
    zola = shutil.which("zola") if "zola" not in skip else None
    if hugo:
        layouts.append("hugo")
    if zola:
        layouts.append("zola")
    if not os.path.isdir(os.path.join(corpus, "neutral")):
        subprocess.run([sys.executable, GEN, "--pages", str(args.pages), "--out", corpus,
                        "--layouts", ",".join(layouts)], check=True, stdout=subprocess.DEVNULL)
    site = os.path.join(corpus, "neutral")
    with open(os.path.join(site, "kilavuz.yaml"), "w", encoding="utf-8") as f:
        f.write(KILAVUZ_YAML)
    data = os.path.join(site, "content", "data")
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "content", "data"), data)

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kilavuz", "--example", "floor",
                    "--example", "incremental"], cwd=ROOT, check=True)
    release = os.path.join(ROOT, "target", "release")
    kilavuz = os.path.join(release, "kilavuz")
    floor = os.path.join(release, "examples", "floor")

    outs = os.path.join(work, "out")
    shutil.rmtree(outs, ignore_errors=True)
    os.makedirs(outs)
    content = os.path.join(site, "content")
    tools = [("kilavuz", lambda out: [kilavuz, "build", site, "--out", out]),
             ("pulldown-cmark floor", lambda out: [floor, content, out])]
    if hugo:
        tools.append(("hugo", lambda out, source=os.path.join(corpus, "hugo"):
                      [hugo, "--quiet", "--source", source, "--destination", out]))
    if zola:
        tools.append(("zola", lambda out, source=os.path.join(corpus, "zola"):
                      [zola, "--root", source, "build", "--output-dir", out, "--force"]))
    results = measure(tools, args.runs, outs)
    pages = count_pages(results[0]["out"])
    shutil.rmtree(outs, ignore_errors=True)
    article = next(os.path.relpath(os.path.join(d, f), site)
                   for d, _, files in sorted(os.walk(os.path.join(content, "en-US"))) for f in sorted(files)
                   if f.endswith(".md") and f != "index.md")
    incremental = subprocess.run([os.path.join(release, "examples", "incremental"), site, article],
                                 check=True, capture_output=True, text=True).stdout.strip()

    base = results[0]
    print(f"corpus: {args.pages} articles per locale (en-US, tr-TR); kilavuz wrote {pages} pages; "
          f"median of {args.runs} run(s) after a warm-up round, tools taking turns")
    print(f"{'tool':<22} {'wall s':>8} {'pages/s':>9} {'peak MiB':>9} {'time ÷ kilavuz':>15} {'RSS ÷ kilavuz':>14}")
    for r in results:
        print(f"{r['name']:<22} {r['wall']:>8.3f} {pages / r['wall']:>9.0f} {r['rss']:>9.1f} "
              f"{r['wall'] / base['wall']:>15.2f} {r['rss'] / base['rss']:>14.2f}")
    print(f"kilavuz, one article edit ({article}), in memory as `kilavuz serve` takes it:")
    print("  " + incremental.replace("\n", "\n  "))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
