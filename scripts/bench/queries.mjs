/**
 * The benchmark's fixed query set: what people reading ML papers type. Topics, methods, phrases with function words
 * ("learning to rank", "attention is all you need") and author names.
 */
export const QUERIES = [
  'diffusion',
  'graph neural network',
  'contrastive learning',
  'reinforcement learning from human feedback',
  'transformer attention',
  'large language models',
  'vision transformer',
  'federated learning',
  'knowledge distillation',
  'neural radiance fields',
  'adversarial examples',
  'variational autoencoder',
  'generative adversarial networks',
  'meta learning',
  'few-shot classification',
  'self-supervised learning',
  'semantic segmentation',
  'object detection',
  'domain adaptation',
  'causal inference',
  'bayesian optimization',
  'gaussian process',
  'differential privacy',
  'multi-armed bandits',
  'policy gradient',
  'stochastic gradient descent',
  'convex optimization',
  'sparse coding',
  'point cloud',
  'monocular depth estimation',
  'image captioning',
  'visual question answering',
  'speech recognition',
  'machine translation',
  'named entity recognition',
  'in-context learning',
  'chain of thought prompting',
  'low-rank adaptation',
  'mixture of experts',
  'neural architecture search',
  'pruning and quantization',
  'optimal transport',
  'normalizing flows',
  'score-based generative models',
  'graph convolutional networks',
  'representation learning',
  'continual learning catastrophic forgetting',
  'out-of-distribution detection',
  'explainability',
  'fairness',
  'kernel methods',
  'topic models',
  'reward model',
  '3d reconstruction',
  'text-to-image',
  'retrieval augmented generation',
  'learning to rank',
  'attention is all you need',
  'Yoshua Bengio',
  'Kaiming He',
  'Sergey Levine',
  'Pieter Abbeel',
  'Fei-Fei Li',
  'Zoubin Ghahramani',
  'Michael Jordan',
  'Bernhard Schölkopf',
];

/**
 * Queries typed key by key for the as-you-type test: a fixed subset, because plain MiniSearch needs seconds per
 * keystroke at 100k papers and every query below is ~20 keystrokes.
 */
export const TYPING_QUERIES = [
  'transformer attention',
  'graph neural network',
  'diffusion',
  'contrastive learning',
  'in-context learning',
  'reinforcement learning from human feedback',
  'neural radiance fields',
  'Sergey Levine',
  'optimal transport',
  'mixture of experts',
  'semantic segmentation',
  'federated learning',
];

/** What the search box holds after each keystroke ("t", "tr", … "transformer a", …), without trailing spaces. */
export function typingSequence(query) {
  const steps = [];
  for (let i = 1; i <= query.length; i++) {
    const typed = query.slice(0, i);
    if (!/\s$/.test(typed)) steps.push(typed);
  }
  return steps;
}
