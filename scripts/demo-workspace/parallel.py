"""Splitting a long sequence across devices.

ZeCO (arXiv:2507.01004) removes the communication overhead of sequence parallelism for linear attention;
MegaScale (arXiv:2402.15627) reports what training on more than 10,000 GPUs takes.
WebShaper (arXiv:2507.15061) is on the recorded Hugging Face day sample.
"""


def split_sequence(tokens, devices):
    """Contiguous chunks, one per device, the last one taking the remainder."""
    size = max(1, len(tokens) // devices)
    chunks = [tokens[i * size:(i + 1) * size] for i in range(devices - 1)]
    chunks.append(tokens[(devices - 1) * size:])
    return chunks


if __name__ == "__main__":
    print(split_sequence(list(range(10)), 3))
