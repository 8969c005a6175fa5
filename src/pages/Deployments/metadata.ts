import { nextRowId, recordOf } from './keyValueRows';

/** One key/value row of a deployment's metadata in the register form. */
export interface MetadataRow {
  id: number;
  key: string;
  value: string;
}

export interface MetadataRowErrors {
  key?: string;
  value?: string;
}

export function newMetadataRow(key = '', value = ''): MetadataRow {
  return { id: nextRowId(), key, value };
}

const CONTROL = /[\u0000-\u001f\u007f]/;
export const MAX_METADATA_LENGTH = 1024;

/**
 * Checks metadata rows: a row with a value needs a key, keys are unique (after trimming), and neither may hold
 * line breaks or other control characters. Empty rows are ignored.
 */
export function validateMetadata(rows: MetadataRow[]): Record<number, MetadataRowErrors> {
  const errors: Record<number, MetadataRowErrors> = {};
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = row.key.trim();
    const e: MetadataRowErrors = {};
    if (!key && row.value) {
      e.key = 'Give this value a key, or clear the row.';
    } else if (CONTROL.test(row.key)) {
      e.key = 'Keys cannot contain line breaks or control characters.';
    } else if (key.length > MAX_METADATA_LENGTH) {
      e.key = `At most ${MAX_METADATA_LENGTH} characters.`;
    } else if (key && seen.has(key)) {
      e.key = `“${key}” is given twice: each key once.`;
    }
    if (CONTROL.test(row.value)) {
      e.value = 'Values cannot contain line breaks or control characters.';
    } else if (row.value.length > MAX_METADATA_LENGTH) {
      e.value = `At most ${MAX_METADATA_LENGTH} characters.`;
    }
    if (key) {
      seen.set(key, row.id);
    }
    if (e.key || e.value) {
      errors[row.id] = e;
    }
  }
  return errors;
}

/** The metadata object to send (rows without a key left out). */
export function metadataOf(rows: MetadataRow[]): Record<string, string> {
  return recordOf(rows, 'key');
}
