"""The pipeline: named stages over one Article, and a verdict out.

Each stage is a small function over the article; the pipeline times it, and turns any
exception it raises into an ``error`` verdict naming the stage, so one bad article never
takes a batch down. Expensive objects (spaCy, the model) are built once per Pipeline.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from . import boilerplate, markup, verdict
from .config import Config, load_config
from .disclosures import check_disclosures
from .document import Article
from .html import looks_like_html
from .nlp import parse
from .promotional import PromotionalScorer
from .text_signals import WORD_RE, english_ratio, word_count

# The stage an error in spaCy, the promotional model or the disclosure checker is reported under,
# and the timings that make it up.
SCORING_STAGE = "promotional+disclosures"
SCORING_PARTS = ("nlp", "promotional", "disclosures")
# Articles the promotional model scores together: enough to share its array operations' fixed
# costs (measured: most of the gain by 16-32), few enough to keep a batch's parsed docs small.
BATCH_SIZE = 32
# Net allocations between two collections of the garbage collector's young generation (see Pipeline).
YOUNG_COLLECTION_EVERY = 100_000


class Skip(Exception):
    """Raised by a stage when the article cannot be moderated (empty, no body, not English)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class InputError(Exception):
    """The input itself is unusable (too large, binary, unreadable): an error verdict."""


def strip_draft(article: Article, config: Config) -> list[boilerplate.Block]:
    """The boilerplate stage over the draft's prose: Markdown syntax, HTML comments and suppression
    directives are taken out first (markup.prepare), with a map back to the file as written."""
    prepared = markup.prepare(article)
    if prepared is None:
        return boilerplate.strip(article, config.boilerplate)
    raw = article.raw
    article.raw = prepared[0]
    try:
        blocks = boilerplate.strip(article, config.boilerplate)
    finally:
        article.raw = raw
    article.raw_map = prepared[1]
    return blocks


