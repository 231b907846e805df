"""The promotional model: the shipped file, refusing bad model files, retraining, evaluation."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from conftest import REPO
from healthmod.promotional.corpus import CorpusError, load_corpus
from healthmod.promotional.persist import ModelError, load_model, load_scorer, sha256_file
from healthmod.promotional.train import train

MODEL = REPO / "models" / "promo.skops"


@pytest.fixture(scope="module")
def shipped():
    return load_model(MODEL)


def copy_model(tmp_path: Path) -> Path:
    for suffix in (".skops", ".json", ".npz"):
        shutil.copy(MODEL.with_suffix(suffix), tmp_path / f"promo{suffix}")
    return tmp_path / "promo.skops"


class TouchOnUnpickle:
    """An object whose unpickling creates the file ``marker``: proof that a loader unpickled it."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def write_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Replace the model's arrays file (objects pickled in, if any) and record its hash, as a forger would."""
    with path.with_suffix(".npz").open("wb") as handle:
        np.savez(handle, **arrays, allow_pickle=True)
    rehash(path)


def rehash(path: Path) -> None:
    """Record the model's files' current hashes in its sidecar, as a forger would."""
    meta_path = path.with_suffix(".json")
    meta = json.loads(meta_path.read_text())
    meta["model_sha256"], meta["arrays_sha256"] = sha256_file(path), sha256_file(path.with_suffix(".npz"))
    meta_path.write_text(json.dumps(meta))


def test_shipped_model_loads_and_scores(shipped):
    model, meta = shipped
    assert meta["model_sha256"] == sha256_file(MODEL)
    probs, cats = model.score_sentences(
        [
            "Order today and get 40% off our miracle capsules that cure arthritis for good!",
            "The trial enrolled 120 adults and found no difference between the groups.",
        ]
    )
    assert probs.shape == (2,) and cats.shape == (2, 7)
    assert probs[0] > 0.8 > 0.2 > probs[1]
    assert np.all((cats >= 0) & (cats <= 1))


def test_shipped_model_was_trained_on_this_corpus(shipped):
    _, meta = shipped
    assert meta["corpus_sha256"] == load_corpus(REPO / "corpus").sha256()


def test_tampered_model_is_refused(tmp_path):
    path = copy_model(tmp_path)
    flip_a_byte(path)
    with pytest.raises(ModelError, match="modified or truncated"):
        load_model(path)


def test_truncated_model_is_refused(tmp_path):
    path = copy_model(tmp_path)
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ModelError, match="modified or truncated"):
        load_model(path)


def test_pickle_renamed_as_model_is_refused_and_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"

    path = copy_model(tmp_path)
    path.write_bytes(pickle.dumps(TouchOnUnpickle(marker)))
    rehash(path)  # even with a matching sidecar
    with pytest.raises(ModelError, match="not a readable skops file"):
        load_model(path)
    assert not marker.exists()


def test_model_from_an_incompatible_version_is_refused(tmp_path):
    path = copy_model(tmp_path)
    meta_path = tmp_path / "promo.json"
    meta = json.loads(meta_path.read_text())
    meta["format_version"] = 999
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="format version 999"):
        load_model(path)


@pytest.mark.parametrize("suffix", [".skops", ".npz"])
def test_scorer_refuses_a_model_with_either_file_altered(tmp_path, suffix):
    path = copy_model(tmp_path)
    flip_a_byte(path.with_suffix(suffix))
    with pytest.raises(ModelError, match=f"promo\\{suffix} does not match the hash"):
        load_scorer(path)


def test_scorer_loads_arrays_only_never_a_pickle(tmp_path):
    marker = tmp_path / "pwned"

    path = copy_model(tmp_path)
    arrays = dict(np.load(path.with_suffix(".npz")))
    arrays["table"] = np.array([TouchOnUnpickle(marker)], dtype=object)
    write_arrays(path, arrays)
    with pytest.raises(ModelError, match="could not be read"):
        load_scorer(path)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.pop("calib_a"), "missing arrays: calib_a"),
        (lambda a: a.update(table=a["table"][:, :-1]), "wrong shape: table"),
        (lambda a: a.update(row_of=a["row_of"] + len(a["table"])), "row_of points outside the table"),
    ],
)
def test_scorer_refuses_arrays_that_do_not_fit_together(tmp_path, change, message):
    path = copy_model(tmp_path)
    arrays = dict(np.load(path.with_suffix(".npz")))
    change(arrays)
    write_arrays(path, arrays)
    with pytest.raises(ModelError, match=message):
        load_scorer(path)


