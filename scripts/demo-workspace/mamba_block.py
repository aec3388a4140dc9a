"""A toy selective state-space block.

After Mamba: Linear-Time Sequence Modeling with Selective State Spaces, arXiv:2312.00752.
Hybrid layouts follow LASP-2 (arXiv:2502.07563).
"""


def selective_scan(xs, gates, a=0.9):
    """h_t = a * g_t * h_{t-1} + x_t: the input decides how much of the past to keep (arXiv:2312.00752, section 3)."""
    state = 0.0
    states = []
    for x, g in zip(xs, gates):
        state = a * g * state + x
        states.append(state)
    return states


def mamba_block(xs):
    # Gate from the input itself: the "selection" that makes the scan content-aware.
    gates = [1.0 if abs(x) > 0.5 else 0.1 for x in xs]
    return selective_scan(xs, gates)


if __name__ == "__main__":
    print(mamba_block([1.0, 0.0, 0.0, 1.0]))
