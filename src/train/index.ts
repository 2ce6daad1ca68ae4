// The learning half of toolgym: losses, advantage estimators, the chat template the built-in
// model is trained with, data builders, and the training loop.
export * from "./advantages/index.js";
export * from "./data/index.js";
export * from "./loop/index.js";
export * from "./losses/index.js";
