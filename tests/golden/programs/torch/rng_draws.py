"""Seeded draws of torch's CPU sampling functions across the size regimes (issue 16)."""
import torch
from harness import emit

for seed in (0, 12345):
    torch.manual_seed(seed)
    emit(f"rand_{seed}", torch.rand(3, 5))
    emit(f"rand64_{seed}", torch.rand(7, dtype=torch.float64))
    for n in (1, 15, 16, 17, 100, 1000):  # scalar Box-Muller below 16, 16-lane path from 16
        emit(f"randn_{seed}_{n}", torch.randn(n))
    emit(f"randn64_{seed}", torch.randn(33, dtype=torch.float64))
    emit(f"randint_{seed}", torch.randint(-5, 90, (4, 6)))
    emit(f"randperm_{seed}", torch.randperm(40))
    emit(f"normal_{seed}", torch.normal(2.0, 3.0, size=(50,)))
    emit(f"normal_t_{seed}", torch.normal(torch.arange(20.0), 0.5))
    emit(f"uniform_{seed}", torch.empty(6, 7).uniform_(-2.5, 4.0))
    emit(f"normal__{seed}", torch.empty(9).normal_(1.0, 0.25))
    emit(f"random__{seed}", torch.empty(10, dtype=torch.int64).random_(0, 1000))
    emit(f"bernoulli_{seed}", torch.bernoulli(torch.full((3, 8), 0.3)))
    emit(f"bernoulli__{seed}", torch.empty(24).bernoulli_(0.7))
    emit(f"exponential_{seed}", torch.empty(12).exponential_(1.5))
    emit(f"multinomial_r_{seed}", torch.multinomial(torch.tensor([0.1, 0.2, 0.3, 0.4]), 12, replacement=True))
    emit(f"multinomial_{seed}", torch.multinomial(torch.tensor([[0.1, 0.2, 0.3, 0.4], [1.0, 1.0, 1.0, 1.0]]), 3))
    emit(f"state_{seed}", torch.get_rng_state())

g = torch.Generator().manual_seed(99)
emit("gen_rand", torch.rand(4, generator=g))
state = g.get_state()
a = torch.randn(5, generator=g)
g.set_state(state)
emit("gen_replay", torch.equal(a, torch.randn(5, generator=g)))
emit("gen_seed", g.initial_seed())
emit("default_gen_seed", torch.Generator().initial_seed())
torch.manual_seed(3)
with torch.random.fork_rng():
    torch.rand(100)
emit("fork_rng", torch.rand(3))
