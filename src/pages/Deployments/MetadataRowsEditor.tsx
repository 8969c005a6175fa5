import React from 'react';
import { KeyValueRowsEditor, type KeyValueWords, type RowsEditorProps } from './KeyValueRowsEditor';
import { newMetadataRow, type MetadataRow } from './metadata';

const METADATA_WORDS: KeyValueWords<'key'> = {
  keyField: 'key',
  noun: 'Metadata',
  item: 'metadata',
  keyLabel: 'Key',
  keyPlaceholder: 'team',
  valueLabel: 'Value',
  valuePlaceholder: 'payments',
};

/** Deployment metadata as key/value rows (not secret: shown to every role with the deployment). */
export function MetadataRowsEditor(props: RowsEditorProps<'key', MetadataRow>) {
  return <KeyValueRowsEditor words={METADATA_WORDS} newRow={() => newMetadataRow()} {...props} />;
}
