import pytest
import torch

from sktime_lstm.losses import LOSSES, masked_loss


@pytest.mark.parametrize("name", LOSSES)
def test_masked_entries_do_not_count(name):
    pred = torch.zeros(1, 2, 1)
    target = torch.tensor([[[0.5], [1000.0]]])
    observed = torch.tensor([[[1.0], [0.0]]])
    only_first = masked_loss(name, pred[:, :1], target[:, :1], observed[:, :1])
    assert masked_loss(name, pred, target, observed) == only_first


def test_values():
    pred, target, obs = (
        torch.zeros(1, 1, 1),
        torch.full((1, 1, 1), 3.0),
        torch.ones(1, 1, 1),
    )
    assert masked_loss("mse", pred, target, obs).item() == 9.0
    assert masked_loss("mae", pred, target, obs).item() == 3.0
    assert masked_loss("huber", pred, target, obs).item() == 2.5
