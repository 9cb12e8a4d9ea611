"""The table of a benchmark run as Markdown, for the README.

    python3 -m bench.report bench/results/large-<date>.json
"""

import argparse
import json
from pathlib import Path


def seconds(figure):
    return f"{figure['median_s']:.2f} s" if figure["median_s"] >= 0.1 else \
        f"{figure['median_s'] * 1000:.0f} ms"


def describe(figure):
    text = f"{seconds(figure)}, {figure['queries']:,} queries"
    if figure.get("peak_memory_mb") is not None:
        text += f", {figure['peak_memory_mb']:.0f} MB"
    return text


def markdown(result):
    lines = [
        f"Measured {result['date'][:10]} on {result['machine']}; database "
        f"{result['customers']:,} invoiced customers, {result['journal_items']:,} journal "
        f"items, {result['customer_invoices']:,} customer invoices and credit notes; "
        f"median of {result['runs']} runs.",
        "",
        "| measurement | ours | peer | ratio | target | |",
        "|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        peer = f"{row['peer_name']}: {describe(row['peer'])}" if row["peer"] else ""
        ratio = f"{row['ratio']:.1f}×" if row["ratio"] is not None else ""
        verdict = {True: "met", False: "**missed**", None: ""}[row["pass"]]
        lines.append(f"| {row['name']} | {describe(row['ours'])} | {peer} | {ratio} | "
                     f"{row['target'] or ''} | {verdict} |")
    for error in result.get("errors", []):
        lines.append(f"\nFailed suite: {error}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("result", help="JSON saved by bench.run")
    options = parser.parse_args()
    print(markdown(json.loads(Path(options.result).read_text())), end="")


if __name__ == "__main__":
    main()