def test_scorer_and_estimators_load_the_same_thresholds(shipped):
    model, meta = shipped
    scorer, scorer_meta = load_scorer(MODEL)
    assert scorer.thresholds == model.thresholds == meta["thresholds"]
    assert scorer_meta == meta


def test_missing_model_or_sidecar_is_refused(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "nothing.skops")
    path = copy_model(tmp_path)
    (tmp_path / "promo.npz").unlink()
    with pytest.raises(ModelError, match=r"promo\.npz not found"):
        load_scorer(path)
    (tmp_path / "promo.json").unlink()
    with pytest.raises(ModelError, match="sidecar"):
        load_model(path)


@pytest.mark.parametrize("name", ["promo.skops", "promo.npz", "promo.json", "."])
def test_a_model_is_named_by_any_of_its_files_or_its_folder(tmp_path, run_cli, name):
    # `healthmod train --out DIR` writes the three files to DIR; the pipeline scores with the .npz
    path = copy_model(tmp_path)
    article = REPO / "tests" / "fixtures" / "our-article-example-layout.txt"
    result = run_cli("check", article, "--model", tmp_path / name, "--format", "json")
    assert result.code in (0, 1), result.err
    assert json.loads(result.out)["provenance"]["model_sha256"] == sha256_file(path)
    assert load_scorer(tmp_path / name)[1] == load_scorer(path)[1]


def test_cli_refuses_a_bad_model_with_exit_2(tmp_path, run_cli):
    path = copy_model(tmp_path)
    path.write_bytes(path.read_bytes()[:-10])
    result = run_cli("check", REPO / "tests" / "fixtures" / "our-article-example-layout.txt", "--model", path)
    assert result.code == 2
    assert "modified or truncated" in result.err


def small_corpus(tmp_path: Path) -> Path:
    """A copy of a slice of the corpus: enough to train on in seconds."""
    root = tmp_path / "corpus"
    for sub in ("sentences", "articles"):
        (root / sub).mkdir(parents=True)
    shutil.copy(REPO / "corpus" / "splits.yaml", root / "splits.yaml")
    for name in ("news-01.jsonl", "mkt-01.jsonl"):
        shutil.copy(REPO / "corpus" / "sentences" / name, root / "sentences" / name)
    for name in ("news-01.jsonl", "news-02.jsonl", "mkt-01.jsonl", "mkt-02.jsonl"):
        shutil.copy(REPO / "corpus" / "articles" / name, root / "articles" / name)
    return root


def test_training_is_reproducible_byte_for_byte(tmp_path):
    corpus = small_corpus(tmp_path)
    first = train(corpus, tmp_path / "a", seed=3, cv=False)
    second = train(corpus, tmp_path / "b", seed=3, cv=False)
    assert first["model_sha256"] == second["model_sha256"]
    for name in ("promo.skops", "promo.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    model, meta = load_model(tmp_path / "a" / "promo.skops")
    assert meta["thresholds"] == model.thresholds
    assert (tmp_path / "a" / "MODEL_CARD.md").read_text().startswith("# Model card")
    for split in ("dev", "test"):
        assert set(meta["metrics"][split]) == {"sentence", "article", "category_f1_on_promotional"}


def test_training_stops_on_a_malformed_corpus_record(tmp_path, run_cli):
    corpus = small_corpus(tmp_path)
    with (corpus / "articles" / "news-01.jsonl").open("a") as handle:
        handle.write('{"text": "x", "promo_strength": 2, "promo_sentences": [{"text": "not in it"}]}\n')
    with pytest.raises(CorpusError, match="not verbatim"):
        load_corpus(corpus)
    result = run_cli("train", "--corpus", corpus, "--out", tmp_path / "m", "--no-cv")
    assert result.code == 2 and "news-01.jsonl" in result.err


def test_evaluate_prints_the_metrics(tmp_path, run_cli):
    data = tmp_path / "labelled.jsonl"
    rows = [
        {"text": "Buy now: this miracle tea melts fat overnight, guaranteed!", "label": 1},
        {"text": "Call today to book your free consultation and cure your pain for good.", "label": 1},
        {"text": "The study followed 300 adults for two years.", "label": 0},
        {"text": "Researchers said larger trials are needed before any conclusions.", "label": 0},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = run_cli("evaluate", "--data", data)
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["n"] == 4
    for key in ("precision", "recall", "f1", "roc_auc", "pr_auc", "confusion_matrix"):
        assert key in report
    assert report["roc_auc"] == 1.0
    assert sum(map(sum, report["confusion_matrix"])) == 4


def test_evaluate_refuses_records_without_labels(tmp_path, run_cli):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"text": "no label here"}\n')
    result = run_cli("evaluate", "--data", data)
    assert result.code == 2 and "label" in result.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no records"),
        (b"\n\n", "no records"),
        (b"\x1f\x8b\x08\x00 compressed, not text", "not UTF-8 text"),
        (b'{"text": "A miracle cure!", "label": true}\n', "label"),
        (b'{"text": "", "label": 1}\n', "non-empty"),
    ],
    ids=["empty", "blank-lines", "gzip", "label-true", "empty-text"],
)
def test_evaluate_refuses_unusable_data_with_a_message(tmp_path, run_cli, content, message):
    data = tmp_path / "data.jsonl"
    data.write_bytes(content)
    result = run_cli("evaluate", "--data", data)
    assert result.code == 2 and message in result.err


