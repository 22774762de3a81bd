"""Static features: one value per series, read from X, encoded once."""

import pickle

import numpy as np
import pandas as pd
import pytest
import torch
from _shared import TINY
from sklearn.base import clone

from sktime_lstm import GRUForecaster, LSTMForecaster
from sktime_lstm.networks import RecurrentForecastNetwork, StaticEncoder
from sktime_lstm.rollout import feed_back
from sktime_lstm.static import StaticEncoding, static_values
from sktime_lstm.windows import make_contexts, make_windows

PERIOD = 12
SHAPES = {
    "sine": lambda phase: np.sin(2 * np.pi * phase),
    "square": lambda phase: np.where(phase < 0.5, 1.0, -1.0),
    "sawtooth": lambda phase: 2 * phase - 1,
}


def shaped_panel(n_series: int = 12, length: int = 36, seed: int = 0):
    """Monthly series whose seasonal shape is set by their category (X's "shape")."""
    rng = np.random.default_rng(seed)
    months = pd.period_range("2000-01", periods=length, freq="M")
    ys, xs = [], []
    for i in range(n_series):
        shape = list(SHAPES)[i % 3]
        phase = np.arange(length) % PERIOD / PERIOD
        values = rng.uniform(10, 50) + SHAPES[shape](phase)
        values += 0.05 * rng.standard_normal(length)
        index = pd.MultiIndex.from_product([[f"s{i:02d}"], months])
        ys.append(pd.DataFrame({"y": values}, index=index))
        size = np.full(length, float(i % 4))
        xs.append(pd.DataFrame({"shape": shape, "size": size}, index=index))
    return pd.concat(ys), pd.concat(xs)


def head(panel: pd.DataFrame, drop: int) -> pd.DataFrame:
    return panel[panel.groupby(level=0).cumcount(ascending=False) >= drop]


def tail(panel: pd.DataFrame, n: int) -> pd.DataFrame:
    return panel[panel.groupby(level=0).cumcount(ascending=False) < n]


# a one-step window under a mean norm shows nothing of the shape; the month does
# not either, as the three shapes share it
SHAPE_BLIND = dict(
    window_length=1,
    window_norm="mean",
    calendar="auto",
    hidden_size=16,
    num_layers=1,
    max_epochs=300,
    batch_size=32,
    learning_rate=0.01,
    random_state=0,
)


# ---------------------------------------------------------------- the encoding
def test_categories_get_sorted_codes_and_unseen_values_the_unknown_code():
    values = pd.DataFrame({"kind": ["b", "a", "c", "a"]})
    encoding = StaticEncoding.fit(values)
    assert encoding.categories == (("a", "b", "c"),)
    assert encoding.encode(values).ravel().tolist() == [2, 1, 3, 1]
    unseen = pd.DataFrame({"kind": ["z", "b"]})
    assert encoding.encode(unseen).ravel().tolist() == [0, 2]


def test_numbers_are_standardised_across_series_and_categories_follow_them():
    values = pd.DataFrame({"flag": [True, False, True], "size": [1.0, 2.0, 6.0]})
    encoding = StaticEncoding.fit(values)
    # booleans are categories; numbers come first in the network's order
    assert encoding.columns == ["size", "flag"]
    encoded = encoding.encode(values)
    expected = [-0.9258201, -0.4629100, 1.3887301]
    np.testing.assert_allclose(encoded[:, 0], expected, rtol=1e-6)
    assert encoded[:, 1].tolist() == [2, 1, 2]  # sorted as strings: False, True


def test_a_numeric_feature_equal_in_every_series_keeps_a_scale_of_one():
    encoding = StaticEncoding.fit(pd.DataFrame({"size": [3.0, 3.0]}))
    assert encoding.scale == (1.0,)
    assert encoding.encode(pd.DataFrame({"size": [4.0]})).tolist() == [[1.0]]


