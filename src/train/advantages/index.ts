export * from "./advantage-fn.js";
export * from "./group-relative-advantages.js";
export * from "./reinforce-pp-advantages.js";
