// Datasets for the engines real models train on — verl, FTRL's verl fork, OpenRLHF, TRL, the
// OpenAI fine-tuning API — with generated Python glue that calls toolgym's servers.
export * from "./export-dataset.js";
export * from "./export-format.js";
export * from "./preference-pairs.js";
export * from "./trl/trl-messages.js";
export * from "./write-parquet.js";
