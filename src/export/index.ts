// Datasets for the engines real models train on — verl, FTRL's verl fork, OpenRLHF, TRL, the
// OpenAI fine-tuning API — with generated Python glue that calls toolgym's servers.
export {
  EXPORT_FORMATS,
  type ExportedFile,
  type ExportFormat,
  type ExportOptions,
  exportDataset,
} from "./export-dataset.js";
export { writeParquet } from "./parquet.js";
export { preferencePairs, type TrajectoryPair } from "./preference-pairs.js";
export { type TrlMessage, trlMessages } from "./trl/trl-messages.js";