# ------------------------------------------------------------------ the values
def test_each_instance_gets_its_one_value_in_y_s_order():
    _, X = shaped_panel(n_series=3)
    values = static_values("F", X, ["s02", "s00"], ["shape", "size"], "fit")
    assert values["shape"].tolist() == ["sawtooth", "sine"]
    assert values["size"].tolist() == [2.0, 0.0]


def test_a_series_without_a_value_is_named():
    _, X = shaped_panel(n_series=3)
    X.loc["s01", "shape"] = None
    with pytest.raises(ValueError, match=r"'shape' has no value \(instance 's01'\)"):
        static_values("F", X, ["s00", "s01"], ["shape"], "fit")


def test_a_value_missing_at_some_times_is_the_series_one_value():
    _, X = shaped_panel(n_series=2)
    X.loc[("s01", X.loc["s01"].index[:5]), "shape"] = None
    values = static_values("F", X, ["s00", "s01"], ["shape"], "fit")
    assert values["shape"].tolist() == ["sine", "square"]


def test_a_feature_that_changes_within_a_series_is_named():
    _, X = shaped_panel(n_series=2)
    X.loc[("s01", X.loc["s01"].index[-1]), "shape"] = "sine"
    with pytest.raises(ValueError, match=r"'shape' takes several values.*'s01'"):
        static_values("F", X, ["s00", "s01"], ["shape"], "fit")


def test_static_features_need_x_with_their_columns():
    y, X = shaped_panel(n_series=3)
    forecaster = LSTMForecaster(static_features=["shape"], **TINY)
    with pytest.raises(ValueError, match="fit got no X"):
        forecaster.fit(y, fh=[1])
    with pytest.raises(ValueError, match=r"names \['kind'\].*lacks"):
        forecaster.set_params(static_features=["kind"]).fit(y, X=X, fh=[1])


def test_static_features_is_a_list_of_distinct_names():
    y, X = shaped_panel(n_series=3)
    for bad in ("size", [], ["size", "size"]):
        forecaster = LSTMForecaster(static_features=bad, **TINY)
        with pytest.raises(ValueError, match="'static_features' parameter"):
            forecaster.fit(y, X=X[["size"]], fh=[1])


# ---------------------------------------------------------- categorical X tags
def test_categorical_x_is_accepted_only_as_static_features():
    y, X = shaped_panel(n_series=3)
    assert not LSTMForecaster().get_tag("capability:categorical_in_X")
    with pytest.raises(TypeError, match="categorical"):
        LSTMForecaster(**TINY).fit(y, X=X, fh=[1])
    forecaster = LSTMForecaster(static_features=["size"], **TINY)
    assert forecaster.get_tag("capability:categorical_in_X")
    with pytest.raises(TypeError, match=r"\['shape'\] hold categorical values"):
        forecaster.fit(y, X=X, fh=[1])


# -------------------------------------------------------------- what they buy
def test_the_category_lets_a_shape_blind_window_forecast_the_shape():
    y, X = shaped_panel()
    train, actual = head(y, PERIOD), tail(y, PERIOD)

    def error(static):
        forecaster = LSTMForecaster(static_features=static, **SHAPE_BLIND)
        given = head(X, PERIOD)[static] if static else None
        forecaster.fit(train, X=given, fh=range(1, PERIOD + 1))
        forecast = forecaster.predict()
        return float((forecast["y"] - actual["y"]).abs().mean())

    # without the category the network can only forecast the shapes' average
    assert error(["shape"]) * 2 < error(None)


def test_the_network_reads_static_features_only_where_it_was_told():
    y, X = shaped_panel(n_series=6)
    fitted = LSTMForecaster(static_features=["shape", "size"], **TINY).fit(
        y, X=X, fh=[1, 2]
    )
    assert fitted.network_.layout.n_static == 2
    assert fitted.network_.n_exog == 0  # size is static, not a column of X
    assert fitted.exog_columns_ == []
    assert fitted.static_encoding_.columns == ["size", "shape"]


