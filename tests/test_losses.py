import pytest
import torch

from sktime_lstm.distributions import LOSSES, likelihood_for
from sktime_lstm.losses import POINT_LOSSES, masked_loss, pinball

LEVELS = (0.1, 0.5, 0.9)


def _prediction(name):
    """Zero-centred predictions of the right shape for each loss."""
    if name in POINT_LOSSES:
        return torch.zeros(1, 2, 1)
    if name == "quantile":
        return torch.tensor([-1.0, 0.0, 1.0]).expand(1, 2, 1, 3)
    params = [0.0, 1.0] + ([5.0] if name == "student_t" else [])
    return torch.tensor(params).expand(1, 2, 1, len(params))


@pytest.mark.parametrize("name", LOSSES)
def test_masked_entries_do_not_count(name):
    pred = _prediction(name)
    target = torch.tensor([[[0.5], [1000.0]]])
    observed = torch.tensor([[[1.0], [0.0]]])
    first = masked_loss(
        likelihood_for(name, LEVELS),
        pred[:, :1],
        target[:, :1],
        observed[:, :1],
        LEVELS,
    )
    assert (
        masked_loss(likelihood_for(name, LEVELS), pred, target, observed, LEVELS)
        == first
    )


def test_normal_nll_is_minimal_at_the_true_sigma():
    target = torch.randn(1, 4000, 1, generator=torch.Generator().manual_seed(0)) * 2
    losses = [
        masked_loss(
            likelihood_for("normal"),
            torch.tensor([0.0, s]).expand(1, 4000, 1, 2),
            target,
            torch.ones(1, 4000, 1),
        ).item()
        for s in (1.0, 2.0, 4.0)
    ]
    assert losses[1] < losses[0] and losses[1] < losses[2]


def test_pinball_values():
    values = torch.tensor([[-1.0, 0.0, 1.0]])
    target = torch.tensor([2.0])
    # errors 3, 2, 1 weighted by 0.1, 0.5, 0.9
    assert pinball(values, target, LEVELS).item() == pytest.approx(
        (0.3 + 1.0 + 0.9) / 3
    )


def test_values():
    pred, target, obs = (
        torch.zeros(1, 1, 1),
        torch.full((1, 1, 1), 3.0),
        torch.ones(1, 1, 1),
    )
    assert masked_loss(likelihood_for("mse"), pred, target, obs).item() == 9.0
    assert masked_loss(likelihood_for("mae"), pred, target, obs).item() == 3.0
    assert masked_loss(likelihood_for("huber"), pred, target, obs).item() == 2.5


def test_smape_loss_is_the_competition_metric_and_scale_free():
    pred, target = torch.tensor([[[90.0], [0.0]]]), torch.tensor([[[110.0], [0.0]]])
    observed = torch.ones(1, 2, 1)
    # 2 * 20 / 200 on the first step, 0 where both are zero
    assert masked_loss(
        likelihood_for("smape"), pred, target, observed
    ).item() == pytest.approx(0.1)
    scaled = masked_loss(likelihood_for("smape"), pred * 7, target * 7, observed)
    assert scaled.item() == pytest.approx(0.1)


def test_student_t_nll_is_the_negative_log_density():
    generator = torch.Generator().manual_seed(0)
    mu, target = torch.randn(2, 50, 1, generator=generator).unbind(0)
    sigma = torch.rand(50, 1, generator=generator) + 0.1
    df = 2.0 + 10 * torch.rand(50, 1, generator=generator)
    params = torch.stack([mu, sigma, df], dim=-1).unsqueeze(0)
    expected = -torch.distributions.StudentT(df, mu, sigma).log_prob(target).mean()
    loss = masked_loss(
        likelihood_for("student_t"), params, target.unsqueeze(0), torch.ones(1, 50, 1)
    )
    assert loss.item() == pytest.approx(expected.item(), rel=1e-5)
