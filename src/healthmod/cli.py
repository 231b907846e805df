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
from collections.abc import Callable
from itertools import chain, islice
from pathlib import Path

from . import __version__
from .config import ConfigError
from .document import Article

EXIT_OK, EXIT_FLAGGED, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def _add_common(p: argparse.ArgumentParser, model: bool = True) -> None:
    p.add_argument("--config", metavar="FILE", help="YAML file merged over the shipped config.yaml")
    p.add_argument(
        "--profile",
        metavar="NAME",
        help="verdict policy profile (config.yaml `profiles`: platform, publisher, ...); default: the config's",
    )
    if model:
        p.add_argument(
            "--model",
            metavar="PATH",
            help="promotional model: its .skops file (or the .npz or .json beside it) or the folder "
            "`healthmod train --out` wrote; default: the shipped model",
        )


def _whole_number(low: int, high: int | None = None, what: str = "whole number") -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` (to ``high``, if given); ``what`` names it in errors."""
    span = f"of at least {low}" if high is None else f"from {low} to {high}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"expected a {what} {span}, got {text!r}")
        return value

    return parse


POSITIVE, NOT_NEGATIVE = _whole_number(1), _whole_number(0)
PORT = _whole_number(0, 65535, "port number")  # 0: any free one


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
        description="Check drafts and print findings as path:line:col: severity rule message, missing "
        "disclosures first, then each promotional sentence with its marked words and a suggestion. "
        "Exit 0 when every input passes, 1 when any needs review or is rejected (0 with --exit-zero), "
        "2 on a usage or input error. Suppress a reviewed finding in the draft with "
        "<!-- healthmod-disable RULE -->, <!-- healthmod-disable-next-line RULE --> or a line "
        "'healthmod-disable: RULE'.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="text, Markdown or HTML files; - for stdin")
    check.add_argument(
        "--format",
        choices=["text", "json", "sarif"],
        default="text",
        help="text findings, JSON verdicts (one per line, findings under 'lint'), or one SARIF 2.1.0 log",
    )
    check.add_argument(
        "--min-severity",
        choices=["info", "warning", "error"],
        default="info",
        help="list only findings of this severity or higher (the decision and exit code are unchanged)",
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when a draft needs review or is rejected")
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
    batch.add_argument("--workers", type=POSITIVE, default=None, help="worker processes (default: the cores available)")
    batch.add_argument("--shard-size", type=POSITIVE, default=500, help="articles per shard (default 500)")
    batch.add_argument("--glob", help="only files below input directories that match this pattern")
    batch.add_argument("--include-text", action="store_true", help="add the cleaned text to each verdict")
    batch.add_argument("--force", action="store_true", help="discard an output made with another config or model")
    batch.add_argument("--dry-run", action="store_true", help="print the plan (shards done and left, config, model)")
    batch.add_argument(
        "--max-errors", type=NOT_NEGATIVE, metavar="N", help="stop the run once more than N articles failed"
    )
    batch.add_argument("--engine", choices=["local", "dask"], default="local", help="local processes or a Dask cluster")
    batch.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: start a local cluster)")
    _add_common(batch)

    decide = sub.add_parser(
        "decide",
        help="re-apply a verdict policy to a batch output, without re-scoring (moderators)",
        description="Read DIR/verdicts/*.jsonl written by healthmod batch, apply the verdict policy of "
        "--config/--profile, and write DIR2/verdicts/*.jsonl, DIR2/summary.json and DIR2/decide-diff.json "
        "(how many decisions changed, from what to what, which ids). No model is loaded.",
    )
    decide.add_argument("directory", type=Path, metavar="DIR", help="a healthmod batch output directory")
    decide.add_argument("--out", required=True, type=Path, metavar="DIR2")
    _add_common(decide, model=False)

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
    evaluate.add_argument(
        "--model", metavar="PATH", help="as for check: a model file or folder; default: the shipped model"
    )

    serve = sub.add_parser(
        "serve",
        help="a local web page and HTTP API for checking drafts (publishers, content systems)",
        description="Serve a page where a draft is pasted or uploaded and shown with its promotional sentences "
        'highlighted and its missing disclosures, and the HTTP API POST /v1/check ({"text"} or {"html"} in, '
        "the verdict out), GET /healthz and GET /openapi.json. The model is loaded once at start-up. Binds to "
        "127.0.0.1 by default; there is no authentication.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=PORT, default=8000, help="port (default 8000; 0 picks a free one)")
    serve.add_argument(
        "--max-body-bytes",
        type=POSITIVE,
        default=2_000_000,
        metavar="N",
        help="request body limit (default 2000000)",
    )
    serve.add_argument(
        "--timeout", type=float, default=10.0, metavar="SECONDS", help="time budget per check (default 10)"
    )
    serve.add_argument("--log-level", choices=["critical", "error", "warning", "info", "debug"], default="info")
    _add_common(serve)

    report = sub.add_parser(
        "report",
        help="an HTML report of a batch output (moderators)",
        description="Read DIR/verdicts/*.jsonl and DIR/summary.json written by healthmod batch and write one "
        "self-contained HTML file: decision and reason counts, the promotional score distribution, the "
        "disclosures most often missing, and a sortable table of articles linking to a highlighted view of "
        "each (its text when the batch ran with --include-text).",
    )
    report.add_argument("directory", type=Path, metavar="DIR", help="a healthmod batch output directory")
    report.add_argument("--out", required=True, type=Path, metavar="FILE", help="the HTML file to write")
    report.add_argument(
        "--max-articles",
        type=POSITIVE,
        default=2000,
        metavar="N",
        help="articles given a detailed view (the most severe first; default 2000); the counts cover all",
    )
    return parser


def _usage_errors() -> tuple[type[Exception], ...]:
    """The exceptions that mean a bad config, model or corpus. The model and corpus modules are only
    consulted once imported (an exception of theirs cannot exist before), so `decide` never loads them."""
    errors: list[type[Exception]] = [ConfigError]
    for module, name in (("promotional.persist", "ModelError"), ("promotional.corpus", "CorpusError")):
        loaded = sys.modules.get(f"healthmod.{module}")
        if loaded is not None:
            errors.append(getattr(loaded, name))
    return tuple(errors)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        resume = "; finished shards are kept: rerun the same command to resume" if args.command == "batch" else ""
        print(f"healthmod: interrupted{resume}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except FileNotFoundError as exc:
        print(f"healthmod: error: {exc.filename}: no such file", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"healthmod: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        if not isinstance(exc, _usage_errors()):
            raise
        print(f"healthmod: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not complain about the pipe."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def cmd_check(args: argparse.Namespace) -> int:
    from .config import load_config
    from .ingest import read_inputs
    from .lint import exit_code, format_text, lint, to_json
    from .pipeline import Pipeline

    pipeline = Pipeline(load_config(args.config, args.profile), args.model)
    worst = EXIT_OK
    color = sys.stdout.isatty()
    reports = []
    for article in read_inputs(args.paths):
        verdict = pipeline.run(article, include_text=args.include_text)
        report = lint(article, verdict, pipeline.config)
        if args.format == "json":
            print(json.dumps(to_json(report, args.min_severity), ensure_ascii=False))
        elif args.format == "text":
            print(format_text(report, color=color, min_severity=args.min_severity))
        else:
            reports.append(report)
        worst = max(worst, exit_code(report))
    if args.exit_zero and worst == EXIT_FLAGGED:
        worst = EXIT_OK
    if args.format == "sarif":
        from .sarif import to_sarif

        print(json.dumps(to_sarif(reports, args.min_severity, worst), indent=2, ensure_ascii=False))
    return worst


def cmd_strip(args: argparse.Namespace) -> int:
    from .boilerplate import strip
    from .config import load_config
    from .ingest import read_inputs
    from .report import explain_blocks

    cfg = load_config(args.config).boilerplate
    articles = read_inputs(args.paths)
    first = list(islice(articles, 2))  # whether there are several articles (a directory, JSONL records)
    several = len(first) > 1
    if args.out is None and several and not args.explain:
        print("healthmod strip: several articles need --out DIR (one file each)", file=sys.stderr)
        return EXIT_ERROR
    status = EXIT_OK
    used: set[str] = set()
    for article in chain(first, articles):
        if article.ingest_error:
            print(f"healthmod strip: {article.ingest_error[1]}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        blocks = strip(article, cfg)
        if args.explain:
            if several:  # which article each listing is, as head(1) heads each file
                print(f"==> {article.id} <==")
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
    from .batch import BatchError, BatchOptions, available_cores, plan, run_batch
    from .config import load_config

    opts = BatchOptions(
        out=args.out,
        config=load_config(args.config, args.profile),  # a bad config or unknown profile stops here: exit 2
        model_path=args.model,
        workers=args.workers or available_cores(),
        shard_size=args.shard_size,
        include_text=args.include_text,
        force=args.force,
        glob=args.glob,
        progress=True,
        max_errors=args.max_errors,
        engine=args.engine,
        scheduler=args.scheduler,
    )
    if args.dry_run:
        the_plan = plan(args.inputs, opts)
        print(json.dumps(the_plan, indent=2))
        if the_plan["refused"]:
            print(f"healthmod batch: the run would be refused: {the_plan['refused']}", file=sys.stderr)
            return EXIT_ERROR
        return EXIT_OK
    try:
        summary = run_batch(args.inputs, opts)
    except BatchError as exc:
        print(f"healthmod batch: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(json.dumps({k: summary[k] for k in ("articles", "status", "decision", "reasons")}, sort_keys=True))
    return EXIT_OK


def cmd_decide(args: argparse.Namespace) -> int:
    from .config import load_config
    from .decide import DecideError, one_line, redecide_batch

    config = load_config(args.config, args.profile)
    try:
        diff = redecide_batch(args.directory, args.out, config)
    except DecideError as exc:
        print(f"healthmod decide: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(one_line(diff))
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


def cmd_serve(args: argparse.Namespace) -> int:
    from .config import load_config
    from .pipeline import Pipeline
    from .serve import ServeError, ServeSettings, serve

    if args.timeout <= 0:
        print("healthmod serve: error: --timeout must be positive", file=sys.stderr)
        return EXIT_ERROR
    pipeline = Pipeline(load_config(args.config, args.profile), args.model)
    settings = ServeSettings(max_body_bytes=args.max_body_bytes, timeout_s=args.timeout)
    try:
        serve(pipeline, args.host, args.port, settings, args.log_level)
    except ServeError as exc:
        print(f"healthmod serve: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from .report_html import ReportError, write_report

    try:
        stats = write_report(args.directory, args.out, max_articles=args.max_articles)
    except ReportError as exc:
        print(f"healthmod report: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"report: {stats['articles']} articles ({stats['detailed']} with a detailed view); wrote {stats['path']}")
    return EXIT_OK


COMMANDS = {
    "check": cmd_check,
    "strip": cmd_strip,
    "batch": cmd_batch,
    "decide": cmd_decide,
    "train": cmd_train,
    "evaluate": cmd_evaluate,
    "serve": cmd_serve,
    "report": cmd_report,
}

if __name__ == "__main__":
    sys.exit(main())