# ------------------------------------------------------ predict, update, pickle
@pytest.fixture(scope="module")
def fitted():
    y, X = shaped_panel(n_series=6)
    forecaster = LSTMForecaster(static_features=["shape"], **dict(TINY, max_epochs=5))
    return forecaster.fit(head(y, 6), X=head(X, 6)[["shape"]], fh=[1, 2, 3]), y, X


def test_predict_needs_no_static_values_and_ignores_those_given():
    y, X = shaped_panel(n_series=6)
    X["price"] = np.random.default_rng(0).normal(size=len(X))  # read by predict
    forecaster = LSTMForecaster(static_features=["shape"], **TINY)
    forecaster.fit(head(y, 6), X=head(X, 6)[["shape", "price"]], fh=[1, 2, 3])
    expected = forecaster.predict(X=X[["price"]])
    relabelled = X[["shape", "price"]].replace({"sine": "square", "square": "sine"})
    pd.testing.assert_frame_equal(forecaster.predict(X=relabelled), expected)
    other_prices = X[["price"]] + 1.0
    assert not forecaster.predict(X=other_prices).equals(expected)


def test_update_keeps_the_static_features_of_fit(fitted):
    forecaster, y, X = fitted
    updated = clone(forecaster).fit(head(y, 6), X=head(X, 6)[["shape"]], fh=[1, 2])
    new = tail(head(y, 3), 3)
    relabelled = X[["shape"]].replace({"sine": "square", "square": "sine"})
    updated.update(new, X=tail(head(X, 3), 3)[["shape"]], update_params=False)
    again = clone(forecaster).fit(head(y, 6), X=head(X, 6)[["shape"]], fh=[1, 2])
    again.update(new, X=tail(head(relabelled, 3), 3), update_params=False)
    pd.testing.assert_frame_equal(updated.predict(), again.predict())
    static = updated.network_.layout.static
    assert all(np.unique(h[:, static]).size == 1 for h in updated.history_)


def test_numeric_static_features_reach_the_network_as_encoded():
    # scaled per series, a numeric static feature would be flattened to 0
    y, X = shaped_panel(n_series=6)
    forecaster = LSTMForecaster(static_features=["size", "shape"], **TINY)
    forecaster.fit(y, X=X, fh=[1])
    contexts = forecaster._contexts(forecaster._scaled_recent(6))
    static = contexts[:, -1, forecaster.network_.layout.static].numpy()
    values = X.groupby(level=0).first()
    expected = forecaster.static_encoding_.encode(values)
    np.testing.assert_allclose(static, expected, rtol=1e-6)
    assert np.unique(static[:, 0]).size == 4  # sizes 0..3, standardised


def test_a_column_cannot_be_both_static_and_a_past_covariate():
    y, X = shaped_panel(n_series=3)
    forecaster = LSTMForecaster(
        static_features=["size"], past_covariates=["size"], **TINY
    )
    with pytest.raises(ValueError, match=r"\['size'\] are named both"):
        forecaster.fit(y, X=X[["size"]], fh=[1])


def test_array_like_static_features_are_stored_and_checked_at_fit():
    y, X = shaped_panel(n_series=3)
    forecaster = LSTMForecaster(static_features=np.array(["size"]), **TINY)
    assert forecaster.get_tag("capability:categorical_in_X")
    with pytest.raises(ValueError, match="'static_features' parameter"):
        forecaster.fit(y, X=X[["size"]], fh=[1])


def test_a_pickled_forecaster_forecasts_alike(fitted):
    forecaster, _, _ = fitted
    restored = pickle.loads(pickle.dumps(forecaster))
    pd.testing.assert_frame_equal(restored.predict(), forecaster.predict())