@pytest.mark.parametrize("target", ["missing.jsonl", "."], ids=["missing", "directory"])
def test_evaluate_on_a_path_that_is_no_file_is_exit_2(tmp_path, run_cli, target):
    result = run_cli("evaluate", "--data", tmp_path / target)
    assert result.code == 2 and "error" in result.err


def test_training_refuses_a_topic_in_no_split_and_an_empty_split(tmp_path, run_cli):
    corpus = small_corpus(tmp_path)
    with (corpus / "sentences" / "news-01.jsonl").open("a") as handle:
        handle.write('{"text": "A new sentence.", "label": 0, "categories": [], "topic": "not-a-topic"}\n')
    result = run_cli("train", "--corpus", corpus, "--out", tmp_path / "m", "--no-cv")
    assert result.code == 2 and "'not-a-topic'" in result.err and "no split" in result.err
    spec = yaml.safe_load((corpus / "splits.yaml").read_text(encoding="utf-8"))
    everything = [*spec["train"], *spec["dev"], *spec["test"], "not-a-topic"]
    (corpus / "splits.yaml").write_text(yaml.safe_dump({"train": everything, "dev": [], "test": []}), encoding="utf-8")
    with pytest.raises(CorpusError, match="the dev split holds no"):
        load_corpus(corpus)


def test_retraining_reproduces_the_shipped_model(tmp_path, shipped):
    """`healthmod train` with the defaults gives the shipped model (same library versions): the same
    thresholds and figures, and the same weights to rounding.

    Byte for byte only on the same BLAS kernel: OpenBLAS picks its kernel by CPU, and the kernels round
    differently (measured: weights within 7e-6 of the shipped ones on an AVX-512 machine, every threshold
    and figure identical). Training twice on one machine gives the same bytes
    (test_training_is_reproducible_byte_for_byte). Cross-validation only adds figures to the sidecar, so
    it is left out here (it triples the time)."""
    import platform

    import sklearn
    import spacy

    _, meta = shipped
    here = {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "spacy": spacy.__version__}
    here["numpy"] = np.__version__
    if here != meta["versions"]:
        pytest.skip(f"library versions {here} differ from the shipped model's {meta['versions']}")
    retrained = train(REPO / "corpus", tmp_path, seed=meta["training"]["seed"], cv=False)
    assert retrained["thresholds"] == meta["thresholds"]
    assert retrained["metrics"] == meta["metrics"]
    with np.load(MODEL.with_suffix(".npz")) as ours, np.load(tmp_path / "promo.npz") as theirs:
        assert sorted(ours.files) == sorted(theirs.files)
        for name in ours.files:
            np.testing.assert_allclose(theirs[name], ours[name], rtol=1e-4, atol=1e-5, err_msg=name)


def test_moderating_an_article_imports_neither_scikit_learn_nor_skops():
    """The pipeline scores with the saved arrays: importing scikit-learn and skops took about half
    of every run's start-up."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from healthmod.document import Article\n"
        "from healthmod.pipeline import Pipeline\n"
        "verdict = Pipeline().run(Article(id='a', raw=Path(sys.argv[1]).read_text(encoding='utf-8')))\n"
        "assert verdict['status'] == 'ok' and verdict['promotional']['sentences'], verdict\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'skops'}))\n"
    )
    article = REPO / "examples" / "articles" / "contentfarm-acupuncture-infertility.txt"
    result = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
