"""The command line: thin subcommands over the Python API.

Exit codes, for every command: 0 success (check: every input passes), 1 check found an
article to review or reject, 2 a usage, configuration, model or input error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .config import ConfigError
from .document import Article

EXIT_OK, EXIT_FLAGGED, EXIT_ERROR = 0, 1, 2


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE", help="YAML file merged over the shipped config.yaml")
    p.add_argument("--model", metavar="PATH", help="promotional model file (.skops); default: the shipped model")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="healthmod",
        description="Moderation of health articles: boilerplate, promotional language, missing disclosures, verdicts.",
    )
    parser.add_argument("--version", action="version", version=f"healthmod {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser(
        "check",
        help="check drafts like a linter (publishers)",
        description="Check articles and print findings as path:line:col. Exit 0 when every "
        "input passes, 1 when any needs review or is rejected, 2 on an input error.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="text, Markdown or HTML files; - for stdin")
    check.add_argument("--format", choices=["text", "json"], default="text", help="text findings or JSON verdicts")
    check.add_argument("--include-text", action="store_true", help="JSON: add the cleaned text to each verdict")
    _add_common(check)

    strip = sub.add_parser(
        "strip",
        help="print the cleaned article text",
        description="Strip boilerplate and print the cleaned text of one input, or write "
        "DIR/<stem>.txt for each input with --out. --explain shows every removed line and why.",
    )
    strip.add_argument("paths", nargs="+", metavar="PATH")
    strip.add_argument("--out", metavar="DIR", type=Path, help="write DIR/<input stem>.txt for each input")
    strip.add_argument("--explain", action="store_true", help="print the input with each removed line marked")
    strip.add_argument("--config", metavar="FILE", help="YAML file merged over the shipped config.yaml")

    batch = sub.add_parser(
        "batch",
        help="moderate many articles into a directory (moderators)",
        description="Moderate files, directories and JSONL(.gz) records; write "
        "DIR/verdicts/*.jsonl, DIR/summary.json and DIR/errors.jsonl. Reruns resume.",
    )
    batch.add_argument("inputs", nargs="+", metavar="INPUT")
    batch.add_argument("--out", required=True, type=Path, metavar="DIR")
    batch.add_argument("--workers", type=_positive, default=1, help="worker processes (default 1)")
    batch.add_argument("--shard-size", type=_positive, default=500, help="articles per shard (default 500)")
    batch.add_argument("--glob", help="only files below input directories that match this pattern")
    batch.add_argument("--include-text", action="store_true", help="add the cleaned text to each verdict")
    batch.add_argument("--force", action="store_true", help="discard an output made with another config or model")
    _add_common(batch)

    train = sub.add_parser(
        "train",
        help="train the promotional model from a corpus (researchers)",
        description="Fit on the corpus's train split, tune thresholds on dev, report on test; "
        "write OUT/promo.skops, OUT/promo.json and OUT/MODEL_CARD.md.",
    )
    train.add_argument("--corpus", default="corpus", metavar="DIR")
    train.add_argument("--out", default="models", metavar="DIR")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--no-cv", action="store_true", help="skip the cross-validation report (faster)")

    evaluate = sub.add_parser(
        "evaluate",
        help="score a model on labelled JSONL",
        description='Evaluate on JSONL records {"text", "label"} (label 0 or 1); print one '
        "JSON object with n, precision, recall, f1, roc_auc, pr_auc and the confusion matrix.",
    )
    evaluate.add_argument("--data", required=True, type=Path, metavar="FILE.jsonl")
    evaluate.add_argument("--level", choices=["sentence", "article"], default="sentence")
    evaluate.add_argument("--model", metavar="PATH", help="model file (.skops); default: the shipped model")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .promotional.corpus import CorpusError
    from .promotional.persist import ModelError

    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error
        _silence_stdout()
        return EXIT_OK
    except (ConfigError, ModelError, CorpusError) as exc:
        print(f"healthmod: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except FileNotFoundError as exc:
        print(f"healthmod: error: {exc.filename}: no such file", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"healthmod: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not complain about the pipe."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def cmd_check(args: argparse.Namespace) -> int:
    from .ingest import read_inputs
    from .pipeline import Pipeline
    from .report import format_findings

    pipeline = Pipeline(args.config, args.model)
    worst = EXIT_OK
    color = sys.stdout.isatty()
    for article in read_inputs(args.paths):
        verdict = pipeline.run(article, include_text=args.include_text)
        if args.format == "json":
            print(json.dumps(verdict, ensure_ascii=False))
        else:
            print(format_findings(article, verdict, color=color))
        worst = max(worst, _exit_code(verdict))
    return worst


def _exit_code(verdict: dict[str, Any]) -> int:
    if verdict["status"] != "ok":
        return EXIT_ERROR
    return EXIT_OK if verdict["decision"] == "pass" else EXIT_FLAGGED


def cmd_strip(args: argparse.Namespace) -> int:
    from .boilerplate import strip
    from .config import load_config
    from .ingest import read_inputs
    from .report import explain_blocks

    cfg = load_config(args.config).boilerplate
    if args.out is None and len(args.paths) > 1 and not args.explain:
        print("healthmod strip: several inputs need --out DIR", file=sys.stderr)
        return EXIT_ERROR
    status = EXIT_OK
    used: set[str] = set()
    for article in read_inputs(args.paths):
        if article.ingest_error:
            print(f"healthmod strip: {article.ingest_error[1]}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        blocks = strip(article, cfg)
        if args.explain:
            print(explain_blocks(article, blocks))
        elif args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{_output_stem(article, used)}.txt").write_text(article.text + "\n", encoding="utf-8")
        else:
            print(article.text)
    return status


def _output_stem(article: Article, used: set[str]) -> str:
    """The input file's stem (a JSONL record's id); a numbered suffix where two inputs share one."""
    name = article.id if "line" in article.source else Path(article.source.get("path") or article.id).stem
    stem = re.sub(r"[^\w.-]+", "_", name).strip("._") or "stdin"
    candidate, n = stem, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate)
    return candidate


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import BatchError, BatchOptions, run_batch

    opts = BatchOptions(
        out=args.out,
        config_path=args.config,
        model_path=args.model,
        workers=args.workers,
        shard_size=args.shard_size,
        include_text=args.include_text,
        force=args.force,
        glob=args.glob,
        progress=True,
    )
    try:
        summary = run_batch(args.inputs, opts)
    except BatchError as exc:
        print(f"healthmod batch: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(json.dumps({k: summary[k] for k in ("articles", "status", "decision", "reasons")}, sort_keys=True))
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    from .promotional.corpus import CorpusError
    from .promotional.train import train

    try:
        meta = train(args.corpus, args.out, seed=args.seed, cv=not args.no_cv)
    except CorpusError as exc:
        print(f"healthmod train: corpus error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(
        json.dumps(
            {
                "model": str(Path(args.out) / "promo.skops"),
                "model_sha256": meta["model_sha256"],
                "thresholds": meta["thresholds"],
                "cross_validation": meta["cross_validation"],
                "test": meta["metrics"]["test"],
            },
            indent=2,
        )
    )
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .promotional.evaluate import evaluate_file

    print(json.dumps(evaluate_file(args.data, args.level, args.model)))
    return EXIT_OK


COMMANDS = {"check": cmd_check, "strip": cmd_strip, "batch": cmd_batch, "train": cmd_train, "evaluate": cmd_evaluate}

if __name__ == "__main__":
    sys.exit(main())