def test_a_category_unseen_in_pretraining_is_unknown():
    y, X = shaped_panel(n_series=6)
    forecaster = LSTMForecaster(static_features=["shape"], **TINY)
    forecaster.pretrain(y, X=X[["shape"]])

    def forecast(category):
        new = y.loc[["s00"]]
        fitted = forecaster.fit(new, X=X.loc[["s00"], ["shape"]].assign(shape=category))
        return fitted.predict(fh=[1, 2])

    unseen, other_unseen = forecast("zigzag"), forecast("triangle")
    pd.testing.assert_frame_equal(unseen, other_unseen)
    assert not np.allclose(forecast("square"), unseen)
    embedding = forecaster.network_.static_encoder.embeddings[0]
    assert embedding.weight[0].abs().sum() == 0  # unknown: fixed at zero


def test_static_features_must_match_the_pretraining():
    y, X = shaped_panel(n_series=6)
    forecaster = LSTMForecaster(static_features=["shape"], **TINY)
    forecaster.pretrain(y, X=X)
    # set_params would reset the pretraining; an attribute set directly does not
    forecaster.static_features = ["size"]
    with pytest.raises(ValueError, match=r"pretrained with the static features"):
        forecaster.fit(y, X=X[["size"]])


def test_gru_and_probabilistic_heads_take_static_features():
    y, X = shaped_panel(n_series=6)
    forecaster = GRUForecaster(
        static_features=["shape"], loss="normal", n_samples=10, **TINY
    )
    forecaster.fit(y, X=X[["shape"]], fh=[1, 2])
    intervals = forecaster.predict_interval(fh=[1, 2, 3, 4])
    assert (intervals.iloc[:, 1] > intervals.iloc[:, 0]).all()


# -------------------------------------------------- windows, network, rollout
def test_rows_missing_a_target_keep_their_static_columns():
    values = np.array([[1.0, 5.0, 2.0], [np.nan, 6.0, 2.0], [3.0, 7.0, 2.0]])
    windows = make_windows(
        [values], window_length=2, horizon=1, n_targets=1, static=slice(2, 3)
    )
    batch = windows.batch(windows.train_starts)
    assert batch[0, :, 2].tolist() == [2.0, 2.0, 2.0]  # static kept
    assert batch[0, 1, :2].tolist() == [0.0, 0.0]  # the rest zeroed, masked
    contexts = make_contexts([values[:2]], 3, n_targets=1, static=slice(2, 3))
    assert contexts[0, :, 2].tolist() == [0.0, 2.0, 2.0]  # padding, then kept


def test_fed_back_steps_carry_the_static_columns():
    network = RecurrentForecastNetwork(
        "gru", 1, 4, 1, horizon=2, n_exog=1, static_numeric=1, static_categories=(3,)
    )
    layout = network.layout
    contexts = torch.tensor([[[1.0, 0.5, -0.3, 2.0, 1.0]]]).expand(1, 3, 5)
    block = torch.tensor([[[4.0], [5.0]]])
    exog = torch.tensor([[[0.1], [0.2]]])
    fed = feed_back(contexts, block, exog, layout)
    expected = torch.tensor([[-0.3, 2.0]] * 3)
    assert torch.equal(fed[0, :, layout.static], expected)
    assert fed[0, 1:, 0].tolist() == [4.0, 5.0]
    assert fed[0, 1:, layout.exog].ravel().tolist() == pytest.approx([0.1, 0.2])


def test_the_static_encoder_embeds_codes_and_passes_numbers():
    encoder = StaticEncoder(n_numeric=1, cardinalities=(3, 40))
    widths = [e.embedding_dim for e in encoder.embeddings]
    assert widths == [3, 13]
    out = encoder(torch.tensor([[0.7, 2.0, 0.0]]))
    assert out[0, 0].item() == pytest.approx(0.7)
    assert out[0, 1:4].tolist() == encoder.embeddings[0].weight[2].tolist()
    assert out[0, 4:].abs().sum() == 0  # code 0: unknown
