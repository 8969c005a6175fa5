import type { QueryEditorProps } from '@grafana/data';
import type { RestateDataSource } from '../datasource';
import type { RestateJsonData, RestateQuery } from '../types';

export function QueryEditor(_props: QueryEditorProps<RestateDataSource, RestateQuery, RestateJsonData>) {
  return null;
}
