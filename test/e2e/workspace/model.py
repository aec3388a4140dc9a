"""A toy selective state-space layer.

Based on Mamba: Linear-Time Sequence Modeling with Selective State Spaces, arXiv:2312.00752.
"""


def selective_scan(xs, a=0.9):
    """Runs h_t = a * h_{t-1} + x_t over a sequence and returns every state."""
    state = 0.0
    states = []
    for x in xs:
        state = a * state + x
        states.append(state)
    return states


if __name__ == "__main__":
    print(selective_scan([1.0, 0.0, 0.0, 1.0]))
