import { DataSourcePlugin } from '@grafana/data';
import { RestateDataSource } from './datasource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import type { RestateJsonData, RestateQuery, RestateSecureJsonData } from '../model/datasource';

export const plugin = new DataSourcePlugin<RestateDataSource, RestateQuery, RestateJsonData, RestateSecureJsonData>(
  RestateDataSource
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