class ArticleTimeout(Exception):
    """The article went over ``limits.article_seconds``."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ArticleTimeout in the running stage once ``seconds`` have passed.

    It uses SIGALRM, so it applies in a process's main thread (check, batch workers); elsewhere
    (a server's worker threads keep their own deadline) it does nothing.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise ArticleTimeout(f"the article took longer than its time budget of {seconds:g} s (limits.article_seconds)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _left(budget: float, spent: float) -> float:
    """What remains of a time budget (0: none set) after ``spent`` seconds; never 0 once set, which
    time_budget would take for no limit."""
    return budget and max(budget - spent, 1e-3)


class Pipeline:
    """Moderates articles: ``Pipeline().moderate("text or html")`` returns a verdict dict."""

    def __init__(self, config: Config | str | Path | None = None, model_path: str | Path | None = None):
        self.config = config if isinstance(config, Config) else load_config(config)
        self.scorer = PromotionalScorer(self.config.promotional, model_path, self.config.limits.max_sentence_chars)
        self.provenance = verdict.provenance(self.config, self.scorer.sha256)
        # Modules and the model live as long as the process: keep their objects out of the garbage
        # collector's full passes, which otherwise rescan them all every so often while articles run.
        gc.freeze()
        # An article allocates tens of thousands of objects that reference counting frees (no cycles among
        # them), and a batch keeps a shard's verdicts alive: collecting every 700 allocations, the default,
        # only moved live verdicts and docs up the generations (measured: 0.08-0.16 ms an article, 1-2%).
        gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
        self.stages: list[tuple[str, Callable[[Article], None]]] = [
            ("limits", self._check_limits),
            ("boilerplate", self._strip),
            ("language", self._check_language),
        ]  # then spaCy, the promotional model and the disclosure checker: see _run_batch

    # -- stages ----------------------------------------------------------------------------------
    def _check_limits(self, article: Article) -> None:
        if article.ingest_error:
            raise InputError(article.ingest_error[1])
        size = len(article.raw.encode("utf-8", "surrogatepass"))
        if size > self.config.limits.max_article_bytes:
            raise InputError(
                f"article is {size} bytes, over the limit of {self.config.limits.max_article_bytes}"
                " (limits.max_article_bytes)"
            )
        if not article.raw.strip():
            raise Skip("empty", "The input is empty.")

    def _strip(self, article: Article) -> None:
        strip_draft(article, self.config)
        # Counting stops at the minimum: a long body is not scanned twice.
        words = sum(1 for _ in islice(WORD_RE.finditer(article.text), self.config.limits.min_body_words))
        if words < self.config.limits.min_body_words:  # counted again for scripts written without spaces
            words = word_count(article.text)
        if words < self.config.limits.min_body_words:
            raise Skip("no_article_body", f"Only {words} words of article body remain after stripping boilerplate.")

    def _check_language(self, article: Article) -> None:
        ratio = english_ratio(article.text)
        if ratio < self.config.limits.min_english_ratio:
            raise Skip(
                "not_english",
                f"The text does not look like English (function-word share {ratio:.2f});"
                " healthmod's model is English-only.",
            )

    # -- running ---------------------------------------------------------------------------------
    def run(self, article: Article, include_text: bool = False) -> dict[str, Any]:
        """Every stage over ``article``; the verdict, with status ok, skipped or error."""
        return self.run_many([article], include_text)[0]

    def run_many(
        self, articles: list[Article], include_text: bool = False, batch_size: int = BATCH_SIZE
    ) -> list[dict[str, Any]]:
        """:meth:`run` over each article, their verdicts in order, ``batch_size`` articles at a time:
        the promotional model scores a batch's articles together (see PromotionalScorer.score_many),
        which gives each the verdict it gets alone, faster."""
        verdicts: list[dict[str, Any]] = []
        for start in range(0, len(articles), batch_size):
            verdicts += self._run_batch(articles[start : start + batch_size], include_text)
        return verdicts

    def _run_batch(self, articles: list[Article], include_text: bool) -> list[dict[str, Any]]:
        """Each article through the stages and spaCy alone, the batch through the promotional model,
        each through the disclosure checker alone. Each article has its whole time budget
        (limits.article_seconds) over the three, and any exception ends that article alone."""
        budget = self.config.limits.article_seconds
        for article in articles:  # what a verdict reports, scored or not
            article.promo_threshold = self.scorer.article_threshold
            article.sentence_threshold = self.scorer.sentence_threshold
        spent = [0.0] * len(articles)
        errors: dict[int, dict[str, Any]] = {}
        parsed: dict[int, Doc] = {}
        for i, article in enumerate(articles):
            t0 = time.perf_counter()
            outcome = self._prepare(article, budget)
            if isinstance(outcome, dict):
                errors[i] = outcome
            elif outcome is not None:
                parsed[i] = outcome
            spent[i] = time.perf_counter() - t0
        self._score_batch(articles, parsed, spent, errors)
        for i in [i for i in parsed if i not in errors]:
            article = articles[i]
            t0 = time.perf_counter()
            try:
                with time_budget(_left(budget, spent[i])):
                    check_disclosures(article, parsed[i], self.config)
            except Exception as exc:
                errors[i] = self._error(article, exc, SCORING_STAGE)
            article.timings["disclosures"] = time.perf_counter() - t0
            article.timings[SCORING_STAGE] = sum(article.timings.get(k, 0.0) for k in SCORING_PARTS)
        return [errors.get(i) or self._verdict(article, include_text) for i, article in enumerate(articles)]

    def _prepare(self, article: Article, budget: float) -> Doc | dict[str, Any] | None:
        """The stages before scoring, then spaCy: the parsed text; or the article's error verdict;
        or None when a stage skipped it."""
        with time_budget(budget):
            for name, stage in self.stages:
                t0 = time.perf_counter()
                try:
                    stage(article)
                except Skip as skip:
                    article.skip_reason = (skip.code, str(skip))
                    return None
                except Exception as exc:  # isolate the article: its error verdict, never a crash
                    return self._error(article, exc, name)
                finally:
                    article.timings.setdefault(name, time.perf_counter() - t0)
            t0 = time.perf_counter()
            try:
                return parse(article.text)
            except Exception as exc:
                return self._error(article, exc, SCORING_STAGE)
            finally:
                article.timings["nlp"] = time.perf_counter() - t0

    def _score_batch(
        self, articles: list[Article], parsed: dict[int, Doc], spent: list[float], errors: dict[int, dict[str, Any]]
    ) -> None:
        """The promotional model over the parsed articles together, within one article's time budget;
        if that fails, over each alone, within what is left of its own."""
        if not parsed:
            return
        budget = self.config.limits.article_seconds
        t0 = time.perf_counter()
        try:
            with time_budget(_left(budget, max(spent[i] for i in parsed))):
                self.scorer.score_many([(articles[i], doc) for i, doc in parsed.items()])
        except Exception:  # find the article at fault: score each alone
            for i, doc in parsed.items():
                t1 = time.perf_counter()
                try:
                    with time_budget(_left(budget, spent[i])):
                        self.scorer(articles[i], doc)
                except Exception as exc:
                    errors[i] = self._error(articles[i], exc, SCORING_STAGE)
                spent[i] += time.perf_counter() - t1
                articles[i].timings["promotional"] = time.perf_counter() - t1
            return
        share = (time.perf_counter() - t0) / len(parsed)
        for i in parsed:
            spent[i] += share
            articles[i].timings["promotional"] = share

    def _verdict(self, article: Article, include_text: bool) -> dict[str, Any]:
        try:
            return verdict.from_article(article, self.config, self.provenance, include_text)
        except Exception as exc:  # a policy that cannot be applied still yields this article's verdict
            return self._error(article, exc, "verdict")

    def _error(self, article: Article, exc: BaseException, stage: str) -> dict[str, Any]:
        kind = type(exc).__name__
        if isinstance(exc, InputError):
            stage = "ingest"
            kind = article.ingest_error[0] if article.ingest_error else kind
        message = str(exc) or repr(exc)
        threshold = self.scorer.article_threshold
        return verdict.error_verdict(article.id, article.source, kind, message, stage, self.provenance, threshold)

    def moderate(
        self, content: str, id: str = "input", is_html: bool | None = None, include_text: bool = False, **source: Any
    ) -> dict[str, Any]:
        """Moderate one article given as a string.

        is_html: whether ``content`` is HTML; None: found from the content.
        source: what the verdict's ``source`` records (url, path...); ``format="markdown"`` reads the content
            as Markdown (its syntax taken out, paragraphs unwrapped), as `check` and `batch` do for .md files.
            Markdown is not guessed here: plain text with a few "- " lines would be read differently.
        """
        html = looks_like_html(content) if is_html is None else is_html
        article = Article(id=id, raw=content, is_html=html, source={"format": "html" if html else "text", **source})
        return self.run(article, include_text)
