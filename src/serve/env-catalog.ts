import { ConfigError, type EnvironmentRecord } from "../core/index.js";
import { HttpError } from "./http/http-error.js";

/** The environments a server serves, by id and by position in their file. */
export class EnvCatalog {
  readonly records: readonly EnvironmentRecord[];
  private readonly byId: ReadonlyMap<string, EnvironmentRecord>;

  constructor(records: readonly EnvironmentRecord[]) {
    if (records.length === 0) throw new ConfigError("--envs", "holds no environments");
    const byId = new Map<string, EnvironmentRecord>();
    for (const record of records) {
      if (byId.has(record.id)) {
        throw new ConfigError("--envs", `environment id "${record.id}" appears more than once`);
      }
      byId.set(record.id, record);
    }
    this.records = records;
    this.byId = byId;
  }

  get size(): number {
    return this.records.length;
  }

  /** The record with this id; a 404 naming `field` when there is none. */
  get(id: string, field: string): EnvironmentRecord {
    const record = this.byId.get(id);
    if (record === undefined) {
      throw new HttpError(404, `unknown environment id ${JSON.stringify(id)}`, field);
    }
    return record;
  }

  /** The record at this position of the file; a 404 naming `field` when out of range. */
  at(index: number, field: string): EnvironmentRecord {
    const record = this.records[index];
    if (record === undefined) {
      throw new HttpError(404, `no environment at index ${index} (there are ${this.size})`, field);
    }
    return record;
  }
}
